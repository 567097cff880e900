/**
 * A core file of env-secrets would hold every value it fetched. Whatever kills
 * the supervising process while the program runs (SIGSEGV, SIGABRT and the
 * other signals whose default action dumps core), with `ulimit -c unlimited`,
 * no core file may appear, and the program keeps the core limit it was given.
 * Linux only (PR_SET_DUMPABLE).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { binaryPath } from "../helpers/binary.ts";
import { canary } from "../helpers/canary.ts";
import { useSecretRuns } from "../helpers/e2e.ts";
import { startProcess, waitFor } from "../helpers/process.ts";
import { awsEnv, scratchDir } from "../helpers/run.ts";
import { envWith } from "../helpers/env.ts";

const { fake, secretName } = useSecretRuns("cores");
const linux = process.platform === "linux";

/**
 * Whether a crashing process writes its core file into its working directory
 * here: core_pattern must be a plain file name (not a pipe to a crash
 * collector, not an absolute path), and a control process must leave one.
 */
async function coresLandInWorkingDirectory(): Promise<boolean> {
  if (!linux) return false;
  const pattern = readFileSync("/proc/sys/kernel/core_pattern", "utf8").trim();
  if (pattern.startsWith("|") || pattern.includes("/")) return false;
  const dir = scratchDir();
  const control = Bun.spawn({ cmd: ["sh", "-c", 'ulimit -c unlimited 2>/dev/null && cd "$1" && exec sleep 10', "sh", dir] });
  await Bun.sleep(200);
  control.kill("SIGSEGV");
  await control.exited;
  return readdirSync(dir).length > 0;
}

const cores = await coresLandInWorkingDirectory();
const canSwitchUser = linux && process.getuid?.() === 0 && Bun.which("setpriv") !== null;

/** Processes a test leaves behind (the program outlives a killed supervisor). */
const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

/**
 * Starts `env-secrets aws -s <secret> -- sh -c <program>` from a shell that
 * first raises the core limit, in `dir`, and waits until the program runs
 * (it writes its pid to `dir/program-pid`). `prefix` runs it as another user.
 */
async function startSupervised(dir: string, program: string, prefix: string[] = [], binary = binaryPath()) {
  const name = secretName("value");
  fake().seed({ name, secretString: JSON.stringify({ CORE_TOKEN: canary("core-token") }) });
  const script = 'ulimit -c unlimited && cd "$1" && shift && exec "$@"';
  const started = startProcess([...prefix, "sh", "-c", script, "sh", dir, binary, "aws", "-s", name, "--", "sh", "-c", `echo $$ > program-pid; ${program}`], {
    env: envWith(awsEnv(fake().url)),
  });
  await waitFor("the program to start", () => existsSync(join(dir, "program-pid")) && readFileSync(join(dir, "program-pid"), "utf8").endsWith("\n"));
  const programPid = Number(readFileSync(join(dir, "program-pid"), "utf8"));
  leftovers.push(programPid);
  return { started, programPid };
}

const DUMPING_SIGNALS = ["SIGSEGV", "SIGABRT", "SIGBUS", "SIGFPE", "SIGILL", "SIGTRAP", "SIGSYS", "SIGXCPU"] as const;

describe.if(cores)("no core file when the supervising process is killed by a signal that dumps core", () => {
  for (const signal of DUMPING_SIGNALS) {
    test(`${signal}, with ulimit -c unlimited: no core file, and the program's own limit unchanged`, async () => {
      const dir = scratchDir();
      const { started, programPid } = await startSupervised(dir, "ulimit -c > program-limit; exec sleep 30");
      process.kill(started.proc.pid, signal);
      await started.proc.exited;
      // The orphaned program holds the output pipes open.
      process.kill(programPid, "SIGKILL");
      const result = await started.finish();
      expect(result.signal).toBe(signal);
      // Nothing but what the program wrote: no core, core.<pid> or the like.
      expect(readdirSync(dir).sort()).toEqual(["program-limit", "program-pid"]);
      expect(readFileSync(join(dir, "program-limit"), "utf8")).toBe("unlimited\n");
    });
  }
});

if (!cores) test.skip("needs Linux with core_pattern writing core files into the working directory (not a pipe to a crash collector)", () => {});

describe.if(canSwitchUser)("dumpable flag, as another user sees it through /proc", () => {
  test("env-secrets is not dumpable while the program runs (its /proc files belong to root); the program is", async () => {
    const uid = 48152;
    const dir = scratchDir();
    chmodSync(dir, 0o777);
    const binary = join(dir, "env-secrets");
    copyFileSync(binaryPath(), binary);
    chmodSync(binary, 0o755);
    const { started, programPid } = await startSupervised(dir, "exec sleep 30", ["setpriv", "--reuid", String(uid), "--regid", String(uid), "--clear-groups"], binary);
    try {
      const supervisor = Number(readFileSync(`/proc/${programPid}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
      expect(readFileSync(`/proc/${supervisor}/comm`, "utf8")).toBe("env-secrets\n");
      // A process that is not dumpable has its /proc files owned by root: no core, no ptrace, no /proc/<pid>/mem for its own user.
      expect(statSync(`/proc/${supervisor}/environ`).uid).toBe(0);
      // execve makes the program dumpable again: it is left exactly as a direct start would leave it.
      expect(statSync(`/proc/${programPid}/environ`).uid).toBe(uid);
    } finally {
      process.kill(programPid, "SIGTERM");
      await started.finish();
    }
  });
});

if (!canSwitchUser) test.skip("needs Linux, root and setpriv (Debian package util-linux) to look at env-secrets as another user", () => {});
