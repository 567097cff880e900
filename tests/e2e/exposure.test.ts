/**
 * Values go into the program's environment and nowhere else: not the process
 * list, not env-secrets' own environment, not its output on error paths, and
 * in GitHub Actions the runner is told to mask them. runBinary fails any test
 * whose env-secrets stdout/stderr contains a canary.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canary, leakedCanaries, multilineCanary, registerCanary } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { awsEnv, runBinary, scratchDir } from "../helpers/run.ts";

setDefaultTimeout(60_000);
const fake = useFakeAws();
let counter = 0;
const secretName = (label: string) => `exposure/${label}-${++counter}`;

describe("GitHub Actions masking", () => {
  test("with GITHUB_ACTIONS=true, every line of every injected value is registered with ::add-mask:: before the program starts", async () => {
    const name = secretName("ci");
    const token = canary("ci-token");
    const percent = registerCanary(`100%-CANARY-${crypto.randomUUID().slice(0, 8)}`);
    const pem = multilineCanary("ci");
    fake().seed({ name, secretString: JSON.stringify({ TOKEN: token, PCT: percent, PEM: pem, TINY: "ab" }) });
    const result = await runBinary(["aws", "-s", name, "--", "echo", "program output"], {
      env: awsEnv(fake().url, { GITHUB_ACTIONS: "true" }),
      valuesExpectedOn: "stdout",
    });
    expect(result.exitCode).toBe(0);
    const [begin, line1, line2, end] = pem.split("\n");
    expect(result.stdout).toBe(
      [
        `::add-mask::${token}`,
        `::add-mask::${percent.replace("%", "%25")}`,
        `::add-mask::${begin}`,
        `::add-mask::${line1}`,
        `::add-mask::${line2}`,
        `::add-mask::${end}`,
        "program output",
        "",
      ].join("\n"),
    );
  });

  test("--no-ci-mask turns it off; outside GitHub Actions nothing is printed", async () => {
    const name = secretName("no-ci");
    fake().seed({ name, secretString: JSON.stringify({ TOKEN: canary("no-ci") }) });
    const off = await runBinary(["aws", "-s", name, "--no-ci-mask", "--", "echo", "out"], {
      env: awsEnv(fake().url, { GITHUB_ACTIONS: "true" }),
    });
    expect(off.stdout).toBe("out\n");
    const outside = await runBinary(["aws", "-s", name, "--", "echo", "out"], { env: awsEnv(fake().url) });
    expect(outside.stdout).toBe("out\n");
  });
});

describe.if(process.platform === "linux")("process list and environment (/proc)", () => {
  /**
   * The program records, from /proc, its own command line and env-secrets'
   * (its parent's) command line and environment.
   */
  const RECORD = 'cat /proc/$$/cmdline > "$1/child-cmdline"; cat /proc/$PPID/cmdline > "$1/parent-cmdline"; cat /proc/$PPID/environ > "$1/parent-environ"';

  for (const mode of ["inherited output", "--mask-output"] as const) {
    test(`no value in the program's or env-secrets' command line, and env-secrets' environment is what it was started with (${mode})`, async () => {
      const dir = scratchDir();
      const name = secretName("proc");
      fake().seed({ name, secretString: JSON.stringify({ DB_PASSWORD: canary("proc-pw"), PEM: multilineCanary("proc") }) });
      const env = awsEnv(fake().url, { CALLER_VAR: "from-the-caller" });
      const extra = mode === "--mask-output" ? ["--mask-output"] : [];
      const result = await runBinary(["aws", "-s", name, ...extra, "--", "sh", "-c", RECORD, "sh", dir], { env });
      expect(result.exitCode).toBe(0);
      const read = (file: string) => readFileSync(join(dir, file), "latin1");
      // env-secrets was started with the test's AWS key, itself a canary; nothing else may be there.
      const startedWith = new Set(Object.values(result.env));
      for (const file of ["child-cmdline", "parent-cmdline", "parent-environ"]) {
        expect(leakedCanaries(read(file)).filter((value) => !startedWith.has(value)), file).toEqual([]);
      }
      expect(read("parent-cmdline").split("\0")).toContain(name);
      expect(read("child-cmdline").split("\0").slice(0, 2)).toEqual(["sh", "-c"]);
      const environ: Record<string, string> = {};
      for (const entry of read("parent-environ").split("\0").filter(Boolean)) {
        const eq = entry.indexOf("=");
        environ[entry.slice(0, eq)] = entry.slice(eq + 1);
      }
      expect(environ).toEqual(result.env);
    });
  }
});

describe("nothing on disk", () => {
  test("a run writes no file: working directory, HOME and TMPDIR stay empty, with and without --mask-output", async () => {
    const name = secretName("disk");
    fake().seed({ name, secretString: JSON.stringify({ TOKEN: canary("disk") }) });
    for (const extra of [[], ["--mask-output"], ["--debug"]]) {
      const cwd = scratchDir();
      const home = scratchDir();
      const tmp = scratchDir();
      const result = await runBinary(["aws", "-s", name, ...extra, "--", "true"], {
        cwd,
        env: awsEnv(fake().url, { HOME: home, TMPDIR: tmp }),
      });
      expect(result.exitCode).toBe(0);
      expect([readdirSync(cwd), readdirSync(home), readdirSync(tmp)]).toEqual([[], [], []]);
    }
  });
});

describe("error paths never show a value", () => {
  async function runExpectingFailure(secrets: string[], extraArgs: string[] = [], command = ["true"]) {
    const dir = scratchDir();
    const ran = join(dir, "ran");
    const result = await runBinary(
      ["aws", ...secrets.flatMap((s) => ["-s", s]), ...extraArgs, "--", ...(command[0] === "true" ? ["sh", "-c", `touch "${ran}"`] : command)],
      { env: awsEnv(fake().url) },
    );
    return { ...result, ran: () => existsSync(ran) };
  }

  for (const debug of [false, true]) {
    const flags = debug ? ["--debug"] : [];
    const label = debug ? " (--debug)" : "";

    test(`a fetched value quoted in another secret's AWS error message is masked${label}`, async () => {
      const good = secretName("good");
      const bad = secretName("bad");
      const value = canary("quoted");
      fake().seed({ name: good, secretString: JSON.stringify({ TOKEN: value }) });
      fake().seed({ name: bad, secretString: JSON.stringify({ OTHER: canary("other") }) });
      fake().inject({ kind: "error", secretId: bad, code: "ValidationException", message: `value ${value} rejected` });
      // With --batch both arrive in one answer: the value and, next to it, the error that quotes it.
      const result = await runExpectingFailure([good, bad], [...flags, "--batch"]);
      expect(result.exitCode).toBe(125);
      expect(result.ran()).toBe(false);
      expect(result.stderr).toContain(`env-secrets: ${bad}: ValidationException — value **** rejected\n`);
    });

    test(`a secret that is not valid JSON fails without showing its text${label}`, async () => {
      const name = secretName("not-json");
      fake().seed({ name, secretString: `{"TOKEN": "${canary("broken-json")}", ` });
      const result = await runExpectingFailure([name], flags);
      expect(result.exitCode).toBe(125);
      expect(result.ran()).toBe(false);
      expect(result.stderr).toContain(`env-secrets: ${name}: the secret is neither a JSON object nor dotenv text (line 1 is not KEY=value) — `);
    });

    test(`a dotenv-text secret with a malformed line names the line, not its text${label}`, async () => {
      const name = secretName("bad-dotenv");
      fake().seed({ name, secretString: `GOOD=${canary("dotenv-good")}\nthis line ${canary("dotenv-bad")} has no equals sign\n` });
      const result = await runExpectingFailure([name], flags);
      expect(result.exitCode).toBe(125);
      expect(result.ran()).toBe(false);
      expect(result.stderr).toContain(`env-secrets: ${name}: `);
      expect(result.stderr).toContain("(line 2 is not KEY=value)");
    });

    test(`an invalid key name is named, its value is not${label}`, async () => {
      const name = secretName("bad-key");
      fake().seed({ name, secretString: JSON.stringify({ GOOD: canary("good-key"), "bad-key": canary("bad-key") }) });
      const result = await runExpectingFailure([name], flags);
      expect(result.exitCode).toBe(125);
      expect(result.ran()).toBe(false);
      expect(result.stderr).toContain(`env-secrets: ${name}: key "bad-key" is not a valid environment variable name — `);
    });

    test(`a value with a NUL character is named by its key only${label}`, async () => {
      const name = secretName("nul");
      fake().seed({ name, secretString: JSON.stringify({ NUL_VALUE: `${canary("nul")}\u0000tail` }) });
      const result = await runExpectingFailure([name], flags);
      expect(result.exitCode).toBe(125);
      expect(result.stderr).toContain(`env-secrets: ${name}: the value of NUL_VALUE contains a NUL character — `);
    });

    test(`a program that cannot be found or started shows no value${label}`, async () => {
      const name = secretName("spawn");
      fake().seed({ name, secretString: JSON.stringify({ TOKEN: canary("spawn") }) });
      const missing = await runExpectingFailure([name], flags, ["no-such-program-xyz"]);
      expect(missing.exitCode).toBe(127);
      expect(missing.stderr).toContain("env-secrets: no-such-program-xyz: command not found — ");

      const dir = scratchDir();
      const garbage = join(dir, "not-a-program");
      writeFileSync(garbage, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
      chmodSync(garbage, 0o755);
      const broken = await runExpectingFailure([name], flags, [garbage]);
      expect(broken.exitCode).not.toBe(0);
      expect(broken.stderr).toContain("not-a-program");
    });
  }
});
