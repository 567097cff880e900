/**
 * Least privilege by default: a run reads every secret with GetSecretValue
 * and nothing else, so the policy the docs show (GetSecretValue on the
 * secrets) sees no denied call. BatchGetSecretValue only with --batch (or
 * `batch: true`), and a refused batch call fails the run, naming the
 * permission, instead of falling back.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canary } from "../helpers/canary.ts";
import { useSecretRuns } from "../helpers/e2e.ts";
import { awsEnv, dumpEnvCommand, readEnvDump, runBinary, scratchDir } from "../helpers/run.ts";

setDefaultTimeout(60_000);
const { fake, secretName, run } = useSecretRuns("perm");

/** `count` fresh secrets, each setting one variable; returns their names and the variable each sets. */
function seedSecrets(label: string, count: number): Array<{ name: string; variable: string; value: string }> {
  return Array.from({ length: count }, (_, i) => {
    const name = secretName(`${label}${i}`);
    const variable = `V_${name.replace(/\W/g, "_")}`;
    const value = canary(label);
    fake().seed({ name, secretString: JSON.stringify({ [variable]: value }) });
    return { name, variable, value };
  });
}

const REFUSED_BATCH =
  'env-secrets: --batch: AccessDeniedException — your credentials may not call secretsmanager:BatchGetSecretValue, which --batch needs (allowed on "*": it has no resource of its own); allow it, or drop --batch to read each secret with GetSecretValue\n';

describe("the default path, under the documented least-privilege policy", () => {
  for (const count of [1, 2, 10, 50]) {
    test(`${count} secret(s): only GetSecretValue, each secret once, no call refused; the program gets every variable`, async () => {
      const secrets = seedSecrets(`least${count}-`, count);
      // What the policy does not grant: any call of these would be a denied event in CloudTrail.
      fake().deny("BatchGetSecretValue");
      fake().deny("DescribeSecret");
      const result = await run(secrets.map((secret) => secret.name));
      expect([result.exitCode, result.stderr]).toEqual([0, ""]);
      const env = result.childEnv();
      for (const { variable, value } of secrets) expect(env[variable]).toBe(value);
      expect(fake().requests.map((request) => request.operation)).toEqual(Array(count).fill("GetSecretValue"));
      expect(fake().requests.map((request) => request.secretIds[0]).sort()).toEqual(secrets.map((secret) => secret.name).sort());
      expect(fake().requests.filter((request) => request.status !== 200)).toEqual([]);
    });
  }
});

describe("--batch and batch: true", () => {
  test("--batch reads current-version secrets in batches of 20, pinned versions with GetSecretValue", async () => {
    const secrets = seedSecrets("batch", 45);
    const pinned = secretName("pinned");
    fake().seed({ name: pinned, secretString: JSON.stringify({ PINNED: canary("old") }) });
    fake().seed({ name: pinned, secretString: JSON.stringify({ PINNED: canary("new") }) });
    fake().clearRequests();
    const cwd = scratchDir();
    const config = [
      "secrets:",
      ...secrets.map((secret) => `  - name: ${secret.name}`),
      `  - name: ${pinned}`,
      "    versionStage: AWSPREVIOUS",
    ].join("\n");
    writeFileSync(join(cwd, ".env-secrets.yml"), `${config}\n`);
    const dump = join(cwd, "env");
    const result = await runBinary(["aws", "--batch", "--", ...dumpEnvCommand(dump)], { env: awsEnv(fake().url), cwd });
    expect([result.exitCode, result.stderr]).toEqual([0, ""]);
    const env = readEnvDump(dump);
    for (const { variable, value } of secrets) expect(env[variable]).toBe(value);
    expect(env.PINNED).toStartWith("CANARY-old-");
    const calls = fake().requests.map((request) => `${request.operation} ${request.secretIds.length}`).sort();
    expect(calls).toEqual(["BatchGetSecretValue 20", "BatchGetSecretValue 20", "BatchGetSecretValue 5", "GetSecretValue 1"]);
  });

  test("batch: true in the config file does the same", async () => {
    const secrets = seedSecrets("cfgbatch", 3);
    const cwd = scratchDir();
    writeFileSync(join(cwd, ".env-secrets.yml"), `batch: true\nsecrets:\n${secrets.map((secret) => `  - name: ${secret.name}\n`).join("")}`);
    const dump = join(cwd, "env");
    const result = await runBinary(["aws", "--", ...dumpEnvCommand(dump)], { env: awsEnv(fake().url), cwd });
    expect([result.exitCode, result.stderr]).toEqual([0, ""]);
    expect(readEnvDump(dump)[secrets[2]!.variable]).toBe(secrets[2]!.value);
    expect(fake().requests.map((request) => [request.operation, request.secretIds.length])).toEqual([["BatchGetSecretValue", 3]]);
  });

  test("a refused batch call fails closed with one line naming the permission; nothing falls back", async () => {
    const secrets = seedSecrets("refused", 3);
    fake().deny("BatchGetSecretValue");
    const result = await run(
      secrets.map((secret) => secret.name),
      ["--batch"],
    );
    expect(result.childRan).toBe(false);
    expect([result.exitCode, result.stderr]).toEqual([125, REFUSED_BATCH]);
    expect(fake().requests.map((request) => request.operation)).toEqual(["BatchGetSecretValue"]);

    const cwd = scratchDir();
    writeFileSync(join(cwd, ".env-secrets.yml"), `batch: true\nsecrets:\n  - name: ${secrets[0]!.name}\n`);
    const dump = join(cwd, "env");
    const fromConfig = await runBinary(["aws", "--", ...dumpEnvCommand(dump)], { env: awsEnv(fake().url), cwd });
    expect([fromConfig.exitCode, fromConfig.stderr]).toEqual([125, REFUSED_BATCH]);
    expect(existsSync(dump)).toBe(false);
  });
});
