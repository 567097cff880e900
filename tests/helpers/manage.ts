import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FakeAws } from "../fake-aws/server.ts";
import { useFakeAws } from "./fake.ts";
import { awsEnv, type RunOptions, runBinary, scratchDir } from "./run.ts";

/**
 * What the end-to-end tests of `env-secrets aws secret …` and `aws policy`
 * share: one fake AWS (reset before each test by useFakeAws), fresh secret
 * names, and a way to run one command of the binary against it.
 */
export function useSecretCommands(namespace: string) {
  const fake = useFakeAws();
  let counter = 0;

  function secretName(label: string): string {
    return `${namespace}/${label}-${++counter}`;
  }

  /** `env-secrets aws secret <args>` (or `aws <args>` when args start with "policy" or "-s"). */
  function run(args: string[], options: RunOptions = {}) {
    const head = args[0] === "policy" || args[0] === "-s" ? ["aws"] : ["aws", "secret"];
    return runBinary([...head, ...args], { ...options, env: awsEnv(fake().url, options.env) });
  }

  /** A file in a fresh scratch directory. */
  function file(name: string, content: string): string {
    const path = join(scratchDir(), name);
    writeFileSync(path, content);
    return path;
  }

  /** The current value the fake holds for a secret, as text. */
  function stored(name: string): string | undefined {
    const value = fake().inspect(name)?.current?.value;
    return value === undefined ? undefined : typeof value === "string" ? value : new TextDecoder().decode(value);
  }

  /** Operations of the request record, in order. */
  function operations(): string[] {
    return fake().requests.map((r) => r.operation);
  }

  return { fake: fake as () => FakeAws, secretName, run, file, stored, operations };
}
