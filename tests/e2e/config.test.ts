/**
 * The config file (.env-secrets.yml/.yaml/.json), auto-dispatch and
 * --create-config, end to end through the compiled binary.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canary, registerCanary } from "../helpers/canary.ts";
import { useSecretRuns } from "../helpers/e2e.ts";
import { awsEnv, dumpEnvCommand, readEnvDump, runBinary, scratchDir } from "../helpers/run.ts";

const { fake, secretName } = useSecretRuns("config");

/** A project directory inside its own HOME, so no test sees another's config. */
function project(): { home: string; cwd: string; dump: string } {
  const home = scratchDir();
  const cwd = join(home, "project");
  mkdirSync(cwd);
  return { home, cwd, dump: join(home, "env-dump") };
}

function seed(label: string, region = "us-east-1"): { name: string; value: string; variable: string } {
  const name = secretName(label);
  const variable = `VALUE_${name.split("-").pop()}`;
  const value = canary(label);
  fake().seed({ name, region, secretString: JSON.stringify({ [variable]: value }) });
  return { name, value, variable };
}

function run(args: string[], where: { home: string; cwd: string }, env: Record<string, string | undefined> = {}) {
  return runBinary(args, { env: awsEnv(fake().url, { HOME: where.home, ...env }), cwd: where.cwd });
}

describe("lookup and fields", () => {
  test("secrets and region come from .env-secrets.yml in the working directory", async () => {
    const p = project();
    const secret = seed("cwd", "eu-west-1");
    writeFileSync(join(p.cwd, ".env-secrets.yml"), `provider: aws\nregion: eu-west-1\nsecrets:\n  - name: ${secret.name}\n`);
    const result = await run(["aws", "--", ...dumpEnvCommand(p.dump)], p);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(readEnvDump(p.dump)[secret.variable]).toBe(secret.value);
    expect(fake().requests.map((r) => [r.operation, r.region])).toEqual([["GetSecretValue", "eu-west-1"]]);
  });

  test("$HOME is searched after the working directory, which wins", async () => {
    const p = project();
    const inHome = seed("home");
    const inCwd = seed("cwd-wins");
    writeFileSync(join(p.home, ".env-secrets.json"), JSON.stringify({ secrets: [{ name: inHome.name }] }));
    let result = await run(["aws", "--", ...dumpEnvCommand(p.dump)], p);
    expect(result.exitCode).toBe(0);
    expect(readEnvDump(p.dump)[inHome.variable]).toBe(inHome.value);
    writeFileSync(join(p.cwd, ".env-secrets.yaml"), `secrets:\n  - name: ${inCwd.name}\n`);
    result = await run(["aws", "--", ...dumpEnvCommand(p.dump)], p);
    expect(result.exitCode).toBe(0);
    const env = readEnvDump(p.dump);
    expect(env[inCwd.variable]).toBe(inCwd.value);
    expect(env[inHome.variable]).toBeUndefined();
  });

  test("-s replaces the config's secrets; -r wins over the config region, which wins over AWS_REGION", async () => {
    const p = project();
    const listed = seed("listed", "eu-west-1");
    const given = seed("given", "ap-south-1");
    writeFileSync(join(p.cwd, ".env-secrets.yml"), `region: eu-west-1\nsecrets:\n  - name: ${listed.name}\n`);
    const result = await run(["aws", "-s", given.name, "-r", "ap-south-1", "--", ...dumpEnvCommand(p.dump)], p, { AWS_REGION: "us-east-1" });
    expect(result.exitCode).toBe(0);
    expect(readEnvDump(p.dump)[given.variable]).toBe(given.value);
    expect(fake().requests.map((r) => [r.operation, r.region, r.secretIds])).toEqual([["GetSecretValue", "ap-south-1", [given.name]]]);
  });

  test("the config profile is used when -p is absent, and wins over AWS_PROFILE", async () => {
    const p = project();
    const secret = seed("profile");
    const credentials = join(p.home, "credentials");
    writeFileSync(
      credentials,
      "[from-config]\naws_access_key_id = AKIDCONFIGPROFILE\naws_secret_access_key = s1\n[from-env]\naws_access_key_id = AKIDENVPROFILE\naws_secret_access_key = s2\n[from-flag]\naws_access_key_id = AKIDFLAGPROFILE\naws_secret_access_key = s3\n",
    );
    writeFileSync(join(p.cwd, ".env-secrets.yml"), `profile: from-config\nsecrets:\n  - name: ${secret.name}\n`);
    const env = { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_PROFILE: "from-env", AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
    expect((await run(["aws", "--", "true"], p, env)).exitCode).toBe(0);
    expect((await run(["aws", "-p", "from-flag", "--", "true"], p, env)).exitCode).toBe(0);
    expect(fake().requests.map((r) => r.accessKeyId)).toEqual(["AKIDCONFIGPROFILE", "AKIDFLAGPROFILE"]);
  });
});

describe("shaping fields", () => {
  test("keys, as, per-secret prefix and flatten, and the run-wide prefix; a missing key fails closed", async () => {
    const p = project();
    const big = secretName("big");
    const token = secretName("token");
    const nested = secretName("nested");
    const values = { api: canary("api"), db: canary("db"), token: canary("token"), host: canary("host") };
    fake().seed({ name: big, secretString: JSON.stringify({ API_KEY: values.api, DB_URL: values.db, OTHER: canary("other") }) });
    fake().seed({ name: token, secretString: values.token });
    fake().seed({ name: nested, secretString: JSON.stringify({ db: { host: values.host } }) });
    writeFileSync(
      join(p.cwd, ".env-secrets.yml"),
      `prefix: APP_
secrets:
  - name: ${big}
    keys: [API_KEY, DB_URL]
  - name: ${token}
    as: TOKEN
  - name: ${nested}
    prefix: N_
    flatten: "__"
`,
    );
    let result = await run(["aws", "--", ...dumpEnvCommand(p.dump)], p);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const env = readEnvDump(p.dump);
    expect([env.APP_API_KEY, env.APP_DB_URL, env.APP_TOKEN, env.APP_N_db__host]).toEqual([values.api, values.db, values.token, values.host]);
    expect(env.APP_OTHER).toBeUndefined();

    // --prefix on the command line wins over the file's prefix.
    result = await run(["aws", "--prefix", "CLI_", "--", ...dumpEnvCommand(p.dump)], p);
    expect(result.exitCode).toBe(0);
    expect(readEnvDump(p.dump).CLI_API_KEY).toBe(values.api);

    writeFileSync(join(p.cwd, ".env-secrets.yml"), `secrets:\n  - name: ${big}\n    keys: [MISSING_KEY]\n`);
    result = await run(["aws", "--", "true"], p);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toContain("MISSING_KEY");
  });
});

describe("dotenv: true", () => {
  test("reads a secret's KEY=value lines; without it the secret fails closed with the config file's fixes, quoting none of it", async () => {
    const p = project();
    const name = secretName("dotenv");
    const value = canary("dotenv");
    const key = registerCanary(`CANARY_KEY_${name.split("-").pop()}`);
    fake().seed({ name, secretString: `${key}=${value}\n` });
    writeFileSync(join(p.cwd, ".env-secrets.yml"), `secrets:\n  - name: ${name}\n`);
    const refused = await run(["aws", "--", ...dumpEnvCommand(p.dump)], p);
    expect(refused.exitCode).toBe(125);
    expect(refused.stderr).toBe(
      `env-secrets: ${name}: the secret is not a JSON object — name the variable for the whole secret with as: VAR in the config file; or, if it holds KEY=value lines, read them with dotenv: true in the config file\n`,
    );
    expect(existsSync(p.dump)).toBe(false);

    // Asked for: the lines become variables (a name that --debug may print, so not a canary here).
    const asked = secretName("dotenv-asked");
    fake().seed({ name: asked, secretString: `DOTENV_VALUE=${value}\n` });
    writeFileSync(join(p.cwd, ".env-secrets.yml"), `secrets:\n  - name: ${asked}\n    dotenv: true\n`);
    const result = await run(["aws", "--", ...dumpEnvCommand(p.dump)], p);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(readEnvDump(p.dump).DOTENV_VALUE).toBe(value);
  });
});

describe("auto-dispatch with provider: aws", () => {
  test("`env-secrets -- cmd` and `env-secrets cmd args` run as `env-secrets aws`", async () => {
    const p = project();
    const secret = seed("dispatch");
    writeFileSync(join(p.cwd, ".env-secrets.yml"), `provider: aws\nsecrets:\n  - name: ${secret.name}\n`);
    let result = await run(["--", ...dumpEnvCommand(p.dump)], p);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(readEnvDump(p.dump)[secret.variable]).toBe(secret.value);

    const second = join(p.home, "second-dump");
    result = await run(dumpEnvCommand(second), p);
    expect(result.exitCode).toBe(0);
    expect(readEnvDump(second)[secret.variable]).toBe(secret.value);

    // Everything from the program on is its own, a `--` and `--help` included.
    result = await run(["sh", "-c", 'exit "$#"', "sh", "--", "--help"], p);
    expect(result.exitCode).toBe(2);
  });

  test("options before -- go to aws; --config names the file to dispatch on", async () => {
    const p = project();
    const secret = seed("dispatch-config");
    const file = join(p.home, "elsewhere.yml");
    writeFileSync(file, `provider: aws\nsecrets:\n  - name: ${secret.name}\n`);
    const result = await run(["--config", file, "--", ...dumpEnvCommand(p.dump)], p);
    expect(result.exitCode).toBe(0);
    expect(readEnvDump(p.dump)[secret.variable]).toBe(secret.value);
  });

  test("--help and --version never dispatch; without provider: aws an unknown command stays an error", async () => {
    const p = project();
    writeFileSync(join(p.cwd, ".env-secrets.yml"), "provider: aws\nsecrets:\n  - name: x\n");
    const help = await run(["--help"], p);
    expect(help.exitCode).toBe(0);
    // The root help (its command list), not the aws command's help (its options).
    expect(help.stdout).toContain("COMMANDS");
    expect(help.stdout).not.toContain("--secret");
    const version = await run(["--version"], p);
    expect(version.exitCode).toBe(0);
    expect(fake().requests).toEqual([]);

    writeFileSync(join(p.cwd, ".env-secrets.yml"), "secrets:\n  - name: x\n");
    const result = await run(["echo", "hi"], p);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("env-secrets: unknown command 'echo' — commands: aws, completion, mcp; see 'env-secrets --help'\n");
  });
});

describe("broken config files", () => {
  test("an error names the file, the line and the field; the command does not run (exit 125)", async () => {
    const p = project();
    const file = join(p.cwd, ".env-secrets.yml");
    writeFileSync(file, "provider: aws\nsecrets:\n  - name: a\n    keys: API_KEY\n");
    const result = await run(["aws", "--", ...dumpEnvCommand(p.dump)], p);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe(
      `env-secrets: ${file}:4: secrets[0].keys: expected a non-empty list of key names — e.g. [API_KEY]; fix the config file, or choose another with --config <file> or none with --no-config\n`,
    );
    expect(existsSync(p.dump)).toBe(false);
  });

  test("a broken config met while dispatching `env-secrets cmd args`: the command was meant, so exit 125", async () => {
    const p = project();
    const file = join(p.cwd, ".env-secrets.yml");
    writeFileSync(file, "provider: aws\nregion: [\n");
    const result = await run([...dumpEnvCommand(p.dump)], p);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toStartWith(`env-secrets: ${file}:`);
    expect(existsSync(p.dump)).toBe(false);
  });

  test("a YAML syntax error names the line", async () => {
    const p = project();
    const file = join(p.cwd, ".env-secrets.yml");
    writeFileSync(file, "provider: aws\nsecrets:\n  - name: [unclosed\n");
    const result = await run(["aws", "-s", "x", "-o", join(p.home, "out")], p);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^env-secrets: ${file}:3: not valid YAML \\(.*\\) — fix the config file, or choose another with --config <file> or none with --no-config\\n$`));
  });

  test("a broken config in $HOME does not block --config or --no-config", async () => {
    const p = project();
    writeFileSync(join(p.home, ".env-secrets.yml"), "secrets: [\n");
    const secret = seed("unblocked");
    const good = join(p.cwd, "good.yml");
    writeFileSync(good, `secrets:\n  - name: ${secret.name}\n`);
    let result = await run(["aws", "--config", good, "--", ...dumpEnvCommand(p.dump)], p);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    result = await run(["aws", "--no-config", "-s", secret.name, "--", "true"], p);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    result = await run(["aws", "-s", secret.name, "--", "true"], p);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toStartWith(`env-secrets: ${join(p.home, ".env-secrets.yml")}:`);
  });

  test("--config naming a missing file", async () => {
    const p = project();
    const missing = join(p.cwd, "missing.yml");
    const result = await run(["aws", "--config", missing, "--", "true"], p);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe(`env-secrets: ${missing}: no such config file — check the --config path, or run with --no-config\n`);
  });
});

describe("--create-config", () => {
  test("checks each secret with DescribeSecret only, then writes .env-secrets.yml (mode 0600) with names, never values", async () => {
    const p = project();
    const first = seed("create-a");
    const second = seed("create-b");
    const result = await run(["aws", "-s", first.name, "-s", second.name, "-r", "us-east-1", "--create-config"], p);
    expect(result.stderr).toBe(`env-secrets: wrote .env-secrets.yml with 2 secrets\n`);
    expect(result.exitCode).toBe(0);
    const file = join(p.cwd, ".env-secrets.yml");
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe(`provider: aws\nregion: us-east-1\nsecrets:\n  - name: ${first.name}\n  - name: ${second.name}\n`);
    expect(fake().requests.map((r) => r.operation)).toEqual(["DescribeSecret", "DescribeSecret"]);

    // The file it wrote drives the next run, and is never overwritten.
    const rerun = await run(["--", ...dumpEnvCommand(p.dump)], p);
    expect(rerun.exitCode).toBe(0);
    expect(readEnvDump(p.dump)[second.variable]).toBe(second.value);
    const again = await run(["aws", "-s", first.name, "--create-config"], p);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toBe(
      `env-secrets: .env-secrets.yml: already exists — env-secrets never overwrites or follows a file it writes; remove it or choose another name\n`,
    );
  });

  test("a dotenv: secret is written with dotenv: true, and the file reads it the same way", async () => {
    const p = project();
    const name = secretName("create-dotenv");
    const value = canary("create-dotenv");
    fake().seed({ name, secretString: `CREATED_DOTENV=${value}\n` });
    const result = await run(["aws", "-s", `dotenv:${name}`, "-r", "us-east-1", "--create-config"], p);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(p.cwd, ".env-secrets.yml"), "utf8")).toBe(`provider: aws\nregion: us-east-1\nsecrets:\n  - name: ${name}\n    dotenv: true\n`);
    const rerun = await run(["--", ...dumpEnvCommand(p.dump)], p);
    expect(rerun.exitCode).toBe(0);
    expect(readEnvDump(p.dump).CREATED_DOTENV).toBe(value);
  });

  test("a .json name writes JSON, with the profile when one is given", async () => {
    const p = project();
    const secret = seed("create-json");
    const credentials = join(p.home, "credentials");
    writeFileSync(credentials, "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
    const result = await run(["aws", "-s", secret.name, "-p", "dev", "--create-config", "team.json"], p, {
      AWS_SHARED_CREDENTIALS_FILE: credentials,
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(p.cwd, "team.json"), "utf8"))).toEqual({
      provider: "aws",
      region: "us-east-1",
      profile: "dev",
      secrets: [{ name: secret.name }],
    });
  });

  test("a secret that does not exist: an error naming it, and no file", async () => {
    const p = project();
    const secret = seed("create-ok");
    const result = await run(["aws", "-s", secret.name, "-s", "config/missing", "--create-config"], p);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toStartWith("env-secrets: config/missing: ResourceNotFoundException");
    expect(existsSync(join(p.cwd, ".env-secrets.yml"))).toBe(false);
  });

  test("DescribeSecret denied: the fix names DescribeSecret, not GetSecretValue, and no file", async () => {
    const p = project();
    const secret = seed("create-denied");
    fake().deny("DescribeSecret");
    const result = await run(["aws", "-s", secret.name, "--create-config"], p);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toStartWith(
      `env-secrets: ${secret.name}: AccessDeniedException — your credentials may not describe it: allow secretsmanager:DescribeSecret on this secret (see https://github.com/env-secrets/env-secrets/blob/main/docs/security.md#minimal-iam-policy) (AWS: `,
    );
    expect(existsSync(join(p.cwd, ".env-secrets.yml"))).toBe(false);
  });

  test("usage errors: without -s, or with a command", async () => {
    const p = project();
    let result = await run(["aws", "--create-config"], p);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("env-secrets: --create-config needs the secrets to list — name each with -s <name-or-arn>\n");
    result = await run(["aws", "-s", "x", "--create-config", "--", "true"], p);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe(
      "env-secrets: --create-config cannot be combined with a command or an output option — create the config file first, then run\n",
    );
  });
});
