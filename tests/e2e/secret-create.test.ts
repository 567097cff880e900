/**
 * `aws secret create` and `update` on the compiled binary against the fake:
 * the one storage rule, metadata, exact output, error texts, and the
 * idempotent retry of a write AWS applied but whose answer was lost.
 */
import { describe, expect, test } from "bun:test";
import { canary } from "../helpers/canary.ts";
import { useSecretCommands } from "../helpers/manage.ts";

const { fake, secretName, run, file, stored, operations } = useSecretCommands("e2e-create");

const V_WARNING =
  "env-secrets: warning: a value given with -v is visible to other users in the process list and stays in your shell history; prefer --prompt, --value-stdin or -f FILE\n";

describe("create", () => {
  test("a JSON object from stdin is stored exactly as given; table output names the secret, ARN and version", async () => {
    const name = secretName("json");
    const input = `{ "PASSWORD": "${canary("pw")}", "PORT": 5432, "RATE": 1.50 }`;
    const result = await run(["create", "-n", name, "--value-stdin"], { stdin: `${input}\n` });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const snapshot = fake().inspect(name)!;
    expect(stored(name)).toBe(input);
    expect(result.stdout).toBe(`created  ${name}\narn      ${snapshot.arn}\nversion  ${snapshot.current!.versionId}\n`);
  });

  test("dotenv text from a file becomes a JSON object; --output json", async () => {
    const name = secretName("dotenv");
    const token = canary("token");
    const path = file("app.env", `# app\nexport API_TOKEN=${token}\nGREETING="hello\\nworld"\n`);
    const result = await run(["create", "-n", name, "-f", path, "--output", "json"]);
    expect(result.exitCode).toBe(0);
    const snapshot = fake().inspect(name)!;
    expect(JSON.parse(result.stdout)).toEqual({ action: "created", name, arn: snapshot.arn, versionId: snapshot.current!.versionId });
    expect(stored(name)).toBe(`{"API_TOKEN":"${token}","GREETING":"hello\\nworld"}`);
  });

  test("a URL given with -v is never split into a key: an error with the fix, nothing created, and the -v warning", async () => {
    const name = secretName("url");
    const result = await run(["create", "-n", name, "-v", "https://x/?t=abc"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `${V_WARNING}env-secrets: ${name}: the value is neither a JSON object nor dotenv text (line 1 is not KEY=value) — add --raw to store it as it is, or --key NAME to store it as {"NAME": value}\n`,
    );
    expect(fake().inspect(name)).toBeUndefined();
    expect(operations()).toEqual([]);
  });

  test("--raw stores the text as it is; --key NAME stores {NAME: text}", async () => {
    const raw = secretName("raw");
    const keyed = secretName("keyed");
    expect((await run(["create", "-n", raw, "--raw", "-v", "https://x/?t=abc"])).exitCode).toBe(0);
    expect((await run(["create", "-n", keyed, "--key", "URL", "-v", "https://x/?t=abc"])).exitCode).toBe(0);
    expect(stored(raw)).toBe("https://x/?t=abc");
    expect(stored(keyed)).toBe('{"URL":"https://x/?t=abc"}');
  });

  test("description, KMS key and tags reach the secret", async () => {
    const name = secretName("meta");
    const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const result = await run(["create", "-n", name, "-v", "A=1", "-d", "the app", "-k", key, "-t", "team=core", "-t", "env=prod"]);
    expect(result.exitCode).toBe(0);
    const snapshot = fake().inspect(name)!;
    expect([snapshot.description, snapshot.kmsKeyId, snapshot.tags]).toEqual(["the app", key, { team: "core", env: "prod" }]);
  });

  test("an existing name: ResourceExistsException with the fix", async () => {
    const name = secretName("exists");
    fake().seed({ name, secretString: '{"A":"1"}' });
    const result = await run(["create", "-n", name, "--value-stdin"], { stdin: '{"A":"2"}' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `env-secrets: ${name}: ResourceExistsException — a secret with this name already exists in us-east-1; change its value with: env-secrets aws secret update -n ${name} (or merge keys with upsert)\n`,
    );
    expect(stored(name)).toBe('{"A":"1"}');
  });

  test("AWS applies the create but the answer is lost: the retry carries the same token, one secret, one version", async () => {
    const name = secretName("retry");
    fake().inject({ kind: "applied-then-5xx", operation: "CreateSecret", times: 1 });
    const result = await run(["create", "-n", name, "--value-stdin"], { stdin: `{"K":"${canary("retry")}"}` });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(operations()).toEqual(["CreateSecret", "CreateSecret"]);
    expect(fake().inspect(name)!.versions).toHaveLength(1);
  });

  test("usage errors: no value, two values, --confirm without --prompt, a bad name, a bad tag (exit 2)", async () => {
    const cases: Array<[string[], string]> = [
      [["create", "-n", "a"], "no value given — give it with -v VALUE, --value-stdin, -f FILE or --prompt"],
      [["create", "-n", "a", "-v", "A=1", "--value-stdin"], "give the value one way only, not -v and --value-stdin — choose one of -v VALUE, --value-stdin, -f FILE or --prompt"],
      [["create", "-n", "a", "-v", "A=1", "--confirm"], "--confirm needs --prompt — it asks for the typed value a second time"],
      [["create", "-n", "a b", "-v", "A=1"], "invalid secret name 'a b' — a name has 1 to 512 letters, digits and /_+=.@- characters"],
      [["create", "-n", "a", "-v", "A=1", "-t", "novalue"], "invalid tag 'novalue' — give tags as -t key=value"],
      [["create", "-v", "A=1"], "no secret named — name it with -n <name>"],
      [["create", "-n", "a", "-v", "A=1", "--raw", "--key", "K"], '--raw and --key cannot be combined — --raw stores the text as it is; --key NAME stores {"NAME": text}'],
      [["create", "-n", "a", "-v", "A=1", "--output", "yaml"], "invalid value for --output: 'yaml' — expected one of table, json"],
      [["frobnicate"], "unknown command 'aws secret frobnicate' — commands: create, update, upsert, import, append, remove, list, get, value, delete, restore; see 'env-secrets aws secret --help'"],
      [["list", "extra"], "unexpected argument 'extra' — see 'env-secrets aws secret list --help'"],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.stderr.replace(V_WARNING, "")).toBe(`env-secrets: ${message}\n`);
      expect(result.exitCode).toBe(2);
    }
    expect(operations()).toEqual([]);
  });

  test("a file that cannot be read and stdin that is not UTF-8 are errors naming the source", async () => {
    const missing = await run(["create", "-n", "a", "-f", "/nonexistent/app.env"]);
    expect(missing.stderr).toBe("env-secrets: /nonexistent/app.env: ENOENT: no such file — check the path given to -f\n");
    expect(missing.exitCode).toBe(1);
    const binary = await run(["create", "-n", "a", "--value-stdin"], { stdin: new Uint8Array([0xff, 0xfe, 0x00]) });
    expect(binary.stderr).toBe("env-secrets: --value-stdin: not UTF-8 text — store binary data as base64 text, with --raw\n");
    expect(binary.exitCode).toBe(1);
  });
});

describe("update", () => {
  test("create and update store the same input the same way (the one storage rule)", async () => {
    const created = secretName("same-a");
    const updated = secretName("same-b");
    fake().seed({ name: updated, secretString: '{"OLD":"x"}' });
    const input = `export A=${canary("a")}\nB='two words'\n`;
    expect((await run(["create", "-n", created, "--value-stdin"], { stdin: input })).exitCode).toBe(0);
    const result = await run(["update", "-n", updated, "--value-stdin"], { stdin: input });
    expect(result.exitCode).toBe(0);
    expect(stored(updated)).toBe(stored(created)!);
    const snapshot = fake().inspect(updated)!;
    expect(result.stdout).toBe(`updated  ${updated}\narn      ${snapshot.arn}\nversion  ${snapshot.current!.versionId}\n`);
  });

  test("--output json", async () => {
    const name = secretName("update-json");
    fake().seed({ name, secretString: '{"A":"1"}' });
    const result = await run(["update", "-n", name, "--key", "TOKEN", "--value-stdin", "--output", "json"], { stdin: canary("token") });
    const snapshot = fake().inspect(name)!;
    expect(JSON.parse(result.stdout)).toEqual({ action: "updated", name, arn: snapshot.arn, versionId: snapshot.current!.versionId });
  });

  test("description only: no new version", async () => {
    const name = secretName("desc");
    fake().seed({ name, secretString: '{"A":"1"}' });
    const result = await run(["update", "-n", name, "-d", "new words"]);
    expect(result.exitCode).toBe(0);
    const snapshot = fake().inspect(name)!;
    expect(snapshot.description).toBe("new words");
    expect(snapshot.versions).toHaveLength(1);
    expect(result.stdout).toBe(`updated  ${name}\narn      ${snapshot.arn}\n`);
  });

  test("nothing to update is a usage error", async () => {
    const result = await run(["update", "-n", "a"]);
    expect(result.stderr).toBe(
      "env-secrets: nothing to update — give a new value (-v, --value-stdin, -f FILE or --prompt), a description (-d) or a KMS key (-k)\n",
    );
    expect(result.exitCode).toBe(2);
  });

  test("a secret scheduled for deletion: InvalidRequestException says to restore it", async () => {
    const name = secretName("deleted");
    fake().seed({ name, secretString: '{"A":"1"}', deleted: true });
    const result = await run(["update", "-n", name, "-v", "A=2"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toStartWith(
      `${V_WARNING}env-secrets: ${name}: InvalidRequestException — the secret cannot be changed in its current state, most often because it is scheduled for deletion: run env-secrets aws secret restore -n ${name} (AWS: `,
    );
  });

  test("a missing secret: ResourceNotFoundException with the create command", async () => {
    const name = secretName("missing");
    const result = await run(["update", "-n", name, "-v", "A=2"]);
    expect(result.stderr).toBe(
      `${V_WARNING}env-secrets: ${name}: ResourceNotFoundException — no such secret in us-east-1; check the name, the region (-r) and the account of your credentials, or create it: env-secrets aws secret create -n ${name}\n`,
    );
    expect(result.exitCode).toBe(1);
  });

  test("KMS errors and quotas, by code: EncryptionFailure, LimitExceededException, AccessDeniedException", async () => {
    const name = secretName("codes");
    fake().seed({ name, secretString: '{"A":"1"}' });
    fake().inject({ kind: "error", code: "EncryptionFailure", operation: "UpdateSecret", times: 1, message: "key disabled" });
    const kms = await run(["update", "-n", name, "--value-stdin"], { stdin: "A=2" });
    expect(kms.stderr).toBe(
      `env-secrets: ${name}: EncryptionFailure — KMS could not encrypt the value with the secret's key: check that the key (-k) is enabled and allow kms:GenerateDataKey and kms:Decrypt on it for UpdateSecret\n`,
    );
    // The SDK counts LimitExceededException among throttling errors and retries it: every attempt fails here.
    fake().inject({ kind: "limit-exceeded", operation: "UpdateSecret" });
    const limit = await run(["update", "-n", name, "--value-stdin"], { stdin: "A=2" });
    expect(limit.stderr).toMatch(new RegExp(`^env-secrets: ${name}: LimitExceededException — a Secrets Manager quota was reached \\(AWS: .+\\); wait and retry, or ask for a quota increase in Service Quotas\\n$`));
    fake().clearFaults();
    fake().deny("UpdateSecret");
    const denied = await run(["update", "-n", name, "--value-stdin"], { stdin: "A=2" });
    expect(denied.stderr).toMatch(
      new RegExp(`^env-secrets: ${name}: AccessDeniedException — your credentials may not call secretsmanager:UpdateSecret here: allow it on this secret in the IAM policy \\(AWS: .*secretsmanager:UpdateSecret.*\\)\\n$`),
    );
    for (const result of [kms, limit, denied]) expect(result.exitCode).toBe(1);
    expect(stored(name)).toBe('{"A":"1"}');
  });
});
