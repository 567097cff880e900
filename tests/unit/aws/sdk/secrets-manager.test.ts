import { describe, expect, test } from "bun:test";
import { redactor } from "../../../../src/log/logger.ts";
import { listFilters, SecretsApi } from "../../../../src/aws/sdk/secrets-manager.ts";
import { awsError, memoryPort } from "./memory-secrets-manager.ts";

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe("SecretsApi", () => {
  test("every write carries a fresh ClientRequestToken", async () => {
    const aws = memoryPort();
    const api = new SecretsApi(aws.port);
    await api.create("app", '{"A":"1"}', { description: "d", tags: [{ Key: "t", Value: "v" }] });
    const read = (await api.readCurrent("app"))!;
    await api.replace(read, '{"A":"2"}');
    await api.update("app", { secretString: '{"A":"3"}' });
    const tokens = aws.sent.filter((s) => ["CreateSecret", "PutSecretValue", "UpdateSecret"].includes(s.operation)).map((s) => s.input.ClientRequestToken);
    expect(tokens).toHaveLength(3);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(tokens).size).toBe(3);
    expect(aws.sent.find((s) => s.operation === "CreateSecret")!.input).toMatchObject({ Description: "d", Tags: [{ Key: "t", Value: "v" }] });
  });

  test("a retried write (same token) after AWS applied it makes no second version", async () => {
    const aws = memoryPort();
    const api = new SecretsApi(aws.port);
    await api.create("app", '{"A":"1"}');
    const read = (await api.readCurrent("app"))!;
    // The SDK resends the same command object on a retry: replay the PutSecretValue it sent.
    let replayed = false;
    aws.before((sent) => {
      if (sent.operation === "PutSecretValue" && !replayed) {
        replayed = true;
        aws.port.send({ constructor: { name: "PutSecretValueCommand" }, input: sent.input } as never);
      }
    });
    await api.replace(read, '{"A":"2"}');
    expect(aws.versionCount("app")).toBe(2);
    expect(aws.currentText("app")).toBe('{"A":"2"}');
  });

  test("replace writes nothing when AWSCURRENT moved after the read, naming both versions", async () => {
    const aws = memoryPort();
    const api = new SecretsApi(aws.port);
    await api.create("app", '{"A":"1"}');
    const read = (await api.readCurrent("app"))!;
    const theirs = aws.writeAsSomeoneElse("app", '{"A":"theirs"}');
    const error = await rejection(api.replace(read, '{"A":"mine"}'));
    expect(error.message).toBe(
      `app: conflict: the secret changed while this command ran — it was read at version ${read.versionId}, but AWSCURRENT is now ${theirs}; nothing was written — run the command again to apply it to the new value`,
    );
    expect(aws.sent.some((s) => s.operation === "PutSecretValue")).toBe(false);
    expect(aws.currentText("app")).toBe('{"A":"theirs"}');
  });

  test("readCurrent: a missing secret is undefined, any other failure an error (never an overwrite)", async () => {
    const aws = memoryPort();
    const api = new SecretsApi(aws.port);
    expect(await api.readCurrent("nope")).toBeUndefined();
    aws.before(() => {
      throw awsError("AccessDeniedException", "User: arn:aws:iam::1:user/u is not authorized to perform: secretsmanager:GetSecretValue");
    });
    expect((await rejection(api.readCurrent("nope"))).message).toBe(
      "nope: AccessDeniedException — your credentials may not call secretsmanager:GetSecretValue here: allow it on this secret in the IAM policy (AWS: User: arn:aws:iam::1:user/u is not authorized to perform: secretsmanager:GetSecretValue)",
    );
  });

  test("values read and written are registered with the redactor first", async () => {
    const aws = memoryPort();
    const api = new SecretsApi(aws.port);
    await api.create("app", '{"WRITTEN":"written-value-1"}');
    expect(redactor.redact("x written-value-1 x")).toBe("x **** x");
    aws.writeAsSomeoneElse("app", '{"READ":"read-value-2","N":98765}');
    await api.readCurrent("app");
    expect(redactor.redact("read-value-2 98765")).toBe("**** ****");
  });

  test("list filters in AWS, pages through every result, and keeps the exact prefix and tag pairs", async () => {
    const aws = memoryPort();
    const api = new SecretsApi(aws.port);
    for (const [name, tags] of [
      ["app/a", [{ Key: "team", Value: "x" }]],
      ["app/b", [{ Key: "team", Value: "x" }]],
      ["app/c", [{ Key: "team", Value: "y" }, { Key: "other", Value: "x" }]],
      ["other/app/d", [{ Key: "team", Value: "x" }]],
      ["app/e", [{ Key: "team", Value: "x" }]],
    ] as const) {
      await api.create(name, '{"A":"1"}', { tags: [...tags] });
    }
    const pages: number[] = [];
    const found = await api.list({ prefix: "app/", tags: [{ Key: "team", Value: "x" }] }, (n) => pages.push(n));
    expect(found.map((e) => e.name)).toEqual(["app/a", "app/b", "app/e"]);
    const lists = aws.sent.filter((s) => s.operation === "ListSecrets");
    expect(lists.length).toBe(pages.length);
    expect(lists.length).toBeGreaterThan(1);
    expect(lists[0]!.input.Filters).toEqual(listFilters({ prefix: "app/", tags: [{ Key: "team", Value: "x" }] }));
    expect(lists[0]!.input.Filters).toEqual([
      { Key: "name", Values: ["app/"] },
      { Key: "tag-key", Values: ["team"] },
      { Key: "tag-value", Values: ["x"] },
    ]);
  });

  test("delete with a recovery window or without recovery, and restore", async () => {
    const aws = memoryPort();
    const api = new SecretsApi(aws.port);
    await api.create("app", '{"A":"1"}');
    expect((await api.delete("app", { recoveryDays: 7 })).deletionDate).toEqual(new Date(Date.UTC(2026, 0, 8)));
    expect(aws.sent.at(-1)!.input).toEqual({ SecretId: "app", RecoveryWindowInDays: 7 });
    await api.restore("app");
    await api.delete("app", { force: true });
    expect(aws.sent.at(-1)!.input).toEqual({ SecretId: "app", ForceDeleteWithoutRecovery: true });
  });
});
