/**
 * env-secrets as PID 1, as in a container: the kernel gives PID 1 no default
 * signal actions, so forwarding must still work; orphans re-parented to it
 * must be reaped; and reaping must never take the main child's exit status.
 */
import { beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { canary } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { asPid1, canCreatePidNamespace, childrenOf, NAMESPACE_SKIP_REASON, namespaceInit } from "../helpers/namespace.ts";
import { loggedSignals, signalChildCommand, startBinary, waitFor } from "../helpers/process.ts";
import { awsEnv, scratchDir } from "../helpers/run.ts";
import { noteSkip } from "../helpers/skips.ts";

// Processes and a fake AWS on a busy 2-core machine: give every test room.
setDefaultTimeout(60_000);
const fake = useFakeAws();
const SECRET = "pid1/app";

beforeEach(() => {
  fake().seed({ name: SECRET, secretString: JSON.stringify({ PID1_TOKEN: canary("pid1") }) });
});

if (!canCreatePidNamespace) noteSkip(import.meta.path, NAMESPACE_SKIP_REASON);

function startAsPid1(command: string[]) {
  return startBinary(["aws", "-s", SECRET, "--", ...command], { env: awsEnv(fake().url), prefix: asPid1() });
}

describe.skipIf(!canCreatePidNamespace)("as PID 1 of a PID namespace", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    test(`${signal} is forwarded to the child and its exit status comes back`, async () => {
      const dir = scratchDir();
      const run = startAsPid1(signalChildCommand(dir, "exit"));
      const init = await namespaceInit(run.proc.pid);
      await waitFor("the child to be ready", () => existsSync(join(dir, "ready")));
      process.kill(init, signal);
      const result = await run.finish();
      expect(loggedSignals(dir)).toEqual([signal]);
      // unshare passes PID 1's exit code on.
      expect([result.exitCode, result.stderr]).toEqual([signal === "SIGTERM" ? 115 : 102, ""]);
    });
  }

  test("a child killed by the forwarded SIGTERM: PID 1 cannot die of it, so it exits 143", async () => {
    const dir = scratchDir();
    const run = startAsPid1(["sh", "-c", 'echo $$ > "$1/ready"; exec sleep 60', "sh", dir]);
    const init = await namespaceInit(run.proc.pid);
    await waitFor("the child to be ready", () => existsSync(join(dir, "ready")));
    process.kill(init, "SIGTERM");
    const result = await run.finish();
    expect([result.exitCode, result.signal, result.stderr]).toEqual([143, null, ""]);
  });

  test("orphaned grandchildren are reaped: no zombie stays behind while the child runs", async () => {
    const dir = scratchDir();
    // The subshell starts a short-lived grandchild and exits at once, so the
    // grandchild is re-parented to PID 1 and becomes its zombie when it ends.
    const child = '( sleep 0.2 & ); ( sleep 0.2 & ); echo $$ > "$1/ready"; exec sleep 60';
    const run = startAsPid1(["sh", "-c", child, "sh", dir]);
    const init = await namespaceInit(run.proc.pid);
    await waitFor("the child to be ready", () => existsSync(join(dir, "ready")));
    await waitFor("the orphans to be re-parented to PID 1", () => childrenOf(init).length === 3, 10_000).catch(() => {
      // They may already have ended and been reaped: the next check still holds.
    });
    await waitFor("PID 1 to reap its orphans", () => childrenOf(init).length === 1, 10_000);
    const [main] = childrenOf(init);
    expect(main?.state).not.toBe("Z");
    process.kill(init, "SIGTERM");
    const result = await run.finish();
    expect([result.exitCode, result.stderr]).toEqual([143, ""]);
  });

  test("reaping orphans never takes the main child's exit status", async () => {
    for (let round = 0; round < 3; round++) {
      // Orphans end around the same moment as the main child, which exits 42.
      const child = "for i in 1 2 3 4 5; do ( sleep 0.$i & ); done; sleep 0.3; exit 42";
      const result = await startAsPid1(["sh", "-c", child]).finish();
      expect([result.exitCode, result.stderr]).toEqual([42, ""]);
    }
  });
});
