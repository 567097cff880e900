/**
 * `--exec`: env-secrets replaces itself with the program (execve), so the
 * program runs under env-secrets' PID with nothing resident in between,
 * signals go straight to it, and a failing execve is reported like the spawn
 * path (126/127), never as a silent success.
 */
import { beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPath } from "../helpers/binary.ts";
import { canary } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { startBinary, waitFor } from "../helpers/process.ts";
import { awsEnv, dumpEnvCommand, readEnvDump, runBinary, scratchDir } from "../helpers/run.ts";

// Processes and a fake AWS on a busy 2-core machine: give every test room.
setDefaultTimeout(60_000);
const fake = useFakeAws();
const SECRET = "exec/app";
let token: string;

beforeEach(() => {
  token = canary("exec");
  fake().seed({ name: SECRET, secretString: JSON.stringify({ EXEC_TOKEN: token }) });
});

const execArgs = (command: string[]) => ["aws", "-s", SECRET, "--exec", "--", ...command];

describe("--exec replaces env-secrets", () => {
  test("the program gets the secrets, its arguments untouched", async () => {
    const dir = scratchDir();
    const dump = join(dir, "env");
    const result = await runBinary(execArgs([...dumpEnvCommand(dump), "--help", "-s"]), { env: awsEnv(fake().url, { KEPT: "yes" }) });
    expect([result.exitCode, result.stderr]).toEqual([0, ""]);
    const env = readEnvDump(dump);
    expect(env.EXEC_TOKEN).toBe(token);
    expect(env.KEPT).toBe("yes");
    const args = await runBinary(execArgs(["sh", "-c", 'printf "%s|" "$0" "$@"', "zero", "--help", "-s", "a b", ""]), {
      env: awsEnv(fake().url),
    });
    expect(args.stdout).toBe("zero|--help|-s|a b||");
  });

  test("same PID, and that PID now is the program: no env-secrets process is left", async () => {
    const dir = scratchDir();
    const run = startBinary(execArgs(["sh", "-c", 'echo $$ > "$1/ready"; exec sleep 60', "sh", dir]), { env: awsEnv(fake().url) });
    await waitFor("the program to run", () => existsSync(join(dir, "ready")));
    // The shell wrote its own PID, then exec'd sleep: all under the PID we started env-secrets with.
    expect(Number(readFileSync(join(dir, "ready"), "utf8"))).toBe(run.proc.pid);
    await waitFor("sleep to replace the shell", () => readFileSync(`/proc/${run.proc.pid}/comm`, "utf8") === "sleep\n");
    expect(realpathSync(`/proc/${run.proc.pid}/exe`)).not.toBe(realpathSync(binaryPath()));
    run.proc.kill("SIGTERM");
    const result = await run.finish();
    // Straight to the program: sleep died of the signal itself, nothing re-raised it.
    expect([result.exitCode, result.signal, result.stderr]).toEqual([null, "SIGTERM", ""]);
  });

  test("the program gets stdout and stderr in blocking mode, also with --debug output written before the exec", async () => {
    // O_NONBLOCK lives on the open file shared with whoever started env-secrets:
    // a program writing much to a non-blocking pipe can fail with EAGAIN.
    const flags = ["sh", "-c", 'grep "^flags" /proc/self/fdinfo/1 /proc/self/fdinfo/2'];
    for (const extra of [[], ["--debug"]]) {
      const result = await runBinary(["aws", "-s", SECRET, ...extra, "--exec", "--", ...flags], { env: awsEnv(fake().url) });
      expect(result.exitCode).toBe(0);
      const octal = result.stdout.trim().split("\n").map((line) => Number.parseInt(line.split(/\s+/).pop()!, 8));
      expect(octal).toHaveLength(2);
      // O_NONBLOCK is 04000 on Linux.
      for (const value of octal) expect(value & 0o4000).toBe(0);
    }
  });

  test("the program starts with default signal dispositions, an empty mask and env-secrets' file descriptors", async () => {
    const signals = await runBinary(execArgs(["grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"]), { env: awsEnv(fake().url) });
    // Bun ignores SIGPIPE and SIGXFSZ; a program inheriting that would not die on a closed pipe.
    expect([signals.exitCode, signals.stdout]).toEqual([0, "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n"]);
    const fds = await runBinary(execArgs(["ls", "/proc/self/fd"]), { env: awsEnv(fake().url) });
    // 0-2 from the caller, 3 is ls's own listing of the directory: nothing of env-secrets leaks.
    expect([fds.exitCode, fds.stdout]).toEqual([0, "0\n1\n2\n3\n"]);
  });

  test("exit codes pass through as the program's own", async () => {
    for (const code of [0, 42]) {
      const result = await runBinary(execArgs(["sh", "-c", `exit ${code}`]), { env: awsEnv(fake().url) });
      expect([result.exitCode, result.signal]).toEqual([code, null]);
    }
  });
});

describe("--exec errors", () => {
  test("a command that does not exist: 127 and the same message as without --exec", async () => {
    const result = await runBinary(execArgs(["no-such-command-here"]), { env: awsEnv(fake().url) });
    expect([result.exitCode, result.stderr]).toEqual([
      127,
      "env-secrets: no-such-command-here: command not found — check the name and the PATH it is looked up in\n",
    ]);
  });

  test("execve itself failing (not a program for this machine) is 126 with the reason", async () => {
    const dir = scratchDir();
    const file = join(dir, "not-a-program");
    writeFileSync(file, "echo no shebang\n");
    chmodSync(file, 0o755);
    const result = await runBinary(execArgs([file]), { env: awsEnv(fake().url) });
    expect([result.exitCode, result.stderr]).toEqual([
      126,
      `env-secrets: ${file}: cannot execute: ENOEXEC — not a program for this machine, or a script without a #! line (run it with its interpreter, e.g. -- sh script)\n`,
    ]);
  });

  test("a script whose interpreter is missing is 127 with the reason", async () => {
    const dir = scratchDir();
    const file = join(dir, "bad-interpreter");
    writeFileSync(file, "#!/no/such/interpreter\n");
    chmodSync(file, 0o755);
    for (const mode of [["--exec"], []]) {
      const result = await runBinary(["aws", "-s", SECRET, ...mode, "--", file], { env: awsEnv(fake().url) });
      expect([result.exitCode, result.stderr]).toEqual([
        127,
        `env-secrets: ${file}: cannot execute: ENOENT — the file exists, but the interpreter on its #! line (or its loader) was not found\n`,
      ]);
    }
  });

  test("--exec without a command is a usage error", async () => {
    const result = await runBinary(["aws", "-s", SECRET, "--exec"], { env: awsEnv(fake().url) });
    expect([result.exitCode, result.stderr]).toEqual([
      2,
      "env-secrets: nothing to do: no command given — put the command after --: env-secrets aws -s <secret> -- <command>, or write the variables out with -o <file> or --format <format>\n",
    ]);
  });

  test("--exec with an output option instead of a command is a usage error", async () => {
    const result = await runBinary(["aws", "-s", SECRET, "--exec", "--format", "json"], { env: awsEnv(fake().url) });
    expect([result.exitCode, result.stderr]).toEqual([2, "env-secrets: --exec needs a command to run — drop --exec when writing the variables out\n"]);
  });

  test("secrets that cannot be fetched: nothing is exec'd (fail closed)", async () => {
    const dir = scratchDir();
    const result = await runBinary(["aws", "-s", "exec/missing", "--exec", "--", "sh", "-c", 'touch "$1/ran"', "sh", dir], {
      env: awsEnv(fake().url),
    });
    expect(result.exitCode).toBe(125);
    expect(existsSync(join(dir, "ran"))).toBe(false);
  });
});
