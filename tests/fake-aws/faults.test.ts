/**
 * Injected faults, IAM denials and latency, observed through the real SDK:
 * the right exception class, the SDK's own retry behaviour, and network errors.
 */

import { describe, expect, test } from "bun:test";
import {
  BatchGetSecretValueCommand,
  DecryptionFailure,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InternalServiceError,
  InvalidRequestException,
  SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { rejectionOf, sdkClient, useFakeAwsWithClients } from "./sdk-test-client";

const { fake, client, retryingClient } = await useFakeAwsWithClients();
const { arn: appArn } = fake.seed({ name: "demo/app", secretString: "app-value" });
fake.seed({ name: "demo/db", secretString: "db-value" });

const getApp = () => new GetSecretValueCommand({ SecretId: "demo/app" });

describe("throttle", () => {
  test("is ThrottlingException 'Rate exceeded' and the SDK retries it", async () => {
    fake.inject({ kind: "throttle", operation: "GetSecretValue", times: 2 });

    const output = await retryingClient.send(getApp());

    expect(output.SecretString).toBe("app-value");
    expect(output.$metadata.attempts).toBe(3);
    expect(fake.requests.map((r) => r.status)).toEqual([400, 400, 200]);
  });

  test("the SDK's stock retry configuration retries it too", async () => {
    fake.inject({ kind: "throttle", times: 1 });
    const stock = sdkClient(fake, { maxAttempts: 2, stockBackoff: true });

    const output = await stock.send(getApp());
    stock.destroy();

    expect(output.SecretString).toBe("app-value");
    expect(fake.requests).toHaveLength(2);
  });

  test("surfaces as ThrottlingException when retries run out", async () => {
    fake.inject({ kind: "throttle" });

    const error = await rejectionOf(retryingClient.send(getApp()));

    expect(error).toBeInstanceOf(SecretsManagerServiceException);
    expect(error.name).toBe("ThrottlingException");
    expect(error.message).toBe("Rate exceeded");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 3 });
  });
});

describe("internal", () => {
  test("is InternalServiceError with status 500, retried by the SDK", async () => {
    fake.inject({ kind: "internal", times: 1 });

    const recovered = await retryingClient.send(getApp());
    fake.inject({ kind: "internal", times: 1 });
    const error = await rejectionOf(client.send(getApp()));

    expect(recovered.$metadata.attempts).toBe(2);
    expect(error).toBeInstanceOf(InternalServiceError);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 500 });
  });
});

describe("drop", () => {
  test("closes the connection without a response: a network error, not a service error", async () => {
    fake.inject({ kind: "drop", operation: "GetSecretValue", times: 1 });

    const error = await rejectionOf(client.send(getApp()));

    expect(error).not.toBeInstanceOf(SecretsManagerServiceException);
    expect(error.$metadata).not.toHaveProperty("httpStatusCode");
    expect(["ECONNRESET", "EPIPE"]).toContain(String(error.code));
    expect(fake.requests[0]?.status).toBe(0);
  });

  test("the SDK retries a dropped request and succeeds", async () => {
    fake.inject({ kind: "drop", times: 1 });

    const output = await retryingClient.send(getApp());

    expect(output.SecretString).toBe("app-value");
    expect(fake.requests.map((r) => r.status)).toEqual([0, 200]);
  });
});

describe("per-secret faults", () => {
  test("access-denied names principal, action and resource ARN like IAM", async () => {
    fake.inject({ kind: "access-denied", secretId: "demo/app" });

    const error = await rejectionOf(client.send(getApp()));

    expect(error.name).toBe("AccessDeniedException");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
    expect(error.message).toBe(
      `User: arn:aws:iam::123456789012:user/AKIDEXAMPLE is not authorized to perform: secretsmanager:GetSecretValue on resource: ${appArn} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    );
  });

  test("decryption-failure is DecryptionFailure", async () => {
    fake.inject({ kind: "decryption-failure", secretId: "demo/app" });

    const error = await rejectionOf(client.send(getApp()));

    expect(error).toBeInstanceOf(DecryptionFailure);
  });

  test("invalid-request is InvalidRequestException", async () => {
    fake.inject({ kind: "invalid-request", operation: "GetSecretValue" });

    const error = await rejectionOf(client.send(getApp()));

    expect(error).toBeInstanceOf(InvalidRequestException);
  });

  test("error sends an arbitrary code and message", async () => {
    fake.inject({ kind: "error", code: "KMSInvalidStateException", message: "Key pending deletion" });

    const error = await rejectionOf(client.send(getApp()));

    expect(error.name).toBe("KMSInvalidStateException");
    expect(error.message).toBe("Key pending deletion");
  });

  test("a fault armed by name also matches requests that use the ARN, and only that secret", async () => {
    fake.inject({ kind: "decryption-failure", secretId: "demo/app" });

    const byArn = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: appArn })));
    const other = await client.send(new GetSecretValueCommand({ SecretId: "demo/db" }));

    expect(byArn).toBeInstanceOf(DecryptionFailure);
    expect(other.SecretString).toBe("db-value");
  });

  test("inside BatchGetSecretValue they land in Errors for that id only", async () => {
    fake.inject({ kind: "decryption-failure", secretId: "demo/app", operation: "GetSecretValue" });

    const output = await client.send(new BatchGetSecretValueCommand({ SecretIdList: ["demo/app", "demo/db"] }));

    expect(output.SecretValues?.map((v) => v.Name)).toEqual(["demo/db"]);
    expect(output.Errors).toMatchObject([{ SecretId: "demo/app", ErrorCode: "DecryptionFailure" }]);
  });
});

describe("limit-exceeded", () => {
  test("is LimitExceededException with the API reference's wording", async () => {
    fake.inject({ kind: "limit-exceeded", operation: "GetSecretValue", times: 1 });

    const error = await rejectionOf(client.send(getApp()));

    expect(error.name).toBe("LimitExceededException");
    expect(error.message).toBe("The request failed because it would exceed one of the Secrets Manager quotas.");
    expect(fake.requests[0]).toMatchObject({ errorCode: "LimitExceededException", fault: "limit-exceeded" });
  });
});

describe("fault matching and counting", () => {
  test("times counts down per matching request; other operations are untouched", async () => {
    fake.inject({ kind: "internal", operation: "GetSecretValue", times: 2 });

    await client.send(new DescribeSecretCommand({ SecretId: "demo/app" }));
    const first = await rejectionOf(client.send(getApp()));
    const second = await rejectionOf(client.send(getApp()));
    const third = await client.send(getApp());

    expect(first).toBeInstanceOf(InternalServiceError);
    expect(second).toBeInstanceOf(InternalServiceError);
    expect(third.SecretString).toBe("app-value");
  });

  test("clearFaults disarms everything", async () => {
    fake.inject({ kind: "throttle" });
    fake.clearFaults();

    const output = await client.send(getApp());

    expect(output.SecretString).toBe("app-value");
  });
});

describe("deny", () => {
  test("an operation the fake does not serve cannot be denied or given a fault", () => {
    expect(() => fake.deny("RotateSecret")).toThrow(RangeError);
    expect(() => fake.inject({ kind: "internal", operation: "RotateSecret" })).toThrow(
      "the fake Secrets Manager does not implement RotateSecret; it supports GetSecretValue, BatchGetSecretValue, DescribeSecret, CreateSecret, UpdateSecret, PutSecretValue, ListSecrets, DeleteSecret, RestoreSecret, TagResource, UntagResource",
    );
  });

  test("denies every call of the operation and nothing else", async () => {
    fake.deny("GetSecretValue");

    const error = await rejectionOf(client.send(getApp()));
    const described = await client.send(new DescribeSecretCommand({ SecretId: "demo/app" }));

    expect(error.name).toBe("AccessDeniedException");
    expect(error.message).toContain("is not authorized to perform: secretsmanager:GetSecretValue");
    expect(error.message).toContain(`on resource: ${appArn}`);
    expect(described.Name).toBe("demo/app");
  });

  test("denying BatchGetSecretValue fails the whole batch call without naming a resource", async () => {
    fake.deny("BatchGetSecretValue");

    const error = await rejectionOf(client.send(new BatchGetSecretValueCommand({ SecretIdList: ["demo/app"] })));

    expect(error.name).toBe("AccessDeniedException");
    expect(error.message).toContain("secretsmanager:BatchGetSecretValue because");
  });

  test("denying GetSecretValue makes each id of a batch fail in Errors, as AWS requires both", async () => {
    fake.deny("GetSecretValue");

    const output = await client.send(new BatchGetSecretValueCommand({ SecretIdList: ["demo/app", "demo/db"] }));

    expect(output.SecretValues).toEqual([]);
    expect(output.Errors?.map((e) => e.ErrorCode)).toEqual(["AccessDeniedException", "AccessDeniedException"]);
  });

  test("names an assumed role when the caller uses a session token", async () => {
    fake.deny("GetSecretValue");
    const sessionClient = sdkClient(fake, {
      credentials: { accessKeyId: "ASIATEMP", secretAccessKey: "s", sessionToken: "token-123" },
    });

    const error = await rejectionOf(sessionClient.send(getApp()));
    sessionClient.destroy();

    expect(error.message).toStartWith("User: arn:aws:sts::123456789012:assumed-role/");
    expect(fake.requests[0]?.sessionToken).toBe("token-123");
  });
});

describe("latency", () => {
  test("delays every response, errors included", async () => {
    fake.setLatency(120);

    const started = performance.now();
    await client.send(getApp());
    await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: "no/such" })));
    const elapsed = performance.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(235);
  });
});
