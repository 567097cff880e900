/**
 * The core run path, end to end: the compiled binary against the local fake
 * Secrets Manager, as a user would run it.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canary, registerCanary } from "../helpers/canary.ts";
import { useSecretRuns } from "../helpers/e2e.ts";
import { awsEnv, dumpEnvCommand, readEnvDump, runBinary, scratchDir } from "../helpers/run.ts";

const { fake, secretName, run: runWithSecrets, expectFailure } = useSecretRuns("core");

describe("injecting secrets", () => {
  test("one JSON secret becomes variables in the child, on top of the inherited environment", async () => {
    const name = secretName("one");
    const password = canary("password");
    const shared = canary("shared");
    fake().seed({ name, secretString: JSON.stringify({ DB_PASSWORD: password, SHARED: shared }) });
    const result = await runWithSecrets([name], [], { INHERITED: "kept", SHARED: "inherited-value" });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const env = result.childEnv();
    expect(env.DB_PASSWORD).toBe(password);
    expect(env.INHERITED).toBe("kept");
    expect(env.SHARED).toBe(shared);
    expect(fake().requests.map((r) => [r.operation, r.accessKeyId, r.region, r.service])).toEqual([
      ["GetSecretValue", "AKIDENVTEST", "us-east-1", "secretsmanager"],
    ]);
  });

  test("several secrets: a later one wins a shared key, with one warning naming the variable and both secrets", async () => {
    const first = secretName("first");
    const second = secretName("second");
    const winner = canary("winner");
    fake().seed({ name: first, secretString: JSON.stringify({ A: canary("a"), SHARED: canary("loser") }) });
    fake().seed({ name: second, secretString: JSON.stringify({ B: canary("b"), SHARED: winner }) });
    const result = await runWithSecrets([first, second]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(`env-secrets: warning: SHARED is set by both ${first} and ${second}; using ${second}\n`);
    const env = result.childEnv();
    expect(env.SHARED).toBe(winner);
    expect(env.A).toStartWith("CANARY-a-");
    expect(env.B).toStartWith("CANARY-b-");
  });

  test("--quiet silences the collision warning", async () => {
    const first = secretName("q1");
    const second = secretName("q2");
    fake().seed({ name: first, secretString: JSON.stringify({ SHARED: canary("q1") }) });
    fake().seed({ name: second, secretString: JSON.stringify({ SHARED: canary("q2") }) });
    const result = await runWithSecrets([first, second], ["--quiet"]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
  });

  test("a secret given by ARN is read from the ARN's region, whatever -r says", async () => {
    const name = secretName("arn");
    const value = canary("eu");
    const { arn } = fake().seed({ name, region: "eu-west-1", secretString: JSON.stringify({ EU_VALUE: value }) });
    const local = secretName("local");
    fake().seed({ name: local, region: "us-east-1", secretString: JSON.stringify({ US_VALUE: canary("us") }) });
    const result = await runWithSecrets([arn, local], ["-r", "us-east-1"]);
    expect(result.exitCode).toBe(0);
    expect(result.childEnv().EU_VALUE).toBe(value);
    expect(result.childEnv().US_VALUE).toStartWith("CANARY-us-");
    const regions = fake().requests.map((r) => `${r.region}:${r.secretIds.join(",")}`).sort();
    expect(regions).toEqual([`eu-west-1:${arn}`, `us-east-1:${local}`]);
  });

  test("numbers keep their exact text; booleans, null, nested objects and arrays as documented", async () => {
    const name = secretName("types");
    registerCanary("12345678901234567890");
    fake().seed({
      name,
      secretString: '{"PORT":5432,"PRICE":1.50,"BIG":12345678901234567890,"ON":true,"OFF":false,"NOTHING":null,"NESTED":{"x": 1.0, "y": [1, "two"]},"LIST":[true, null]}',
    });
    const result = await runWithSecrets([name]);
    expect(result.exitCode).toBe(0);
    const env = result.childEnv();
    expect(env.PORT).toBe("5432");
    expect(env.PRICE).toBe("1.50");
    expect(env.BIG).toBe("12345678901234567890");
    expect(env.ON).toBe("true");
    expect(env.OFF).toBe("false");
    expect(env.NOTHING).toBe("");
    expect(env.NESTED).toBe('{"x":1.0,"y":[1,"two"]}');
    expect(env.LIST).toBe("[true,null]");
  });

  test("with --batch, ten secrets cost one round trip: one BatchGetSecretValue call", async () => {
    const names = Array.from({ length: 10 }, (_, i) => secretName(`par${i}`));
    for (const name of names) fake().seed({ name, secretString: JSON.stringify({ [`V_${name.replace(/\W/g, "_")}`]: canary("par") }) });
    const result = await runWithSecrets(names, ["--batch"]);
    expect(result.exitCode).toBe(0);
    expect(Object.keys(result.childEnv()).filter((k) => k.startsWith("V_core_par"))).toHaveLength(10);
    expect(fake().requests.map((r) => [r.operation, r.secretIds.length])).toEqual([["BatchGetSecretValue", 10]]);
  });

  test("the policy that allows only GetSecretValue is enough: parallel GetSecretValue, and no other call", async () => {
    const names = Array.from({ length: 10 }, (_, i) => secretName(`least${i}`));
    for (const name of names) fake().seed({ name, secretString: JSON.stringify({ [`L_${name.replace(/\W/g, "_")}`]: canary("least") }) });
    fake().deny("BatchGetSecretValue");
    fake().deny("DescribeSecret");
    fake().setLatency(400);
    const result = await runWithSecrets(names);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    expect(Object.keys(result.childEnv()).filter((k) => k.startsWith("L_core_least"))).toHaveLength(10);
    const gets = fake().requests;
    expect(gets.map((r) => r.operation)).toEqual(Array(10).fill("GetSecretValue"));
    // Each answer is held back 400 ms: fetching one by one would space the arrivals that far apart.
    const arrivals = gets.map((r) => r.at);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(400);
  });

  test("with --batch, secrets in a batch that AWS cannot read fail one by one, with the same lines as GetSecretValue", async () => {
    const good = secretName("bgood");
    const kms = secretName("bkms");
    fake().seed({ name: good, secretString: JSON.stringify({ BGOOD: canary("bgood") }) });
    fake().seed({ name: kms, secretString: JSON.stringify({ BKMS: canary("bkms") }) });
    fake().inject({ kind: "decryption-failure", secretId: kms });
    const result = await runWithSecrets([good, "core/batch-missing", kms], ["--batch"]);
    expect(result.childRan).toBe(false);
    expect(result.exitCode).toBe(125);
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "env-secrets: core/batch-missing: ResourceNotFoundException — no such secret in us-east-1; check the name, the region (-r) and the account of your credentials",
      `env-secrets: ${kms}: DecryptionFailure — KMS could not decrypt it: allow kms:Decrypt on the secret's KMS key`,
    ]);
    expect(fake().requests.map((r) => r.operation)).toEqual(["BatchGetSecretValue"]);
  });

  test("secrets pinned to a version stage are read with GetSecretValue, which takes the stage", async () => {
    const names = [secretName("va"), secretName("vb")];
    for (const name of names) {
      fake().seed({ name, secretString: JSON.stringify({ [`OLD_${name.replace(/\W/g, "_")}`]: canary("old") }) });
      fake().seed({ name, secretString: JSON.stringify({ [`NEW_${name.replace(/\W/g, "_")}`]: canary("new") }) });
    }
    fake().clearRequests();
    const result = await runWithSecrets(names, ["--version-stage", "AWSPREVIOUS"]);
    expect(result.exitCode).toBe(0);
    expect(Object.keys(result.childEnv()).filter((k) => k.startsWith("OLD_core_v"))).toHaveLength(2);
    expect(Object.keys(result.childEnv()).filter((k) => k.startsWith("NEW_core_v"))).toHaveLength(0);
    expect(fake().requests.map((r) => r.operation)).toEqual(["GetSecretValue", "GetSecretValue"]);
  });

  test("a secret named twice is fetched once", async () => {
    const name = secretName("twice");
    fake().seed({ name, secretString: JSON.stringify({ T1: canary("t1"), T2: canary("t2") }) });
    const other = secretName("other");
    fake().seed({ name: other, secretString: JSON.stringify({ O: canary("o") }) });
    const result = await runWithSecrets([`${name}#T1`, `${name}#T2`, other]);
    expect(result.exitCode).toBe(0);
    expect(result.childEnv().T1).toStartWith("CANARY-t1-");
    expect(result.childEnv().T2).toStartWith("CANARY-t2-");
    expect(fake().requests.map((r) => r.secretIds[0]).sort()).toEqual([name, other].sort());
    fake().clearRequests();
    const batched = await runWithSecrets([`${name}#T1`, `${name}#T2`, other], ["--batch"]);
    expect(batched.childEnv().T2).toStartWith("CANARY-t2-");
    expect(fake().requests.map((r) => [r.operation, r.secretIds.length])).toEqual([["BatchGetSecretValue", 2]]);
    fake().clearRequests();
    const alone = await runWithSecrets([`${name}#T1`, `${name}#T2`]);
    expect(alone.childEnv().T2).toStartWith("CANARY-t2-");
    expect(fake().requests.map((r) => r.operation)).toEqual(["GetSecretValue"]);
  });
});

describe("fail closed: the child never runs", () => {
  test("a missing secret", async () => {
    const good = secretName("good");
    fake().seed({ name: good, secretString: JSON.stringify({ GOOD: canary("good") }) });
    await expectFailure(
      [good, "core/does-not-exist"],
      ["env-secrets: core/does-not-exist: ResourceNotFoundException — no such secret in us-east-1; check the name, the region (-r) and the account of your credentials"],
    );
  });

  test("access denied names the secret, the code and the IAM fix", async () => {
    const name = secretName("denied");
    fake().seed({ name, secretString: JSON.stringify({ X: canary("denied") }) });
    fake().inject({ kind: "access-denied", secretId: name });
    await expectFailure([name], [new RegExp(`^env-secrets: ${name}: AccessDeniedException — your credentials may not read it: allow secretsmanager:GetSecretValue on this secret \\(see https://github\\.com/env-secrets/env-secrets/blob/main/docs/security\\.md#minimal-iam-policy\\) \\(AWS: .*\\)$`)]);
  });

  test("KMS decryption failure", async () => {
    const name = secretName("kms");
    fake().seed({ name, secretString: JSON.stringify({ X: canary("kms") }) });
    fake().inject({ kind: "decryption-failure", secretId: name });
    await expectFailure([name], [`env-secrets: ${name}: DecryptionFailure — KMS could not decrypt it: allow kms:Decrypt on the secret's KMS key`]);
  });

  test("throttling that outlasts the SDK's retries", async () => {
    const name = secretName("throttle");
    fake().seed({ name, secretString: JSON.stringify({ X: canary("throttle") }) });
    fake().inject({ kind: "throttle", secretId: name });
    await expectFailure([name], [`env-secrets: ${name}: ThrottlingException — throttled by AWS after 2 attempts; retry later or raise AWS_MAX_ATTEMPTS`], [], { AWS_MAX_ATTEMPTS: "2" });
  });

  test("a server error", async () => {
    const name = secretName("500");
    fake().seed({ name, secretString: JSON.stringify({ X: canary("500") }) });
    fake().inject({ kind: "internal", secretId: name });
    await expectFailure([name], [`env-secrets: ${name}: InternalServiceError — Secrets Manager failed after 1 attempts; retry later`], [], { AWS_MAX_ATTEMPTS: "1" });
  });

  test("a dropped connection", async () => {
    const name = secretName("drop");
    fake().seed({ name, secretString: JSON.stringify({ X: canary("drop") }) });
    fake().inject({ kind: "drop", secretId: name });
    await expectFailure([name], [new RegExp(`^env-secrets: ${name}: \\S+ — `)], [], { AWS_MAX_ATTEMPTS: "1" });
  });

  test("a secret scheduled for deletion", async () => {
    const name = secretName("deleting");
    fake().seed({ name, secretString: JSON.stringify({ X: canary("deleting") }) });
    fake().inject({ kind: "invalid-request", secretId: name });
    await expectFailure([name], [new RegExp(`^env-secrets: ${name}: InvalidRequestException — the secret cannot be read in its current state`)]);
  });

  test("an AWS error whose message quotes a fetched value leaks nothing", async () => {
    const fetched = secretName("fetched");
    const value = canary("echoed");
    fake().seed({ name: fetched, secretString: JSON.stringify({ X: value }) });
    const failing = secretName("echo");
    fake().seed({ name: failing, secretString: JSON.stringify({ Y: canary("other") }) });
    fake().inject({ kind: "error", secretId: failing, code: "InvalidParameterException", message: `bad parameter near ${value} and ${JSON.stringify(value)}` });
    await expectFailure([fetched, failing], [`env-secrets: ${failing}: InvalidParameterException — AWS rejected the request (AWS: bad parameter near **** and "****")`]);
  });

  test("every failing secret gets its own line", async () => {
    const bad = secretName("badkey");
    fake().seed({ name: bad, secretString: JSON.stringify({ "NOT-VALID": canary("badkey") }) });
    const text = secretName("text");
    fake().seed({ name: text, secretString: canary("plaintext") });
    await expectFailure(
      ["core/missing-a", bad, text],
      [
        /^env-secrets: core\/missing-a: ResourceNotFoundException — /,
        `env-secrets: ${bad}: key "NOT-VALID" is not a valid environment variable name — rename the key in the secret to letters, digits and _ (not starting with a digit), or add --normalize-names`,
        `env-secrets: ${text}: the secret is not a JSON object — name the variable for the whole secret: -s VAR=${text}; or, if it holds KEY=value lines, read them as dotenv text: -s dotenv:${text}`,
      ],
    );
  });

  test("a value with a NUL character", async () => {
    const name = secretName("nul");
    fake().seed({ name, secretString: `{"TOKEN":"${canary("nul")}\\u0000x"}` });
    await expectFailure([name], [`env-secrets: ${name}: the value of TOKEN contains a NUL character — an environment variable cannot hold NUL; store the value base64-encoded`]);
  });

  test("a binary secret", async () => {
    const name = secretName("bin");
    fake().seed({ name, secretBinary: new Uint8Array([0, 1, 2, 255]) });
    await expectFailure([name], [`env-secrets: ${name}: binary secret — name the variable for the whole secret: -s VAR=${name} (it gets the base64 text)`]);
  });

  test("no region anywhere", async () => {
    await expectFailure(["core/any"], ["env-secrets: region: no AWS region configured — pass -r <region>, set AWS_REGION, or set region in your AWS profile"], [], { AWS_REGION: undefined });
    expect(fake().requests).toHaveLength(0);
  });

  test("no credentials anywhere", async () => {
    const result = await expectFailure(["core/any"], [/^env-secrets: credentials: CredentialsProviderError — no usable AWS credentials \(.*\); use -p <profile>, AWS_PROFILE/], [], {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    });
    expect(result.stderr).not.toContain("    at ");
    expect(fake().requests).toHaveLength(0);
  });

  test("a plain-http endpoint that is not loopback is refused before any request", async () => {
    for (const endpoint of ["http://0.0.0.0:1", "http://example.com", "http://localhost.example.com:80"]) {
      const result = await runWithSecrets(["core/any"], ["--endpoint-url", endpoint]);
      expect(result.childRan).toBe(false);
      expect(result.exitCode).toBe(125);
      expect(result.stderr).toStartWith(`env-secrets: --endpoint-url: refusing http://${new URL(endpoint).host} — secrets travel over HTTPS only`);
    }
    const viaEnv = await runWithSecrets(["core/any"], [], { AWS_ENDPOINT_URL: "http://10.1.2.3:4566" });
    expect(viaEnv.stderr).toStartWith("env-secrets: AWS_ENDPOINT_URL: refusing http://10.1.2.3:4566");
    expect(fake().requests).toHaveLength(0);
  });
});

describe("endpoints on loopback", () => {
  test("http://localhost and AWS_ENDPOINT_URL_SECRETS_MANAGER are accepted", async () => {
    const name = secretName("localhost");
    fake().seed({ name, secretString: JSON.stringify({ LH: canary("lh") }) });
    const port = new URL(fake().url).port;
    const result = await runWithSecrets([name], [], { AWS_ENDPOINT_URL: "http://10.9.9.9:1", AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://localhost:${port}` });
    expect(result.stderr).toBe("");
    expect(result.childEnv().LH).toStartWith("CANARY-lh-");
  });
});

describe("the command after --", () => {
  test("arguments reach the child untouched, --help and -s included", async () => {
    const name = secretName("args");
    fake().seed({ name, secretString: JSON.stringify({ ARGS: canary("args") }) });
    const dir = scratchDir();
    const out = join(dir, "argv");
    const childArgs = ["--help", "-s", "x", "--", "two words", "", "$HOME", "*"];
    const result = await runBinary(["aws", "-s", name, "--", "sh", "-c", 'for a in "$@"; do printf "%s\\0" "$a"; done > "$0"', out, ...childArgs], {
      env: awsEnv(fake().url),
    });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(out, "utf8").split("\0").slice(0, -1)).toEqual(childArgs);
  });

  test("exit codes: the child's own, 126, 127, and a signal death", async () => {
    const name = secretName("exit");
    fake().seed({ name, secretString: JSON.stringify({ EXIT: canary("exit") }) });
    const env = awsEnv(fake().url);
    const run = (...command: string[]) => runBinary(["aws", "-s", name, "--", ...command], { env });
    expect((await run("true")).exitCode).toBe(0);
    expect((await run("false")).exitCode).toBe(1);
    expect((await run("sh", "-c", "exit 42")).exitCode).toBe(42);
    const missing = await run("no-such-command-xyz");
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toBe("env-secrets: no-such-command-xyz: command not found — check the name and the PATH it is looked up in\n");
    const dir = scratchDir();
    const notExecutable = await run(dir);
    expect(notExecutable.exitCode).toBe(126);
    expect(notExecutable.stderr).toBe(`env-secrets: ${dir}: permission denied — the file exists but cannot be executed; check its mode (chmod +x) and that it is not a directory\n`);
    const killed = await run("sh", "-c", "kill -TERM $$");
    expect(killed.exitCode === 143 || killed.signal === "SIGTERM").toBe(true);
  });

  test("the program is found before any AWS call; a path names a file, never a PATH lookup", async () => {
    const env = awsEnv(fake().url);
    const before = fake().requests.length;
    const missing = await runBinary(["aws", "-s", "never/read", "--", "no-such-command-xyz"], { env });
    expect([missing.exitCode, missing.stderr]).toEqual([127, "env-secrets: no-such-command-xyz: command not found — check the name and the PATH it is looked up in\n"]);
    const path = await runBinary(["aws", "-s", "never/read", "--", "/nonexistent/program"], { env });
    expect([path.exitCode, path.stderr]).toEqual([
      127,
      "env-secrets: /nonexistent/program: no such file — the path does not exist; check it, or give a name without a slash to look it up in PATH\n",
    ]);
    const exec = await runBinary(["aws", "-s", "never/read", "--exec", "--", "/nonexistent/program"], { env });
    expect(exec.exitCode).toBe(127);
    expect(fake().requests.length).toBe(before);
  });

  test("a secret that sets PATH (--allow-override PATH): the program is looked up in the new PATH", async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, "only-here"), "#!/bin/sh\nexit 7\n", { mode: 0o755 });
    const name = secretName("path-override");
    fake().seed({ name, secretString: JSON.stringify({ PATH: `${dir}:/usr/bin:/bin` }) });
    const result = await runBinary(["aws", "-s", name, "--allow-override", "PATH", "--", "only-here"], { env: awsEnv(fake().url) });
    expect([result.exitCode, result.stderr]).toEqual([7, ""]);
  });

  test("the command is looked up in the child's PATH", async () => {
    const name = secretName("path");
    fake().seed({ name, secretString: JSON.stringify({ P: canary("path") }) });
    const result = await runBinary(["aws", "-s", name, "--", "true"], { env: awsEnv(fake().url, { PATH: "/nonexistent" }) });
    expect(result.exitCode).toBe(127);
  });
});

describe("usage", () => {
  test("usage errors: 125 with a command, 2 without", async () => {
    const env = awsEnv(fake().url);
    const withCommand = await runBinary(["aws", "-s", "x", "--bogus", "--", "true"], { env });
    expect(withCommand.exitCode).toBe(125);
    expect(withCommand.stderr).toBe("env-secrets: unknown option '--bogus' — see 'env-secrets aws --help'\n");
    const missingValue = await runBinary(["aws", "-s", "--", "true"], { env });
    expect(missingValue.exitCode).toBe(125);
    expect(missingValue.stderr).toBe("env-secrets: -s needs a value: -s <ref> — see 'env-secrets aws --help'\n");
    const noCommand = await runBinary(["aws", "-s", "x"], { env });
    expect(noCommand.exitCode).toBe(2);
    expect(noCommand.stderr).toBe(
      "env-secrets: nothing to do: no command given — put the command after --: env-secrets aws -s <secret> -- <command>, or write the variables out with -o <file> or --format <format>\n",
    );
    const noSecret = await runBinary(["aws", "--", "true"], { env });
    expect(noSecret.exitCode).toBe(125);
    expect(noSecret.stderr).toBe("env-secrets: no secret given — name one with -s <name-or-arn>, or list them under secrets: in .env-secrets.yml\n");
    const unknownCommand = await runBinary(["gcp"], { env });
    expect(unknownCommand.exitCode).toBe(2);
    expect(unknownCommand.stderr).toBe("env-secrets: unknown command 'gcp' — commands: aws, completion, mcp; see 'env-secrets --help'\n");
    // Options first, with no config file that names the provider.
    const optionsFirst = await runBinary(["-s", "x", "--", "true"], { env });
    expect(optionsFirst.exitCode).toBe(125);
    expect(optionsFirst.stderr).toBe(
      "env-secrets: -s comes before a command — name the command first: env-secrets aws -s …; leaving out 'aws' needs a .env-secrets.yml with provider: aws\n",
    );
    // Nothing at all: the usage, on stderr; 125 when a program was given after --.
    for (const [args, code] of [[[], 2], [["--", "true"], 125]] as const) {
      const bare = await runBinary([...args], { env });
      expect(bare.exitCode).toBe(code);
      expect(bare.stdout).toBe("");
      expect(bare.stderr).toContain("USAGE\n  env-secrets <command> [options]\n  env-secrets aws [options] -- <command> [args...]\n");
    }
    expect(fake().requests).toHaveLength(0);
  });

  test("--version prints the packaged version; --help works for every command", async () => {
    const { version } = await Bun.file(join(import.meta.dir, "..", "..", "package.json")).json();
    const versionRun = await runBinary(["--version"]);
    expect(versionRun.stdout).toBe(`${version}\n`);
    const awsVersion = await runBinary(["aws", "--version"]);
    expect([awsVersion.exitCode, awsVersion.stdout, awsVersion.stderr]).toEqual([0, `${version}\n`, ""]);
    const help = await runBinary(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("aws");
    const awsHelp = await runBinary(["aws", "--help"]);
    expect(awsHelp.exitCode).toBe(0);
    expect(awsHelp.stdout).toContain("--secret");
    expect(awsHelp.stdout).toContain("--endpoint-url");
    expect(awsHelp.stdout).not.toContain("\u001b[");
    // Not a terminal: 80 columns, no trailing spaces; `help aws` is the same text.
    expect(awsHelp.stdout.split("\n").filter((line) => line.length > 80 && !line.startsWith("  $ ") && line.trim().includes(" "))).toEqual([]);
    expect(awsHelp.stdout).not.toMatch(/ $/m);
    expect(awsHelp.stdout).toMatch(/SECRET FLAGS\n {2}-s, --secret <ref> +Secret to read/);
    expect((await runBinary(["help", "aws"])).stdout).toBe(awsHelp.stdout);
    expect((await runBinary(["help"])).stdout).toBe(help.stdout);
  });
});

describe("a hostile working directory", () => {
  test(".env and bunfig.toml in the working directory have no effect on the binary", async () => {
    const name = secretName("hostile");
    fake().seed({ name, secretString: JSON.stringify({ REAL: canary("real") }) });
    const cwd = scratchDir();
    const marker = join(cwd, "preload-ran");
    await Bun.write(join(cwd, ".env"), "HOSTILE_DOTENV=1\nAWS_ENDPOINT_URL=http://10.6.6.6:1\nREAL=from-dotenv\n");
    await Bun.write(join(cwd, "bunfig.toml"), 'preload = ["./evil.ts"]\n[run]\npreload = ["./evil.ts"]\n');
    await Bun.write(join(cwd, "evil.ts"), `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");\n`);
    const dump = join(cwd, "env-dump");
    const result = await runBinary(["aws", "-s", name, "--", ...dumpEnvCommand(dump)], { env: awsEnv(fake().url), cwd });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(existsSync(marker)).toBe(false);
    const env = readEnvDump(dump);
    expect(env.HOSTILE_DOTENV).toBeUndefined();
    expect(env.REAL).toStartWith("CANARY-real-");
  });
});
