/**
 * The test hooks the product's tests build on: rotating a secret, running
 * code between two requests, spoiling the answer of a write that was
 * carried out (so retries must be idempotent), and reading a secret back.
 */

import { describe, expect, test } from "bun:test";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InternalServiceError,
  PutSecretValueCommand,
  SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { nameSequence, rejectionOf, useFakeAwsWithClients } from "./sdk-test-client";

const { fake, client, retryingClient } = await useFakeAwsWithClients();

const uniqueName = nameSequence("hooks/app");

const currentVersion = async (name: string) => {
  const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
  return Object.entries(described.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes("AWSCURRENT"))?.[0];
};

describe("rotate", () => {
  test("puts a new AWSCURRENT version, demotes the old one to AWSPREVIOUS, and sends no request", async () => {
    const name = uniqueName();
    const first = fake.seed({ name, secretString: "before" });

    const rotatedId = fake.rotate(name, "after");
    const current = await client.send(new GetSecretValueCommand({ SecretId: name }));
    const previous = await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPREVIOUS" }));

    expect(current).toMatchObject({ SecretString: "after", VersionId: rotatedId, VersionStages: ["AWSCURRENT"] });
    expect(previous).toMatchObject({ SecretString: "before", VersionId: first.versionId });
    expect(fake.requests.map((r) => r.operation)).toEqual(["GetSecretValue", "GetSecretValue"]);
  });

  test("takes an ARN (its region included), a binary value and a chosen version id", async () => {
    const name = uniqueName();
    const { arn } = fake.seed({ name, region: "eu-west-1", secretString: "x" });
    const versionId = "rotated-version-0000000000000000000000";

    expect(fake.rotate(arn, new Uint8Array([7]), { versionId })).toBe(versionId);
    expect(fake.inspect(name, { region: "eu-west-1" })?.current).toMatchObject({ versionId, value: new Uint8Array([7]) });
  });

  test("a missing secret or one scheduled for deletion is a test error", () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x", deleted: true });

    expect(() => fake.rotate("no/such", "x")).toThrow("no secret no/such in us-east-1");
    expect(() => fake.rotate(name, "y")).toThrow("scheduled for deletion");
  });
});

describe("onceBefore", () => {
  test("moves AWSCURRENT between a read and a write, so a conflict check can see it", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: '{"A":"1"}' });
    const read = await client.send(new GetSecretValueCommand({ SecretId: name }));
    let rotatedId = "";
    fake.onceBefore("DescribeSecret", () => {
      rotatedId = fake.rotate(name, '{"A":"2"}');
    });

    const currentAtWrite = await currentVersion(name);

    expect(rotatedId).not.toBe("");
    expect(currentAtWrite).toBe(rotatedId);
    expect(currentAtWrite).not.toBe(read.VersionId);
  });

  test("runs once, for the next request of that operation only, and the request waits for it", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "x" });
    const calls: string[] = [];
    fake.onceBefore("DescribeSecret", async (request) => {
      await Bun.sleep(20);
      calls.push(`hook ${request.operation} ${request.secretIds.join(",")}`);
    });

    await client.send(new GetSecretValueCommand({ SecretId: name }));
    await client.send(new DescribeSecretCommand({ SecretId: name }));
    calls.push("answered");
    await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(calls).toEqual([`hook DescribeSecret ${name}`, "answered"]);
  });

  test("an operation the fake does not serve cannot get a hook", () => {
    expect(() => fake.onceBefore("RotateSecret", () => {})).toThrow(RangeError);
  });
});

describe("applied-then-5xx", () => {
  test("carries out the write, answers 500, and the SDK's retry with the same token creates nothing more", async () => {
    const name = uniqueName();
    const first = fake.seed({ name, secretString: "v1" });
    fake.inject({ kind: "applied-then-5xx", operation: "PutSecretValue", times: 1 });

    const put = await retryingClient.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v2" }));

    expect(put.$metadata.attempts).toBe(2);
    expect(fake.inspect(name)?.versions.map((v) => [v.value, v.stages])).toEqual([
      ["v1", ["AWSPREVIOUS"]],
      ["v2", ["AWSCURRENT"]],
    ]);
    expect(put.VersionId).not.toBe(first.versionId);
    expect(fake.requests.map((r) => [r.status, r.errorCode, r.fault])).toEqual([
      [500, "InternalServiceError", "applied-then-5xx"],
      [200, undefined, undefined],
    ]);
  });

  test("a retried CreateSecret succeeds instead of finding its own secret in the way", async () => {
    const name = uniqueName();
    fake.inject({ kind: "applied-then-5xx", operation: "CreateSecret", times: 1 });

    const created = await retryingClient.send(new CreateSecretCommand({ Name: name, SecretString: "v1" }));

    expect(created.VersionId).toBe(fake.inspect(name)?.current?.versionId ?? "missing");
    expect(fake.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  test("without a retry the caller sees InternalServiceError although the write happened", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "v1" });
    fake.inject({ kind: "applied-then-5xx", operation: "PutSecretValue", times: 1 });

    const error = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v2" })));

    expect(error).toBeInstanceOf(InternalServiceError);
    expect(fake.inspect(name)?.current?.value).toBe("v2");
  });
});

describe("applied-then-drop", () => {
  test("carries out the write and closes the connection; the retry is recognised by its token", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "v1" });
    fake.inject({ kind: "applied-then-drop", operation: "PutSecretValue", times: 1 });

    const put = await retryingClient.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v2" }));

    expect(put.VersionId).toBe(fake.inspect(name)?.current?.versionId ?? "missing");
    expect(fake.inspect(name)?.versions).toHaveLength(2);
    expect(fake.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  test("without a retry it is a network error, not a service error", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "v1" });
    fake.inject({ kind: "applied-then-drop", operation: "PutSecretValue", times: 1 });

    const error = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v2" })));

    expect(error).not.toBeInstanceOf(SecretsManagerServiceException);
    expect(fake.inspect(name)?.current?.value).toBe("v2");
  });
});

describe("inspect", () => {
  test("shows versions, labels, tags and deletion without a request", () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "a", versionStages: ["AWSCURRENT", "custom"], tags: { team: "core" } });
    fake.seed({ name, secretString: "b", versionStages: [] });
    fake.seed({ name, secretString: "c", versionStage: "AWSPENDING", deleted: true, recoveryWindowInDays: 7 });

    const snapshot = fake.inspect(name);

    expect(snapshot?.versions.map((v) => [v.value, v.stages])).toEqual([
      ["a", ["AWSCURRENT", "custom"]],
      ["b", []],
      ["c", ["AWSPENDING"]],
    ]);
    expect(snapshot?.current?.value).toBe("a");
    expect(snapshot?.tags).toEqual({ team: "core" });
    expect(snapshot?.deletionDate).toBeInstanceOf(Date);
    expect(fake.inspect("no/such")).toBeUndefined();
    expect(fake.requests).toEqual([]);
  });
});

describe("reset", () => {
  test("disarms faults, denials, policy, quotas and hooks and empties the record; secrets stay", async () => {
    const name = uniqueName();
    fake.seed({ name, secretString: "kept" });
    fake.inject({ kind: "internal" });
    fake.deny("GetSecretValue");
    fake.allowOnly([{ action: "DescribeSecret" }]);
    fake.setQuota("GetSecretValue", 1, 1);
    let hookRan = false;
    fake.onceBefore("GetSecretValue", () => {
      hookRan = true;
    });
    fake.setLatency(2000);

    fake.reset();
    const started = performance.now();
    const reads = await Promise.all([1, 2, 3].map(() => client.send(new GetSecretValueCommand({ SecretId: name }))));

    expect(reads.map((r) => r.SecretString)).toEqual(["kept", "kept", "kept"]);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(hookRan).toBe(false);
    expect(fake.requests).toHaveLength(3);
  });
});
