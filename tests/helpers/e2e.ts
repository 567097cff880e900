import { expect } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FakeAws } from "../fake-aws/server.ts";
import { useFakeAws } from "./fake.ts";
import { awsEnv, dumpEnvCommand, readEnvDump, runBinary, scratchDir } from "./run.ts";

/**
 * What most end-to-end test files need: one local fake AWS reset before each
 * test, fresh secret names, and a run of `env-secrets aws -s ... -- <dump env>`
 * whose child writes its environment to a file (so values never pass through
 * env-secrets' own output, which the canary check watches).
 */
export function useSecretRuns(namespace: string) {
  const fake = useFakeAws();
  let counter = 0;

  /** A fresh secret name per call, so tests never see each other's secrets. */
  function secretName(label: string): string {
    return `${namespace}/${label}-${++counter}`;
  }

  async function run(secrets: string[], extraArgs: string[] = [], env: Record<string, string | undefined> = {}) {
    const dump = join(scratchDir(), "env");
    const result = await runBinary(["aws", ...secrets.flatMap((s) => ["-s", s]), ...extraArgs, "--", ...dumpEnvCommand(dump)], {
      env: awsEnv(fake().url, env),
    });
    return { ...result, childRan: existsSync(dump), childEnv: () => readEnvDump(dump) };
  }

  /** The run fails closed: exit 125, the child never ran, and stderr is exactly these lines. */
  async function expectFailure(secrets: string[], lines: Array<string | RegExp>, extraArgs: string[] = [], env: Record<string, string | undefined> = {}) {
    const result = await run(secrets, extraArgs, env);
    expect(result.childRan).toBe(false);
    expect(result.exitCode).toBe(125);
    const printed = result.stderr.replace(/\n$/, "").split("\n");
    expect(printed).toHaveLength(lines.length);
    lines.forEach((line, i) => {
      if (typeof line === "string") expect(printed[i]).toBe(line);
      else expect(printed[i]).toMatch(line);
    });
    return result;
  }

  return { fake: fake as () => FakeAws, secretName, run, expectFailure };
}
