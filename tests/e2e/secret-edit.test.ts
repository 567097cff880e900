/**
 * The read-modify-write commands (upsert, append, remove) on the compiled
 * binary: exact reports, values kept byte for byte, the AWSCURRENT check
 * against a write that happens between the read and the write, idempotent
 * retries, and a failed read never turning into an overwrite.
 */
import { describe, expect, test } from "bun:test";
import { canary } from "../helpers/canary.ts";
import { useSecretCommands } from "../helpers/manage.ts";

const { fake, secretName, run, file, stored, operations } = useSecretCommands("e2e-edit");

describe("upsert", () => {
  test("creates the secret from an env file; duplicates and malformed lines reported with their line numbers", async () => {
    const name = secretName("new");
    const [a, b, a2] = [canary("a"), canary("b"), canary("a2")];
    const path = file("prod.env", `# prod\nA=${a}\nexport B='${b}'\nthis line is wrong\nA=${a2}\n`);
    const result = await run(["upsert", "-n", name, "-f", path, "-t", "team=core"]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(`env-secrets: warning: ${path}: line 4 is not KEY=value; skipped\n`);
    const snapshot = fake().inspect(name)!;
    expect(stored(name)).toBe(`{"A":"${a2}","B":"${b}"}`);
    expect(snapshot.tags).toEqual({ team: "core" });
    expect(result.stdout).toBe(
      [
        "LINE  KEY  ACTION   NOTE",
        "2     A    skipped  repeated on line 5, which wins",
        "3     B    created",
        "4          skipped  not KEY=value",
        "5     A    created",
        "",
        `created ${name}: created 2, updated 0, unchanged 0, skipped 2; new version ${snapshot.current!.versionId}`,
        "",
      ].join("\n"),
    );
  });

  test("merges over the existing object: other keys keep their exact text; JSON report; `import` is the same command", async () => {
    const name = secretName("merge");
    const keep = canary("keep");
    fake().seed({ name, secretString: `{"KEEP":"${keep}","PORT":5432,"RATE":1.50,"CHANGE":"old"}` });
    const changed = canary("changed");
    const path = file(".env", `PORT=5432\nCHANGE=${changed}\nNEW=n\n`);
    const result = await run(["import", "-n", name, "-f", path, "--output", "json"]);
    expect(result.exitCode).toBe(0);
    expect(stored(name)).toBe(`{"KEEP":"${keep}","PORT":5432,"RATE":1.50,"CHANGE":"${changed}","NEW":"n"}`);
    const snapshot = fake().inspect(name)!;
    expect(JSON.parse(result.stdout)).toEqual({
      name,
      arn: snapshot.arn,
      secretCreated: false,
      versionId: snapshot.current!.versionId,
      counts: { created: 1, updated: 1, unchanged: 1, skipped: 0 },
      rows: [
        { action: "unchanged", key: "PORT", line: 1 },
        { action: "updated", key: "CHANGE", line: 2 },
        { action: "created", key: "NEW", line: 3 },
      ],
    });
    expect(operations()).toEqual(["GetSecretValue", "DescribeSecret", "PutSecretValue"]);
  });

  test("on an existing secret, -d, -k and -t change its description, key and tags too", async () => {
    const name = secretName("meta");
    fake().seed({ name, secretString: '{"A":"1"}', tags: { old: "x" } });
    const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-0000-0000-0000-000000000002";
    const result = await run(["upsert", "-n", name, "-f", file(".env", "B=2\n"), "-d", "merged", "-k", key, "-t", "team=core"]);
    expect(result.exitCode).toBe(0);
    const snapshot = fake().inspect(name)!;
    expect([snapshot.description, snapshot.kmsKeyId, snapshot.tags]).toEqual(["merged", key, { old: "x", team: "core" }]);
    expect(operations()).toEqual(["GetSecretValue", "DescribeSecret", "PutSecretValue", "UpdateSecret", "TagResource"]);
    expect(stored(name)).toBe('{"A":"1","B":"2"}');
  });

  test("nothing changed: no write, no new version", async () => {
    const name = secretName("same");
    fake().seed({ name, secretString: '{"A":"1"}' });
    const result = await run(["upsert", "-n", name, "-f", file(".env", "A=1\n")]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toEndWith(`updated ${name}: created 0, updated 0, unchanged 1, skipped 0; nothing written: no key changed\n`);
    expect(operations()).toEqual(["GetSecretValue"]);
    expect(fake().inspect(name)!.versions).toHaveLength(1);
  });

  test("conflict: another write moves AWSCURRENT between the read and the write; nothing is written", async () => {
    const name = secretName("conflict");
    const read = fake().seed({ name, secretString: '{"A":"1"}' }).versionId;
    const theirs = canary("theirs");
    let moved = "";
    fake().onceBefore("DescribeSecret", () => {
      moved = fake().rotate(name, `{"A":"${theirs}"}`);
    });
    const result = await run(["upsert", "-n", name, "-f", file(".env", `A=${canary("mine")}\n`)]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `env-secrets: ${name}: conflict: the secret changed while this command ran — it was read at version ${read}, but AWSCURRENT is now ${moved}; nothing was written — run the command again to apply it to the new value\n`,
    );
    expect(result.stdout).toBe("");
    expect(operations()).not.toContain("PutSecretValue");
    expect(stored(name)).toBe(`{"A":"${theirs}"}`);
  });

  test("a failed read is an error, never a create or an overwrite", async () => {
    const name = secretName("unreadable");
    fake().seed({ name, secretString: '{"A":"1"}' });
    fake().deny("GetSecretValue", name);
    const result = await run(["upsert", "-n", name, "-f", file(".env", "A=2\n")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^env-secrets: ${name}: AccessDeniedException — your credentials may not call secretsmanager:GetSecretValue here`));
    expect(operations()).toEqual(["GetSecretValue"]);
    expect(stored(name)).toBe('{"A":"1"}');
  });

  test("a secret that is not a JSON object is refused", async () => {
    const name = secretName("text");
    fake().seed({ name, secretString: "plain token text" });
    const result = await run(["upsert", "-n", name, "-f", file(".env", "A=2\n")]);
    expect(result.stderr).toBe(
      `env-secrets: ${name}: the secret is not a JSON object — upsert edits keys of a JSON-object secret; replace the whole value with: env-secrets aws secret update -n ${name} -f FILE\n`,
    );
    expect(result.exitCode).toBe(1);
  });

  test("a file without any assignment, and no -f", async () => {
    const path = file(".env", "# nothing\n");
    const empty = await run(["upsert", "-n", "x", "-f", path]);
    expect(empty.stderr).toBe(`env-secrets: ${path}: no KEY=value line — the file has only blank lines and comments\n`);
    expect(empty.exitCode).toBe(1);
    const none = await run(["upsert", "-n", "x"]);
    expect(none.stderr).toBe("env-secrets: no env file given — name it with -f <file>, e.g. -f .env\n");
    expect(none.exitCode).toBe(2);
  });
});

describe("append", () => {
  test("sets one key; every other value keeps its text; the write retried after a lost answer makes one version", async () => {
    const name = secretName("append");
    const keep = canary("keep");
    fake().seed({ name, secretString: `{"KEEP":"${keep}","N":12345678901234567890}` });
    fake().inject({ kind: "applied-then-5xx", operation: "PutSecretValue", times: 1 });
    const value = canary("new");
    const result = await run(["append", "-n", name, "--key", "TOKEN", "--value-stdin"], { stdin: `${value}\n` });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(stored(name)).toBe(`{"KEEP":"${keep}","N":12345678901234567890,"TOKEN":"${value}"}`);
    const snapshot = fake().inspect(name)!;
    expect(snapshot.versions).toHaveLength(2);
    expect(operations()).toEqual(["GetSecretValue", "DescribeSecret", "PutSecretValue", "PutSecretValue"]);
    expect(result.stdout).toBe(`key created  TOKEN\nsecret       ${name}\nversion      ${snapshot.current!.versionId}\n`);
  });

  test("conflict on append: nothing written, both versions named", async () => {
    const name = secretName("append-conflict");
    const read = fake().seed({ name, secretString: '{"A":"1"}' }).versionId;
    let moved = "";
    fake().onceBefore("DescribeSecret", () => {
      moved = fake().rotate(name, '{"A":"2"}');
    });
    const result = await run(["append", "-n", name, "--key", "B", "--value-stdin"], { stdin: canary("b") });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`it was read at version ${read}, but AWSCURRENT is now ${moved}; nothing was written`);
    expect(stored(name)).toBe('{"A":"2"}');
  });

  test("--output json; a value equal to the stored one writes nothing", async () => {
    const name = secretName("append-json");
    fake().seed({ name, secretString: '{"A":"1"}' });
    const value = canary("b");
    const result = await run(["append", "-n", name, "--key", "B", "--value-stdin", "--output", "json"], { stdin: value });
    const snapshot = fake().inspect(name)!;
    expect(JSON.parse(result.stdout)).toEqual({ name, arn: snapshot.arn, key: "B", action: "created", versionId: snapshot.current!.versionId });
    const again = await run(["append", "-n", name, "--key", "B", "--value-stdin"], { stdin: value });
    expect(again.stdout).toBe(`key unchanged  B\nsecret         ${name}\nversion        unchanged: nothing written\n`);
    expect(fake().inspect(name)!.versions).toHaveLength(2);
  });

  test("a missing secret and a missing key option", async () => {
    const name = secretName("append-missing");
    const missing = await run(["append", "-n", name, "--key", "K", "--value-stdin"], { stdin: "v" });
    expect(missing.stderr).toBe(
      `env-secrets: ${name}: ResourceNotFoundException — no such secret in us-east-1; check the name, the region (-r) and the account of your credentials, or create it: env-secrets aws secret create -n ${name}\n`,
    );
    expect(missing.exitCode).toBe(1);
    const noKey = await run(["append", "-n", name, "--value-stdin"], { stdin: "v" });
    expect(noKey.stderr).toBe("env-secrets: no key given — name the key to set with --key KEY\n");
    expect(noKey.exitCode).toBe(2);
  });
});

describe("remove", () => {
  test("removes keys and names the missing ones", async () => {
    const name = secretName("remove");
    const keep = canary("keep");
    fake().seed({ name, secretString: `{"A":"${canary("a")}","KEEP":"${keep}","B":2}` });
    const result = await run(["remove", "-n", name, "--key", "A", "--key", "B", "--key", "GONE"]);
    expect(result.exitCode).toBe(0);
    expect(stored(name)).toBe(`{"KEEP":"${keep}"}`);
    expect(result.stderr).toBe(`env-secrets: warning: ${name} has no key GONE\n`);
    expect(result.stdout).toBe(`removed  A, B\nmissing  GONE\nsecret   ${name}\nversion  ${fake().inspect(name)!.current!.versionId}\n`);
  });

  test("--output json", async () => {
    const name = secretName("remove-json");
    fake().seed({ name, secretString: '{"A":"1","B":"2"}' });
    const result = await run(["remove", "-n", name, "--key", "A", "--output", "json"]);
    const snapshot = fake().inspect(name)!;
    expect(JSON.parse(result.stdout)).toEqual({ name, arn: snapshot.arn, removed: ["A"], missing: [], versionId: snapshot.current!.versionId });
    expect(result.stderr).toBe("");
  });

  test("refuses to remove every key, and when none of the keys is there", async () => {
    const name = secretName("remove-all");
    fake().seed({ name, secretString: '{"A":"1","B":"2"}' });
    const all = await run(["remove", "-n", name, "--key", "A", "--key", "B"]);
    expect(all.stderr).toBe(
      `env-secrets: ${name}: removing A, B would leave the secret without keys — to delete the secret itself: env-secrets aws secret delete -n ${name} -y\n`,
    );
    const none = await run(["remove", "-n", name, "--key", "X"]);
    expect(none.stderr).toBe(`env-secrets: ${name}: no key X in the secret — its keys: A, B\n`);
    for (const result of [all, none]) expect(result.exitCode).toBe(1);
    expect(operations()).not.toContain("PutSecretValue");
  });
});
