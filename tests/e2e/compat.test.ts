/**
 * Command lines written for env-secrets 0.7 keep working where that is safe:
 * --no-shell accepted, the program without --, --shell on request, and the
 * words that name commands right after aws.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canary } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { startBinary } from "../helpers/process.ts";
import { awsEnv, dumpEnvCommand, readEnvDump, runBinary, scratchDir } from "../helpers/run.ts";

setDefaultTimeout(60_000);
const fake = useFakeAws();
let counter = 0;

/** A fresh secret holding one canary variable. */
function seedSecret(label: string): { name: string; value: string } {
  const name = `compat/${label}-${++counter}`;
  const value = canary(label);
  fake().seed({ name, secretString: JSON.stringify({ COMPAT_VALUE: value }) });
  return { name, value };
}

const run = (args: string[], env: Record<string, string | undefined> = {}, cwd?: string) => runBinary(args, { env: awsEnv(fake().url, env), cwd });

describe("--no-shell", () => {
  test("is accepted and changes nothing: the program runs directly, its exit status comes back", async () => {
    const { name } = seedSecret("no-shell");
    const result = await run(["aws", "-s", name, "--no-shell", "--", "sh", "-c", "exit 42"]);
    expect([result.exitCode, result.stderr]).toEqual([42, ""]);
  });

  test("is listed in the help as kept for compatibility", async () => {
    const help = await runBinary(["aws", "--help"]);
    expect(help.stdout.replace(/\s+/g, " ")).toMatch(/--no-shell Kept for compatibility with env-secrets 0\.7/);
  });
});

describe("the program without --", () => {
  test("options end at the program's name: nothing after it is parsed", async () => {
    const { name } = seedSecret("operand");
    const result = await run(["aws", "-s", name, "printf", "%s", "--debug"]);
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, "--debug", ""]);
  });

  test("options after the program's name reach the program, and so do its variables", async () => {
    const { name, value } = seedSecret("argv");
    const dump = join(scratchDir(), "env");
    const result = await run(["aws", "-s", name, "sh", "-c", 'printf "%s\\n" "$@"; env -0 > "$0"', dump, "--port", "3000", "-s", "x"]);
    expect([result.exitCode, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toBe("--port\n3000\n-s\nx\n");
    expect(readEnvDump(dump).COMPAT_VALUE).toBe(value);
  });

  test("node app.js --port 3000: the options after the script arrive in its argv", async () => {
    const { name } = seedSecret("node");
    const app = join(scratchDir(), "app.js");
    writeFileSync(app, "process.stdout.write(process.argv.slice(2).join(' '));\n");
    const result = await run(["aws", "-s", name, "node", app, "--port", "3000"]);
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, "--port 3000", ""]);
  });

  test("an option that takes a value takes the next word: -s true names a secret called true", async () => {
    fake().seed({ name: "true", secretString: JSON.stringify({ NAMED_TRUE: canary("true") }) });
    const result = await run(["aws", "-s", "true", "true"]);
    expect([result.exitCode, result.stderr]).toEqual([0, ""]);
    expect(fake().requests.map((request) => [request.operation, request.secretIds])).toEqual([["GetSecretValue", ["true"]]]);
  });

  test("-- is still the unambiguous form, and everything after it is the program's", async () => {
    const { name } = seedSecret("dashes");
    const result = await run(["aws", "-s", name, "--", "printf", "%s|", "--", "--help"]);
    expect([result.exitCode, result.stdout]).toEqual([0, "--|--help|"]);
  });

  test("the config-file form follows the same rule", async () => {
    const { name, value } = seedSecret("config-form");
    const cwd = scratchDir();
    writeFileSync(join(cwd, ".env-secrets.yml"), `provider: aws\nsecrets:\n  - name: ${name}\n`);
    const dump = join(cwd, "env");
    const optionsFirst = await run(["--quiet", ...dumpEnvCommand(dump), "--debug"], {}, cwd);
    expect([optionsFirst.exitCode, optionsFirst.stderr]).toEqual([0, ""]);
    expect(readEnvDump(dump).COMPAT_VALUE).toBe(value);
    const programFirst = await run(["printf", "%s", "--debug"], {}, cwd);
    expect([programFirst.exitCode, programFirst.stdout, programFirst.stderr]).toEqual([0, "--debug", ""]);
  });

  test("secret and policy right after aws name its commands; a program of that name goes after --", async () => {
    const { name } = seedSecret("reserved");
    const secretList = await run(["aws", "secret", "list", "--output", "json"]);
    expect(secretList.exitCode).toBe(0);
    expect((JSON.parse(secretList.stdout) as Array<{ name: string }>).map((entry) => entry.name)).toContain(name);
    const policyList = await run(["aws", "policy", "list"]);
    expect([policyList.exitCode, policyList.stderr]).toEqual([2, "env-secrets: unexpected argument 'list' — see 'env-secrets aws policy --help'\n"]);
    fake().clearRequests();
    const bin = scratchDir();
    writeFileSync(join(bin, "secret"), "#!/bin/sh\nprintf 'program secret: %s' \"$*\"\n");
    chmodSync(join(bin, "secret"), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const afterDashes = await run(["aws", "-s", name, "--", "secret", "list"], env);
    expect([afterDashes.exitCode, afterDashes.stdout]).toEqual([0, "program secret: list"]);
    const afterOptions = await run(["aws", "-s", name, "secret", "list"], env);
    expect([afterOptions.exitCode, afterOptions.stdout]).toEqual([0, "program secret: list"]);
    expect(fake().requests.filter((request) => request.operation !== "GetSecretValue")).toEqual([]);
  });
});

describe("--shell", () => {
  test("runs the words joined with spaces through /bin/sh -c, which sees the secrets", async () => {
    const { name } = seedSecret("shell");
    const result = await run(["aws", "-s", name, "--shell", "--", "test", "-n", '"$COMPAT_VALUE"', "&&", "echo", "set", "|", "tr", "a-z", "A-Z"]);
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, "SET\n", ""]);
    const quoted = await run(["aws", "-s", name, "--shell", "echo 'one  two' && exit 7"]);
    expect([quoted.exitCode, quoted.stdout]).toEqual([7, "one  two\n"]);
  });

  test("without --shell no shell is used: shell syntax is the program's name", async () => {
    const { name } = seedSecret("no-shell-syntax");
    const result = await run(["aws", "-s", name, "--", "echo hi && true"]);
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toBe("env-secrets: echo hi && true: command not found — check the name and the PATH it is looked up in\n");
  });

  test("the shell's exit and signal are the program's", async () => {
    const { name } = seedSecret("shell-signal");
    const killed = await run(["aws", "-s", name, "--shell", "--", "kill -TERM $$"]);
    expect(killed.exitCode === 143 || killed.signal === "SIGTERM").toBe(true);
  });

  test("with --exec, env-secrets execs the shell: same PID", async () => {
    const { name } = seedSecret("shell-exec");
    const started = startBinary(["aws", "-s", name, "--shell", "--exec", "--", "echo", "$$"], { env: awsEnv(fake().url) });
    const result = await started.finish();
    expect([result.exitCode, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toBe(`${started.proc.pid}\n`);
  });

  test("--shell with --no-shell, or without a command, is a usage error", async () => {
    const { name } = seedSecret("shell-usage");
    const both = await run(["aws", "-s", name, "--shell", "--no-shell", "--", "true"]);
    expect([both.exitCode, both.stderr]).toEqual([125, "env-secrets: --shell and --no-shell cannot be combined — --no-shell is the default; drop one of them\n"]);
    const noCommand = await run(["aws", "-s", name, "--shell", "--format", "json"]);
    expect([noCommand.exitCode, noCommand.stderr]).toEqual([2, "env-secrets: --shell needs a command to run — drop --shell when writing the variables out\n"]);
    expect(fake().requests).toEqual([]);
  });
});
