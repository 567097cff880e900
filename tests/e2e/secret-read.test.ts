/**
 * list, get, value, delete and restore on the compiled binary: exact output
 * in both formats, filtering done by AWS, every page read, values shown only
 * where asked for.
 */
import { describe, expect, test } from "bun:test";
import { canary } from "../helpers/canary.ts";
import { useSecretCommands } from "../helpers/manage.ts";

const { fake, secretName, run, stored, operations } = useSecretCommands("e2e-read");

const DATE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ";

describe("list", () => {
  test("filters by prefix and tag in AWS: one page for 3 matches among 150 others", async () => {
    const prefix = `${secretName("list")}/`;
    for (let i = 0; i < 150; i++) fake().seed({ name: `${secretName("noise")}-${i}`, secretString: "{}", tags: { team: "core" } });
    fake().seed({ name: `${prefix}a`, secretString: "{}", description: "first", tags: { team: "core" } });
    fake().seed({ name: `${prefix}b`, secretString: "{}", tags: { team: "core", env: "prod" } });
    fake().seed({ name: `${prefix}c`, secretString: "{}", tags: { team: "other" } });
    fake().seed({ name: `${prefix}d`, secretString: "{}", tags: { owner: "core" } });
    const result = await run(["list", "--prefix", prefix, "-t", "team=core"]);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME +DESCRIPTION +LAST CHANGED +LAST ACCESSED$/);
    expect(lines.slice(1)).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${prefix}a  first +${DATE}$`));
    expect(lines[2]).toMatch(new RegExp(`^${prefix}b +${DATE}$`));
    expect(operations()).toEqual(["ListSecrets"]);
  });

  test("pages through every result; JSON output", async () => {
    const prefix = `${secretName("paged")}/`;
    for (let i = 0; i < 120; i++) fake().seed({ name: `${prefix}${String(i).padStart(3, "0")}`, secretString: "{}" });
    const result = await run(["list", "--prefix", prefix, "--output", "json"]);
    expect(result.exitCode).toBe(0);
    const listed = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(listed.map((e) => e.name)).toEqual(Array.from({ length: 120 }, (_, i) => `${prefix}${String(i).padStart(3, "0")}`));
    expect(listed[0]).toEqual({
      name: `${prefix}000`,
      arn: fake().inspect(`${prefix}000`)!.arn,
      description: null,
      lastChanged: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastAccessed: null,
      tags: {},
    });
    expect(operations()).toEqual(["ListSecrets", "ListSecrets"]);
  });

  test("a denied ListSecrets names the permission", async () => {
    fake().deny("ListSecrets");
    const result = await run(["list"]);
    expect(result.stderr).toMatch(/^env-secrets: us-east-1: AccessDeniedException — your credentials may not call secretsmanager:ListSecrets here/);
    expect(result.exitCode).toBe(1);
  });
});

describe("get", () => {
  test("metadata only, in a table and as JSON; the value appears in neither", async () => {
    const name = secretName("get");
    const key = "arn:aws:kms:us-east-1:123456789012:key/k-1";
    const { arn, versionId } = fake().seed({ name, secretString: `{"PASSWORD":"${canary("get")}"}`, description: "db", kmsKeyId: key, tags: { team: "core" } });
    const table = await run(["get", "-n", name]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(
      new RegExp(
        `^name +${name}\narn +${arn}\ndescription +db\nkms key +${key}\nrotation +disabled\nversion +${versionId} AWSCURRENT\ntags +team=core\ncreated +${DATE}\nlast changed +${DATE}\n$`,
      ),
    );
    const json = await run(["get", "-n", name, "--output", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ name, arn, description: "db", kmsKeyId: key, rotationEnabled: false, versions: { [versionId]: ["AWSCURRENT"] }, tags: { team: "core" } });
    expect(operations()).toEqual(["DescribeSecret", "DescribeSecret"]);
  });
});

describe("value", () => {
  const seedApp = () => {
    const name = secretName("value");
    const [password, port] = [canary("pw"), canary("port")];
    fake().seed({ name, secretString: `{"PASSWORD":"${password}","PORT":"${port}"}` });
    return { name, password, port };
  };

  test("masked by default", async () => {
    const { name } = seedApp();
    const result = await run(["value", "-n", name]);
    expect(result.stdout).toBe("KEY       VALUE\nPASSWORD  ****\nPORT      ****\n");
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });

  test("--reveal and --output json print the values on stdout, and only there", async () => {
    const { name, password, port } = seedApp();
    const revealed = await run(["value", "-n", name, "--reveal"], { valuesExpectedOn: "stdout" });
    expect(revealed.stdout).toBe(`KEY       VALUE\nPASSWORD  ${password}\nPORT      ${port}\n`);
    const json = await run(["value", "-n", name, "--output", "json"], { valuesExpectedOn: "stdout" });
    expect(json.stdout).toBe(`{\n  "PASSWORD": "${password}",\n  "PORT": "${port}"\n}\n`);
    // Not a terminal: no warning.
    expect(revealed.stderr + json.stderr).toBe("");
  });

  test("a binary secret shows its size; a missing one is an error", async () => {
    const name = secretName("binary");
    fake().seed({ name, secretBinary: new Uint8Array([1, 2, 3, 4, 5]) });
    expect((await run(["value", "-n", name])).stdout).toBe("KEY       VALUE\n(binary)  5 bytes\n");
    const missing = await run(["value", "-n", `${name}-missing`]);
    expect(missing.stderr).toBe(
      `env-secrets: ${name}-missing: ResourceNotFoundException — no such secret in us-east-1; check the name, the region (-r) and the account of your credentials\n`,
    );
    expect(missing.exitCode).toBe(1);
  });

  test("DecryptionFailure names kms:Decrypt", async () => {
    const { name } = seedApp();
    fake().inject({ kind: "decryption-failure", operation: "GetSecretValue" });
    const result = await run(["value", "-n", name]);
    expect(result.stderr).toBe(`env-secrets: ${name}: DecryptionFailure — KMS could not decrypt the secret: check that its key is enabled and allow kms:Decrypt on it\n`);
    expect(result.exitCode).toBe(1);
  });
});

describe("delete and restore", () => {
  test("delete needs -y; schedules the deletion; restore cancels it", async () => {
    const name = secretName("delete");
    fake().seed({ name, secretString: '{"A":"1"}' });
    const unconfirmed = await run(["delete", "-n", name]);
    expect(unconfirmed.stderr).toBe(`env-secrets: deleting ${name} needs -y — confirm with: env-secrets aws secret delete -n ${name} -y\n`);
    expect(unconfirmed.exitCode).toBe(2);
    const deleted = await run(["delete", "-n", name, "-y", "--recovery-days", "7"]);
    expect(deleted.exitCode).toBe(0);
    const snapshot = fake().inspect(name)!;
    const days = (snapshot.deletionDate!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    expect(deleted.stdout).toBe(
      `deleted      ${name}\narn          ${snapshot.arn}\ndeletion on  ${snapshot.deletionDate!.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z")}\nundo with    env-secrets aws secret restore -n ${name}\n`,
    );
    const blocked = await run(["append", "-n", name, "--key", "B", "--value-stdin"], { stdin: "b" });
    expect(blocked.stderr).toMatch(/InvalidRequestException — .* run env-secrets aws secret restore -n /);
    const restored = await run(["restore", "-n", name]);
    expect(restored.stdout).toBe(`restored  ${name}\narn       ${snapshot.arn}\n`);
    expect(fake().inspect(name)!.deletionDate).toBeUndefined();
    await run(["delete", "-n", name, "-y"]);
    const json = await run(["restore", "-n", name, "--output", "json"]);
    expect(JSON.parse(json.stdout)).toEqual({ name, arn: snapshot.arn });
  });

  test("--force-delete-without-recovery deletes at once; option errors", async () => {
    const name = secretName("force");
    fake().seed({ name, secretString: '{"A":"1"}' });
    const result = await run(["delete", "-n", name, "-y", "--force-delete-without-recovery", "--output", "json"]);
    expect(JSON.parse(result.stdout)).toMatchObject({ name, recoverable: false });
    expect(stored(name)).toBeUndefined();
    const both = await run(["delete", "-n", name, "-y", "--force-delete-without-recovery", "--recovery-days", "7"]);
    expect(both.stderr).toBe("env-secrets: --recovery-days and --force-delete-without-recovery cannot be combined — choose one\n");
    const range = await run(["delete", "-n", name, "-y", "--recovery-days", "31"]);
    expect(range.stderr).toBe("env-secrets: --recovery-days must be a whole number from 7 to 30, not '31' — AWS keeps a deleted secret restorable for 7 to 30 days (default 30)\n");
    for (const r of [both, range]) expect(r.exitCode).toBe(2);
  });
});

describe("routing and help", () => {
  test("`aws secret --help` lists every command; `aws secret` alone is a usage error", async () => {
    const help = await run(["--help"]);
    expect(help.exitCode).toBe(0);
    for (const command of ["create", "update", "upsert", "append", "remove", "list", "get", "value", "delete", "restore"]) {
      expect(help.stdout).toMatch(new RegExp(`^ +${command} +\\S`, "m"));
    }
    // 0.7's other name for upsert is listed with it.
    expect(help.stdout.replace(/\s+/g, " ")).toContain("(also: aws secret import)");
    const alone = await run([]);
    expect(alone.stderr).toBe(
      "env-secrets: 'env-secrets aws secret' needs a command — commands: create, update, upsert, import, append, remove, list, get, value, delete, restore; see 'env-secrets aws secret --help'\n",
    );
    expect(alone.exitCode).toBe(2);
  });

  test("a command's --help shows its usage under its full name and makes no AWS call", async () => {
    const help = await run(["create", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("USAGE\n  env-secrets aws secret create -n <name> (-v VALUE | --value-stdin | -f FILE |");
    expect(help.stdout).toContain("--value-stdin");
    expect(fake().requests).toEqual([]);
  });
});
