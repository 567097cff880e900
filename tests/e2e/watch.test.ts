/**
 * --watch and --manifest end to end: the compiled binary against the local
 * fake AWS, with 1-second intervals. A watched child records each start
 * (its pid, in order) and dumps its environment to a file of its own, so no
 * value passes through env-secrets' output, which the canary check watches.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { requestStats } from "../fake-aws/request-stats.ts";
import { binaryPath } from "../helpers/binary.ts";
import { canary, expectNoCanaries } from "../helpers/canary.ts";
import { envWith } from "../helpers/env.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { waitFor } from "../helpers/process.ts";
import { awsEnv, readEnvDump, runBinary, scratchDir } from "../helpers/run.ts";

setDefaultTimeout(60_000);
const fake = useFakeAws();
let counter = 0;

/** A fresh secret holding one canary variable; returns its name, ARN and first version. */
function seeded(label: string, variable = "TOKEN") {
  const name = `watch/${label}-${++counter}`;
  const value = canary(label);
  const { arn, versionId } = fake().seed({ name, secretString: JSON.stringify({ [variable]: value }) });
  return { name, arn, versionId, value, variable };
}

/**
 * A child that writes its pid to `starts` and its environment to env.<pid>,
 * then sleeps; `ignoreTerm` makes it ignore SIGTERM, `onUsr1` exit 3 on
 * SIGUSR1 (recording its pid in `term` first).
 */
function child(dir: string, mode: "plain" | "ignoreTerm" | "onUsr1" = "plain"): string[] {
  const trap = mode === "ignoreTerm" ? "trap '' TERM; " : mode === "onUsr1" ? `trap 'echo $$ >> "$1/term"; exit 3' USR1; ` : "";
  const tail = mode === "onUsr1" ? "while :; do sleep 0.1; done" : "exec sleep 600";
  return ["sh", "-c", `${trap}env -0 > "$1/env.$$"; echo $$ >> "$1/starts"; ${tail}`, "sh", dir];
}

function starts(dir: string): string[] {
  const file = join(dir, "starts");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

function envOf(dir: string, pid: string): Record<string, string> {
  return readEnvDump(join(dir, `env.${pid}`));
}

function alive(pid: string): boolean {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

/** The binary, running: stderr readable while it runs, and checked for canaries at the end. */
function watched(args: string[], extraEnv: Record<string, string | undefined> = {}) {
  const proc = Bun.spawn({
    cmd: [binaryPath(), "aws", ...args],
    env: envWith(awsEnv(fake().url, extraEnv)),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    timeout: 60_000,
    detached: true,
  });
  let stderr = "";
  const decoder = new TextDecoder();
  const reading = (async () => {
    for await (const chunk of proc.stderr) stderr += decoder.decode(chunk, { stream: true });
  })();
  let out = "";
  const stdout = new Response(proc.stdout).text().then((text) => {
    out = text;
    return text;
  });
  const lines = () => stderr.split("\n").filter(Boolean);
  return {
    proc,
    stdout: () => out,
    stderr: () => stderr,
    lines,
    warnings: () => lines().filter((line) => line.includes("warning:")),
    finish,
    /** SIGTERM to env-secrets, then finish(). */
    stop() {
      proc.kill("SIGTERM");
      return finish();
    },
  };

  async function finish() {
    await proc.exited;
    await reading;
    const out = await stdout;
    expectNoCanaries(out, "env-secrets stdout");
    expectNoCanaries(stderr, "env-secrets stderr");
    return { exitCode: proc.exitCode, signal: proc.signalCode === null ? null : String(proc.signalCode), stderr };
  }
}

/** Rotates the secret to a new canary value; waits for the second start and checks that it has the new value. */
async function expectRestartWithNewValue(dir: string, secret: ReturnType<typeof seeded>, label: string): Promise<void> {
  const newValue = canary(label);
  fake().rotate(secret.name, JSON.stringify({ [secret.variable]: newValue }));
  await waitFor("the restart", () => starts(dir).length === 2);
  expect(envOf(dir, starts(dir)[1]!)[secret.variable]).toBe(newValue);
}

/** Requests for one secret (by name or ARN), of one operation. */
function requestsFor(operation: string, secret: { name: string; arn: string }) {
  return fake().requests.filter((r) => r.operation === operation && r.secretIds.some((id) => id === secret.name || id === secret.arn));
}

describe("a rotation restarts the program", () => {
  test("with the new value, within an interval plus jitter; one DescribeSecret per secret per check, one GetSecretValue per changed secret", async () => {
    const dir = scratchDir();
    const a = seeded("rot-a", "A_TOKEN");
    const b = seeded("rot-b", "B_TOKEN");
    const run = watched(["-s", a.name, "-s", b.name, "--watch", "1s", "--", ...child(dir)]);
    await waitFor("the first start", () => starts(dir).length === 1);
    const [first] = starts(dir);
    expect(envOf(dir, first!)).toMatchObject({ A_TOKEN: a.value, B_TOKEN: b.value });
    fake().clearRequests();

    const newValue = canary("rot-a-new");
    const rotatedAt = Date.now();
    const newVersion = fake().rotate(a.name, JSON.stringify({ A_TOKEN: newValue }));
    await waitFor("the restart", () => starts(dir).length === 2);
    const restartMs = Date.now() - rotatedAt;
    const second = starts(dir)[1]!;
    // One interval (1 s) plus 10 % jitter, plus room for a busy machine to fetch and restart.
    expect(restartMs).toBeLessThan(1100 + 1500);
    const env = envOf(dir, second);
    expect(env).toMatchObject({ A_TOKEN: newValue, B_TOKEN: b.value });
    expect(Object.values(env)).not.toContain(a.value);
    expect(alive(first!)).toBe(false);

    // A few more quiet checks, then count.
    await Bun.sleep(2500);
    await run.stop();
    expect(requestsFor("GetSecretValue", a).length).toBe(1);
    expect(requestsFor("GetSecretValue", b).length).toBe(0);
    const describedA = requestsFor("DescribeSecret", a);
    const describedB = requestsFor("DescribeSecret", b);
    expect(describedA.length).toBeGreaterThanOrEqual(3);
    expect(describedB.length).toBe(describedA.length);
    // Never two checks of a secret within one interval (less the 10 % jitter).
    for (let i = 1; i < describedA.length; i++) expect(describedA[i]!.at - describedA[i - 1]!.at).toBeGreaterThanOrEqual(880);
    expect(requestStats(fake().requests).byOperation.BatchGetSecretValue).toBeUndefined();
    expect(run.lines()).toEqual([`env-secrets: --watch: new version of ${a.name} (version ${a.versionId} → ${newVersion}); restarting the program`]);
  });

  test("a rotation that yields the same variables restarts nothing", async () => {
    const dir = scratchDir();
    const a = seeded("same");
    const run = watched(["-s", a.name, "--watch", "1s", "--", ...child(dir)]);
    await waitFor("the first start", () => starts(dir).length === 1);
    const newVersion = fake().rotate(a.name, JSON.stringify({ [a.variable]: a.value }));
    await waitFor("the check that reads the new version", () => run.stderr().includes("the variables are the same"));
    await Bun.sleep(1500);
    expect(starts(dir)).toHaveLength(1);
    expect(requestsFor("GetSecretValue", a).length).toBe(2);
    await run.stop();
    expect(run.lines()).toEqual([
      `env-secrets: --watch: new version of ${a.name} (version ${a.versionId} → ${newVersion}); the variables are the same, so the program is not restarted`,
    ]);
  });

  test("a program that ignores SIGTERM is killed after --watch-grace and started again", async () => {
    const dir = scratchDir();
    const a = seeded("stubborn");
    const run = watched(["-s", a.name, "--watch", "1s", "--watch-grace", "500ms", "--", ...child(dir, "ignoreTerm")]);
    await waitFor("the first start", () => starts(dir).length === 1);
    await expectRestartWithNewValue(dir, a, "stubborn-new");
    expect(alive(starts(dir)[0]!)).toBe(false);
    process.kill(Number(starts(dir)[1]), "SIGKILL");
    expect((await run.finish()).signal).toBe("SIGKILL");
    expect(run.lines()[1]).toBe("env-secrets: warning: the program did not exit within 500ms of SIGTERM; killing it (SIGKILL)");
  });

  test("--watch-signal chooses the signal; --watch-action exit stops the program and exits 75", async () => {
    const dir = scratchDir();
    const a = seeded("exit");
    const run = watched(["-s", a.name, "--watch", "1s", "--watch-action", "exit", "--watch-signal", "USR1", "--", ...child(dir, "onUsr1")]);
    await waitFor("the first start", () => starts(dir).length === 1);
    const newVersion = fake().rotate(a.name, JSON.stringify({ [a.variable]: canary("exit-new") }));
    const result = await run.finish();
    expect(result.exitCode).toBe(75);
    expect(starts(dir)).toHaveLength(1);
    expect(readFileSync(join(dir, "term"), "utf8").trim()).toBe(starts(dir)[0]!);
    expect(run.lines()).toEqual([
      `env-secrets: --watch: new version of ${a.name} (version ${a.versionId} → ${newVersion}); stopping the program and exiting with 75`,
    ]);
  });
});

test("--mask-output masks the values of a new version in the restarted program's output", async () => {
  const a = seeded("masked");
  const script = 'echo "value: $TOKEN"; exec sleep 600';
  const run = watched(["-s", a.name, "--watch", "1s", "--mask-output", "--", "sh", "-c", script]);
  await Bun.sleep(300);
  fake().rotate(a.name, JSON.stringify({ TOKEN: canary("masked-new") }));
  await waitFor("the restart", () => run.stderr().includes("restarting the program"));
  await Bun.sleep(500);
  // finish() fails on any canary in stdout: neither the old value nor the new one may pass.
  const result = await run.stop();
  expect(result.signal).toBe("SIGTERM");
  expect(run.stdout()).toBe("value: ****\nvalue: ****\n");
});

describe("never worse than no watch: the program keeps its values", () => {
  test("a rotation to a value that does not parse: one warning, the version is not read again", async () => {
    const dir = scratchDir();
    const a = seeded("broken");
    const run = watched(["-s", a.name, "--watch", "1s", "--", ...child(dir)]);
    await waitFor("the first start", () => starts(dir).length === 1);
    const badVersion = fake().rotate(a.name, "not json, not dotenv");
    await waitFor("the warning", () => run.stderr().includes("cannot be used"));
    await Bun.sleep(2500);
    expect(starts(dir)).toHaveLength(1);
    expect(alive(starts(dir)[0]!)).toBe(true);
    expect(requestsFor("GetSecretValue", a).length).toBe(2);
    // A good version after the bad one is picked up.
    await expectRestartWithNewValue(dir, a, "broken-fixed");
    await run.stop();
    const warnings = run.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toStartWith(
      `env-secrets: warning: --watch: new version of ${a.name} (version ${a.versionId} → ${badVersion}), but it cannot be used: ${a.name}: `,
    );
    expect(warnings[0]).toEndWith("; the program keeps running, next check in 1s");
  });

  test("DescribeSecret denied: said once, then GetSecretValue finds the version, and a rotation still restarts", async () => {
    const dir = scratchDir();
    const a = seeded("denied");
    fake().deny("DescribeSecret");
    const run = watched(["-s", a.name, "--watch", "1s", "--", ...child(dir)]);
    await waitFor("the first start", () => starts(dir).length === 1);
    await waitFor("two checks", () => requestsFor("GetSecretValue", a).length >= 3);
    expect(alive(starts(dir)[0]!)).toBe(true);
    await expectRestartWithNewValue(dir, a, "denied-new");
    await run.stop();
    const warnings = run.warnings();
    expect(warnings).toEqual([
      `env-secrets: warning: ${a.name}: AccessDeniedException — --watch checks for new versions with secretsmanager:DescribeSecret; reading the secret with GetSecretValue at every check instead (allow DescribeSecret on it to stop this)`,
    ]);
    expect(requestsFor("DescribeSecret", a).length).toBe(1);
  });

  test("a fake that stops answering: the check times out with one warning, and the watch recovers", async () => {
    const dir = scratchDir();
    const a = seeded("silent");
    const run = watched(["-s", a.name, "--watch", "1s", "--timeout", "1", "--", ...child(dir)]);
    await waitFor("the first start", () => starts(dir).length === 1);
    fake().setLatency(30_000);
    await waitFor("the warning", () => run.stderr().includes("warning:"));
    fake().setLatency(0);
    expect(alive(starts(dir)[0]!)).toBe(true);
    expect(envOf(dir, starts(dir)[0]!)[a.variable]).toBe(a.value);
    await expectRestartWithNewValue(dir, a, "silent-new");
    await run.stop();
    const warnings = run.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^env-secrets: warning: --watch: could not check the secrets for a new version: Secrets Manager: no answer within 1 s — .*; the program keeps running, next check in 1s$/);
  });
});

describe("ending", () => {
  test("the program exiting by itself ends env-secrets with its status", async () => {
    const a = seeded("self-exit");
    const result = await runBinary(["aws", "-s", a.name, "--watch", "1s", "--", "sh", "-c", "sleep 1.5; exit 7"], { env: awsEnv(fake().url) });
    expect([result.exitCode, result.stderr]).toEqual([7, ""]);
  });

  test("SIGTERM to env-secrets ends both", async () => {
    const dir = scratchDir();
    const a = seeded("sigterm");
    const run = watched(["-s", a.name, "--watch", "1s", "--", ...child(dir)]);
    await waitFor("the first start", () => starts(dir).length === 1);
    await Bun.sleep(1200);
    const result = await run.stop();
    expect([result.exitCode, result.signal, result.stderr]).toEqual([null, "SIGTERM", ""]);
    await waitFor("the program to be gone", () => !alive(starts(dir)[0]!), 2000);
  });
});

describe("--manifest", () => {
  test("names, ARNs and version ids, no value; mode 0600; replaced atomically after a restart", async () => {
    const dir = scratchDir();
    const out = scratchDir();
    const manifest = join(out, "run.json");
    const a = seeded("manifest-a", "A_TOKEN");
    const b = seeded("manifest-b", "B_TOKEN");
    const run = watched(["-s", a.name, "-s", `B=${b.name}#B_TOKEN`, "--manifest", manifest, "--watch", "1s", "--", ...child(dir)]);
    await waitFor("the first start", () => starts(dir).length === 1);
    const text = readFileSync(manifest, "utf8");
    expectNoCanaries(text, "the manifest");
    const first = JSON.parse(text);
    expect(statSync(manifest).mode & 0o777).toBe(0o600);
    expect(first).toMatchObject({
      envSecretsVersion: expect.any(String),
      writtenAt: expect.any(String),
      secrets: [
        { reference: a.name, arn: a.arn, region: "us-east-1", versionId: a.versionId, versionStage: "AWSCURRENT", variables: ["A_TOKEN"] },
        { reference: `B=${b.name}#B_TOKEN`, arn: b.arn, region: "us-east-1", versionId: b.versionId, versionStage: "AWSCURRENT", variables: ["B"] },
      ],
    });
    expect(Number.isNaN(Date.parse(first.secrets[0].fetchedAt))).toBe(false);
    const inode = statSync(manifest).ino;

    const newVersion = fake().rotate(a.name, JSON.stringify({ A_TOKEN: canary("manifest-new") }));
    await waitFor("the restart", () => starts(dir).length === 2);
    const second = JSON.parse(readFileSync(manifest, "utf8"));
    expect(second.secrets.map((s: { versionId: string }) => s.versionId)).toEqual([newVersion, b.versionId]);
    expect(second.secrets[1].fetchedAt).toBe(first.secrets[1].fetchedAt);
    // Replaced by rename: a new file, mode 0600 again, no temporary file left behind.
    expect(statSync(manifest).ino).not.toBe(inode);
    expect(statSync(manifest).mode & 0o777).toBe(0o600);
    expect(readdirSync(out)).toEqual(["run.json"]);
    expectNoCanaries(readFileSync(manifest, "utf8"), "the manifest");
    await run.stop();
  });

  test("- writes it to stderr; a file that cannot be written stops the run before the program starts", async () => {
    const a = seeded("manifest-stderr");
    const printed = await runBinary(["aws", "-s", a.name, "--manifest", "-", "--", "true"], { env: awsEnv(fake().url) });
    expect(printed.exitCode).toBe(0);
    expect(JSON.parse(printed.stderr).secrets[0]).toMatchObject({ reference: a.name, arn: a.arn, versionId: a.versionId });

    const dir = scratchDir();
    const failed = await runBinary(["aws", "-s", a.name, "--manifest", join(dir, "missing", "run.json"), "--", "touch", join(dir, "ran")], {
      env: awsEnv(fake().url),
    });
    expect(failed.exitCode).toBe(125);
    expect(failed.stderr).toBe(
      `env-secrets: --manifest ${join(dir, "missing", "run.json")}: cannot create a file in its directory (ENOENT) — give a path in a writable directory, or - for stderr\n`,
    );
    expect(existsSync(join(dir, "ran"))).toBe(false);
  });
});
