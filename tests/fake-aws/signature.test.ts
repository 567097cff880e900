/**
 * SigV4 verification against requests signed by the real SDK: the right key
 * passes, a wrong key, an unknown key id, a tampered body or a stale clock
 * are refused with the errors AWS sends.
 */

import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { GetSecretValueCommand, SecretsManagerServiceException } from "@aws-sdk/client-secrets-manager";
import { rejectionOf, sdkClient, TEST_CREDENTIALS } from "./sdk-test-client";
import { type FakeAws, startFakeAws } from "./server";

const fake: FakeAws = await startFakeAws();
fake.seed({ name: "demo/aaa", secretString: "value-a" });
fake.seed({ name: "demo/bbb", secretString: "value-b" });

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.allowedCredentials({ [TEST_CREDENTIALS.accessKeyId]: TEST_CREDENTIALS.secretAccessKey });
  fake.clearRequests();
});

const getA = () => new GetSecretValueCommand({ SecretId: "demo/aaa" });

describe("with allowed credentials", () => {
  test("a request signed with the right key is served", async () => {
    const client = sdkClient(fake);

    const output = await client.send(getA());

    expect(output.SecretString).toBe("value-a");
  });

  test("a session token, when signed, is part of the verified request and recorded", async () => {
    fake.allowedCredentials({ ASIATEMPORARY: "temporary-secret" });
    const client = sdkClient(fake, {
      credentials: { accessKeyId: "ASIATEMPORARY", secretAccessKey: "temporary-secret", sessionToken: "tok" },
    });

    const output = await client.send(getA());

    expect(output.SecretString).toBe("value-a");
    expect(fake.requests[0]).toMatchObject({ accessKeyId: "ASIATEMPORARY", sessionToken: "tok" });
  });

  test("a session token changed after signing is refused", async () => {
    fake.allowedCredentials({ ASIATEMPORARY: "temporary-secret" });
    const client = sdkClient(fake, {
      credentials: { accessKeyId: "ASIATEMPORARY", secretAccessKey: "temporary-secret", sessionToken: "tok" },
    });
    // The deserialize step runs after signing, right before the request is sent.
    client.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers["x-amz-security-token"] = "forged";
        return next(args);
      },
      { step: "deserialize", name: "forgeTokenAfterSigning" },
    );

    const error = await rejectionOf(client.send(getA()));

    expect(error.name).toBe("InvalidSignatureException");
    expect(fake.requests[0]?.sessionToken).toBe("forged");
  });

  test("a wrong secret key is InvalidSignatureException", async () => {
    const client = sdkClient(fake, {
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: "not-the-key" },
    });

    const error = await rejectionOf(client.send(getA()));

    expect(error).toBeInstanceOf(SecretsManagerServiceException);
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.message).toStartWith("The request signature we calculated does not match");
    expect(fake.requests[0]?.status).toBe(400);
  });

  test("an unknown access key id is UnrecognizedClientException", async () => {
    const client = sdkClient(fake, { credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x" } });

    const error = await rejectionOf(client.send(getA()));

    expect(error.name).toBe("UnrecognizedClientException");
    expect(error.message).toBe("The security token included in the request is invalid.");
  });

  test("a body changed after signing is refused", async () => {
    const client = sdkClient(fake);
    // The deserialize step runs after signing, right before the request is sent.
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: unknown };
        // The SDK serialises the JSON body to bytes (a string in older versions).
        const text =
          request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : String(request.body);
        request.body = new TextEncoder().encode(text.replace("demo/aaa", "demo/bbb"));
        return next(args);
      },
      { step: "deserialize", name: "tamperAfterSigning" },
    );

    const error = await rejectionOf(client.send(getA()));

    expect(error.name).toBe("InvalidSignatureException");
    expect(fake.requests[0]?.secretIds).toEqual(["demo/bbb"]);
  });

  test("a clock more than 15 minutes off is refused, and the SDK corrects its skew and retries", async () => {
    const skewed = sdkClient(fake, { systemClockOffset: -20 * 60 * 1000 });
    const error = await rejectionOf(skewed.send(getA()));

    const selfCorrecting = sdkClient(fake, { systemClockOffset: -20 * 60 * 1000, maxAttempts: 2 });
    const output = await selfCorrecting.send(getA());

    expect(error.name).toBe("InvalidSignatureException");
    expect(error.message).toStartWith("Signature expired");
    expect(output.SecretString).toBe("value-a");
    expect(output.$metadata.attempts).toBe(2);
  });
});

describe("without allowed credentials", () => {
  test("any key is accepted as long as the header is well formed", async () => {
    fake.allowedCredentials(null);
    const client = sdkClient(fake, { credentials: { accessKeyId: "ANYTHING", secretAccessKey: "whatever" } });

    const output = await client.send(getA());

    expect(output.SecretString).toBe("value-a");
    expect(fake.requests[0]?.accessKeyId).toBe("ANYTHING");
  });
});
