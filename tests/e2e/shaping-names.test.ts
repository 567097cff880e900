/**
 * Names and precedence, end to end: --flatten, --prefix, --normalize-names,
 * protected names with --allow-override, and --no-override, through the
 * compiled binary against the local fake Secrets Manager.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPath } from "../helpers/binary.ts";
import { canary, expectNoCanaries } from "../helpers/canary.ts";
import { useSecretRuns } from "../helpers/e2e.ts";
import { awsEnv, dumpEnvCommand, runBinary, scratchDir } from "../helpers/run.ts";
import { PROTECTED_NAMES_DOC } from "../../src/secrets/names.ts";

const { fake, secretName, run, expectFailure } = useSecretRuns("names");

const NESTED = () => ({ DB: { HOST: canary("host"), PORT: 5432, OPTIONS: { SSL: true } }, HOSTS: ["a", "b"], TOP: canary("top") });

describe("--flatten", () => {
  test("nested objects become PARENT_CHILD variables; arrays stay JSON text", async () => {
    const name = secretName("flatten");
    fake().seed({ name, secretString: JSON.stringify(NESTED()) });
    const result = await run([name], ["--flatten"]);
    expect(result.stderr).toBe("");
    const env = result.childEnv();
    expect(env.DB_HOST).toStartWith("CANARY-host-");
    expect(env.DB_PORT).toBe("5432");
    expect(env.DB_OPTIONS_SSL).toBe("true");
    expect(env.HOSTS).toBe('["a","b"]');
    expect(env.DB).toBeUndefined();
  });

  test("--flatten-separator chooses another separator", async () => {
    const name = secretName("separator");
    fake().seed({ name, secretString: JSON.stringify(NESTED()) });
    const result = await run([name], ["--flatten-separator", "__"]);
    expect(result.childEnv().DB__OPTIONS__SSL).toBe("true");
  });

  test("a collision after flattening fails, naming both paths", async () => {
    const name = secretName("flat-collision");
    fake().seed({ name, secretString: JSON.stringify({ DB_HOST: canary("flat"), DB: { HOST: canary("nested") } }) });
    await expectFailure([name], [`env-secrets: ${name}: keys "DB_HOST" and "DB"."HOST" both become the variable DB_HOST — rename one of them in the secret`], ["--flatten"]);
  });
});

describe("--prefix and --normalize-names", () => {
  test("--prefix goes in front of every variable, VAR= and #KEY names included", async () => {
    const json = secretName("prefix-json");
    fake().seed({ name: json, secretString: JSON.stringify({ A: canary("a"), B: canary("b") }) });
    const text = secretName("prefix-text");
    fake().seed({ name: text, secretString: canary("text") });
    const result = await run([json, `TOKEN=${text}`, `RENAMED=${json}#B`], ["--prefix", "APP_"]);
    expect(result.stderr).toBe("");
    const env = result.childEnv();
    expect(Object.keys(env).filter((k) => k.startsWith("APP_")).sort()).toEqual(["APP_A", "APP_B", "APP_RENAMED", "APP_TOKEN"]);
    expect(env.A).toBeUndefined();
  });

  test("--normalize-names repairs keys; without it they fail naming the key and the fix", async () => {
    const name = secretName("normalize");
    fake().seed({ name, secretString: JSON.stringify({ "db-host": canary("host"), "2FA_SEED": canary("seed") }) });
    const result = await run([name], ["--normalize-names"]);
    expect(result.stderr).toBe("");
    expect(result.childEnv().db_host).toStartWith("CANARY-host-");
    expect(result.childEnv()._2FA_SEED).toStartWith("CANARY-seed-");
    await expectFailure([name], [`env-secrets: ${name}: key "db-host" is not a valid environment variable name — rename the key in the secret to letters, digits and _ (not starting with a digit), or add --normalize-names`]);
  });

  test("validity is judged on the final name: a prefix fixes a leading digit, flattening can break a name", async () => {
    const digit = secretName("digit");
    fake().seed({ name: digit, secretString: JSON.stringify({ "2FA": canary("2fa") }) });
    const prefixed = await run([digit], ["--prefix", "X_"]);
    expect(prefixed.stderr).toBe("");
    expect(prefixed.childEnv().X_2FA).toStartWith("CANARY-2fa-");
    const nested = secretName("nested-bad");
    fake().seed({ name: nested, secretString: JSON.stringify({ DB: { "host-name": canary("hn") } }) });
    await expectFailure([nested], [`env-secrets: ${nested}: key "DB"."host-name" gives "DB_host-name", which is not a valid environment variable name — rename the key in the secret to letters, digits and _ (not starting with a digit), or add --normalize-names`], ["--flatten"]);
  });

  test("two keys that normalize to the same name fail, naming both", async () => {
    const name = secretName("normalize-collision");
    fake().seed({ name, secretString: JSON.stringify({ "db-host": canary("one"), "db.host": canary("two") }) });
    await expectFailure([name], [`env-secrets: ${name}: keys "db-host" and "db.host" both become the variable db_host — rename one of them in the secret`], ["--normalize-names"]);
  });

  test("bad --prefix, --flatten-separator and --allow-override values are usage errors before any request", async () => {
    const cases: Array<[string[], string]> = [
      [["--prefix", "my-app_"], "env-secrets: --prefix 'my-app_' cannot start a variable name — use letters, digits and _, not starting with a digit (or add --normalize-names)"],
      [["--flatten-separator", "."], "env-secrets: --flatten-separator '.' cannot be part of a variable name — use letters, digits and _ (or add --normalize-names)"],
      [["--flatten-separator", ""], "env-secrets: --flatten-separator is empty — give a separator such as _ or __"],
      [
        ["--allow-override", "PATH", "--allow-override", "PAHT"],
        `env-secrets: --allow-override PAHT: not a protected name — any other name needs no permission; the protected ones: ${PROTECTED_NAMES_DOC}`,
      ],
    ];
    for (const [args, line] of cases) {
      const result = await run(["names/any"], args);
      expect(result.exitCode).toBe(125);
      expect(result.childRan).toBe(false);
      expect(result.stderr).toBe(`${line}\n`);
    }
    expect(fake().requests).toHaveLength(0);
  });
});

describe("protected names", () => {
  test("a secret may not set PATH or LD_PRELOAD; both secrets' lines are printed", async () => {
    const path = secretName("path");
    fake().seed({ name: path, secretString: JSON.stringify({ PATH: `/tmp/${canary("path")}` }) });
    const preload = secretName("preload");
    fake().seed({ name: preload, secretString: JSON.stringify({ LD: { PRELOAD: `/tmp/${canary("evil")}.so` } }) });
    await expectFailure(
      [path, preload],
      [
        `env-secrets: ${path}: PATH is a protected variable — a secret may not set it unless you pass --allow-override PATH`,
        `env-secrets: ${preload}: LD_PRELOAD is a protected variable (from key "LD"."PRELOAD") — a secret may not set it unless you pass --allow-override LD_PRELOAD`,
      ],
      ["--flatten"],
    );
  });

  test("DYLD_* names and a protected name reached through --prefix are refused too", async () => {
    const dyld = secretName("dyld");
    fake().seed({ name: dyld, secretString: JSON.stringify({ DYLD_INSERT_LIBRARIES: canary("dyld") }) });
    await expectFailure([dyld], [`env-secrets: ${dyld}: DYLD_INSERT_LIBRARIES is a protected variable — a secret may not set it unless you pass --allow-override DYLD_INSERT_LIBRARIES`]);
    const options = secretName("options");
    fake().seed({ name: options, secretString: JSON.stringify({ OPTIONS: canary("opts") }) });
    await expectFailure([options], [`env-secrets: ${options}: NODE_OPTIONS is a protected variable (from key "OPTIONS") — a secret may not set it unless you pass --allow-override NODE_OPTIONS`], ["--prefix", "NODE_"]);
  });

  test("git's GIT_CONFIG_COUNT/KEY_n/VALUE_n fail closed unless --allow-override names each one", async () => {
    const name = secretName("git-config");
    const dir = scratchDir();
    const marker = join(dir, "fsmonitor-ran");
    const git = { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "core.fsmonitor", GIT_CONFIG_VALUE_0: `touch ${marker}; false # ${canary("git")}` };
    fake().seed({ name, secretString: JSON.stringify(git) });
    const allowFlags = (names: string[]) => names.flatMap((allowed) => ["--allow-override", allowed]);
    await expectFailure(
      [name],
      [
        `env-secrets: ${name}: GIT_CONFIG_COUNT, GIT_CONFIG_KEY_0 and GIT_CONFIG_VALUE_0 are protected variables — a secret may not set them unless you pass --allow-override GIT_CONFIG_COUNT --allow-override GIT_CONFIG_KEY_0 --allow-override GIT_CONFIG_VALUE_0`,
      ],
    );
    await expectFailure(
      [name],
      [`env-secrets: ${name}: GIT_CONFIG_VALUE_0 is a protected variable — a secret may not set it unless you pass --allow-override GIT_CONFIG_VALUE_0`],
      allowFlags(["GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0"]),
    );
    expect(existsSync(marker)).toBe(false);
    const allowed = await run([name], allowFlags(Object.keys(git)));
    expect(allowed.exitCode).toBe(0);
    expect(allowed.childEnv()).toMatchObject(git);
  });

  test("_JAVA_OPTIONS and JDK_JAVA_OPTIONS fail closed like JAVA_TOOL_OPTIONS; --allow-override lets one through", async () => {
    const name = secretName("java");
    const options = `-javaagent:/tmp/${canary("agent")}.jar`;
    fake().seed({ name, secretString: JSON.stringify({ _JAVA_OPTIONS: options }) });
    await expectFailure([name], [`env-secrets: ${name}: _JAVA_OPTIONS is a protected variable — a secret may not set it unless you pass --allow-override _JAVA_OPTIONS`]);
    const jdk = secretName("jdk");
    fake().seed({ name: jdk, secretString: JSON.stringify({ JDK_JAVA_OPTIONS: options }) });
    await expectFailure([jdk], [`env-secrets: ${jdk}: JDK_JAVA_OPTIONS is a protected variable — a secret may not set it unless you pass --allow-override JDK_JAVA_OPTIONS`]);
    const allowed = await run([name], ["--allow-override", "_JAVA_OPTIONS"]);
    expect(allowed.exitCode).toBe(0);
    expect(allowed.childEnv()._JAVA_OPTIONS).toBe(options);
  });

  test("--allow-override NAME lets that name through, and the command is looked up in the new PATH", async () => {
    const name = secretName("allowed");
    const dir = scratchDir();
    const newPath = `/nonexistent/${canary("dir")}:/usr/local/bin:/usr/bin:/bin`;
    fake().seed({ name, secretString: JSON.stringify({ PATH: newPath }) });
    const result = await run([name], ["--allow-override", "PATH"], { PATH: dir });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.childEnv().PATH).toBe(newPath);
  });
});

describe("--no-override", () => {
  test("inherited variables keep their values; --debug lists the dropped names, never values", async () => {
    const name = secretName("no-override");
    const fresh = canary("fresh");
    fake().seed({ name, secretString: JSON.stringify({ INHERITED_A: canary("a"), INHERITED_EMPTY: canary("e"), FRESH: fresh }) });
    const result = await run([name], ["--no-override", "--debug"], { INHERITED_A: "from-parent", INHERITED_EMPTY: "" });
    expect(result.exitCode).toBe(0);
    const env = result.childEnv();
    expect(env.INHERITED_A).toBe("from-parent");
    expect(env.INHERITED_EMPTY).toBe("");
    expect(env.FRESH).toBe(fresh);
    expect(result.stderr).toContain("--no-override: keeping the inherited INHERITED_A, INHERITED_EMPTY; the secrets' values are dropped");
  });

  test("without it, a secret overrides the inherited value", async () => {
    const name = secretName("override");
    fake().seed({ name, secretString: JSON.stringify({ INHERITED_A: canary("a") }) });
    const result = await run([name], [], { INHERITED_A: "from-parent" });
    expect(result.childEnv().INHERITED_A).toStartWith("CANARY-a-");
  });
});

describe("__proto__ is a variable like any other", () => {
  /**
   * Runs the binary with an environment that may hold `__proto__` (the shared
   * helpers build plain objects, where that name is lost), and a child that
   * writes its environment to a file, read back as raw entries.
   */
  async function runRaw(args: string[], inherited: Record<string, string> = {}) {
    const dir = scratchDir();
    const dump = join(dir, "env");
    const env: Record<string, string> = Object.create(null);
    for (const [name, value] of Object.entries(awsEnv(fake().url, { HOME: dir, PATH: process.env.PATH }))) if (value !== undefined) env[name] = value;
    for (const [name, value] of Object.entries(inherited)) env[name] = value;
    const proc = Bun.spawn({ cmd: [binaryPath(), "aws", ...args, "--", ...dumpEnvCommand(dump)], env, stdout: "pipe", stderr: "pipe", timeout: 20_000 });
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    await proc.exited;
    expectNoCanaries(stderr, "env-secrets stderr");
    const entries = existsSync(dump) ? readFileSync(dump, "utf8").split("\0").filter((entry) => entry !== "") : [];
    const child = (name: string) => entries.filter((entry) => entry.startsWith(`${name}=`)).map((entry) => entry.slice(name.length + 1));
    return { exitCode: proc.exitCode, stdout, stderr, child };
  }

  test("a secret's __proto__ key reaches the program, run as a child or with --exec; --debug names it", async () => {
    const name = secretName("proto");
    const value = canary("proto");
    fake().seed({ name, secretString: `{"__proto__":"${value}"}` });
    for (const mode of [[], ["--exec"]]) {
      const result = await runRaw(["-s", name, "--debug", ...mode]);
      expect(result.exitCode).toBe(0);
      expect(result.child("__proto__")).toEqual([value]);
      expect(result.stderr).toContain(`debug: ${name} sets __proto__\n`);
    }
    // Written out, as before: the same variable.
    const printed = await runBinary(["aws", "-s", name, "--format", "json"], { env: awsEnv(fake().url), valuesExpectedOn: "stdout" });
    expect(Object.entries(JSON.parse(printed.stdout))).toEqual([["__proto__", value]]);
  });

  // A computed key: `{ __proto__: ... }` would set the object's prototype instead.
  const INHERITED_PROTO = { ["__proto__"]: "from-parent" };

  test("an inherited __proto__ reaches the program, with --no-aws-env too, and a secret's wins over it", async () => {
    const plain = secretName("plain");
    fake().seed({ name: plain, secretString: JSON.stringify({ PLAIN: canary("plain") }) });
    for (const extra of [[], ["--no-aws-env"], ["--exec", "--no-aws-env"]]) {
      const result = await runRaw(["-s", plain, ...extra], INHERITED_PROTO);
      expect(result.exitCode).toBe(0);
      expect(result.child("__proto__")).toEqual(["from-parent"]);
    }
    const proto = secretName("proto-wins");
    const value = canary("proto-wins");
    fake().seed({ name: proto, secretString: `{"__proto__":"${value}"}` });
    const wins = await runRaw(["-s", proto], INHERITED_PROTO);
    expect(wins.child("__proto__")).toEqual([value]);
    const kept = await runRaw(["-s", proto, "--no-override"], INHERITED_PROTO);
    expect(kept.child("__proto__")).toEqual(["from-parent"]);
  });
});
