/**
 * Raw HTTP exchanges, checked against the shapes real AWS sends (see
 * /work/shared/reference/secretsmanager-wire.md): headers, error bodies,
 * epoch-second dates, base64 binaries, and the authentication errors the
 * SDK would never provoke itself.
 */

import { afterAll, describe, expect, test } from "bun:test";
import { type FakeAws, startFakeAws } from "./server";

const fake: FakeAws = await startFakeAws();
fake.seed({ name: "demo/app", secretString: '{"PORT":5432}' });
fake.seed({ name: "demo/cert", secretBinary: new Uint8Array([0, 1, 2, 255]) });

afterAll(async () => {
  await fake.stop();
});

function amzDate(date = new Date()): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, "");
}

/** Headers shaped like an SDK request; the signature is not checked without allowedCredentials. */
function signedShapeHeaders(options: { region?: string; service?: string } = {}): Record<string, string> {
  const date = amzDate();
  const scope = `${date.slice(0, 8)}/${options.region ?? "us-east-1"}/${options.service ?? "secretsmanager"}/aws4_request`;
  return {
    "Content-Type": "application/x-amz-json-1.1",
    "X-Amz-Date": date,
    Authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${"ab".repeat(32)}`,
  };
}

async function call(
  operation: string,
  body: unknown,
  headers: Record<string, string> = signedShapeHeaders(),
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(fake.url, {
    method: "POST",
    headers: { "X-Amz-Target": `secretsmanager.${operation}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, headers: response.headers, json };
}

describe("successful responses", () => {
  test("carry the JSON 1.1 content type and a request id", async () => {
    const { status, headers } = await call("GetSecretValue", { SecretId: "demo/app" });

    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("GetSecretValue sends CreatedDate as epoch seconds and the ARN with a 6-character suffix", async () => {
    const { json } = await call("GetSecretValue", { SecretId: "demo/app" });

    expect(json.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:demo\/app-[A-Za-z0-9]{6}$/);
    expect(json.SecretString).toBe('{"PORT":5432}');
    expect(typeof json.CreatedDate).toBe("number");
    expect(Math.abs((json.CreatedDate as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(json.VersionStages).toEqual(["AWSCURRENT"]);
  });

  test("SecretBinary travels as base64", async () => {
    const { json } = await call("GetSecretValue", { SecretId: "demo/cert" });

    expect(json.SecretBinary).toBe("AAEC/w==");
    expect(json).not.toHaveProperty("SecretString");
  });
});

describe("write, list and delete shapes (see the reference exchanges)", () => {
  test("CreateSecret answers ARN, Name and the ClientRequestToken as VersionId, nothing else", async () => {
    const token = "1a1c512f-61fa-4c57-a436-c00d3fa32458";

    const { status, json } = await call("CreateSecret", {
      Name: "wire/created",
      ClientRequestToken: token,
      SecretString: '{"A":1}',
    });

    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(["ARN", "Name", "VersionId"]);
    expect(json.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:wire\/created-[A-Za-z0-9]{6}$/);
    expect(json.VersionId).toBe(token);
  });

  test("PutSecretValue answers VersionStages; DescribeSecret names the map VersionIdsToStages", async () => {
    const token = "856138fe-ad9b-4934-b789-43b2a3b0f9cb";

    const put = await call("PutSecretValue", { SecretId: "demo/app", ClientRequestToken: token, SecretString: "{}" });
    const described = await call("DescribeSecret", { SecretId: "demo/app" });

    expect(put.json).toMatchObject({ Name: "demo/app", VersionId: token, VersionStages: ["AWSCURRENT"] });
    expect(described.json).toHaveProperty("VersionIdsToStages");
    expect(described.json).not.toHaveProperty("SecretVersionsToStages");
    expect(typeof described.json.LastChangedDate).toBe("number");
    expect(described.json).not.toHaveProperty("SecretString");
  });

  test("ListSecrets entries name the map SecretVersionsToStages; NextToken is left out on the last page", async () => {
    const { json } = await call("ListSecrets", { MaxResults: 100 });
    const entries = json.SecretList as Record<string, unknown>[];

    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry).toHaveProperty("SecretVersionsToStages");
      expect(entry).not.toHaveProperty("VersionIdsToStages");
      expect(typeof entry.CreatedDate).toBe("number");
    }
    expect(json).not.toHaveProperty("NextToken");
  });

  test("DeleteSecret's DeletionDate is epoch seconds", async () => {
    await call("CreateSecret", { Name: "wire/deleted", SecretString: "x" });

    const { json } = await call("DeleteSecret", { SecretId: "wire/deleted", RecoveryWindowInDays: 7 });

    expect(typeof json.DeletionDate).toBe("number");
    expect((json.DeletionDate as number) - Date.now() / 1000).toBeCloseTo(7 * 86400, -1);
  });

  test("ResourceExistsException and InvalidRequestException are status 400 JSON errors", async () => {
    fake.seed({ name: "wire/scheduled", secretString: "x", deleted: true });

    const exists = await call("CreateSecret", { Name: "demo/app", SecretString: "x" });
    const deleted = await call("GetSecretValue", { SecretId: "wire/scheduled" });

    expect(exists.status).toBe(400);
    expect(exists.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(exists.json.__type).toBe("ResourceExistsException");
    expect(deleted.status).toBe(400);
    expect(deleted.json).toEqual({
      __type: "InvalidRequestException",
      Message: "You can't perform this operation on the secret because it was marked for deletion.",
    });
  });
});

describe("error responses", () => {
  test("ResourceNotFoundException is status 400 with __type and Message", async () => {
    const { status, headers, json } = await call("GetSecretValue", { SecretId: "demo/missing" });

    expect(status).toBe(400);
    expect(headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(headers.get("x-amzn-requestid")).toBeString();
    expect(json).toEqual({
      __type: "ResourceNotFoundException",
      Message: "Secrets Manager can't find the specified secret.",
    });
  });

  test("an unknown X-Amz-Target operation is UnknownOperationException", async () => {
    const { status, json } = await call("DoSomethingElse", {});

    expect(status).toBe(400);
    expect(json.__type).toBe("UnknownOperationException");
    expect(json.Message).toContain("DoSomethingElse");
  });

  test("a target for another service is UnknownOperationException", async () => {
    const response = await fetch(fake.url, {
      method: "POST",
      headers: { ...signedShapeHeaders(), "X-Amz-Target": "AmazonSSM.GetParameter" },
      body: "{}",
    });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe("UnknownOperationException");
  });

  test("a body that is not JSON is SerializationException", async () => {
    const { status, json } = await call("GetSecretValue", "{not json");

    expect(status).toBe(400);
    expect(json.__type).toBe("SerializationException");
  });

  test("a missing required member is ValidationException", async () => {
    const { json } = await call("GetSecretValue", {});

    expect(json).toEqual({
      __type: "ValidationException",
      Message:
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
    });
  });
});

describe("authentication shape", () => {
  test("no Authorization header is MissingAuthenticationTokenException (403)", async () => {
    const { status, json } = await call("GetSecretValue", { SecretId: "demo/app" }, {});

    expect(status).toBe(403);
    expect(json).toEqual({
      __type: "MissingAuthenticationTokenException",
      Message: "Missing Authentication Token",
    });
  });

  test("an Authorization header without Signature is IncompleteSignatureException", async () => {
    const headers = signedShapeHeaders();
    headers.Authorization = (headers.Authorization ?? "").replace(/, Signature=.*$/, "");

    const { status, json } = await call("GetSecretValue", { SecretId: "demo/app" }, headers);

    expect(status).toBe(400);
    expect(json.__type).toBe("IncompleteSignatureException");
    expect(json.Message).toContain("'Signature'");
  });

  test("a missing X-Amz-Date is IncompleteSignatureException", async () => {
    const { "X-Amz-Date": _omitted, ...headers } = signedShapeHeaders();

    const { json } = await call("GetSecretValue", { SecretId: "demo/app" }, headers);

    expect(json.__type).toBe("IncompleteSignatureException");
    expect(json.Message).toContain("X-Amz-Date");
  });

  test("a signature that is not 64 hex characters is IncompleteSignatureException", async () => {
    const headers = signedShapeHeaders();
    headers.Authorization = (headers.Authorization ?? "").replace(/Signature=.*$/, "Signature=xyz");

    const { json } = await call("GetSecretValue", { SecretId: "demo/app" }, headers);

    expect(json.__type).toBe("IncompleteSignatureException");
  });

  test("a credential scoped to another service is InvalidSignatureException", async () => {
    const { status, json } = await call(
      "GetSecretValue",
      { SecretId: "demo/app" },
      signedShapeHeaders({ service: "ssm" }),
    );

    expect(status).toBe(400);
    expect(json.__type).toBe("InvalidSignatureException");
    expect(json.Message).toContain("'secretsmanager'");
  });

  test("rejected requests are recorded with what could be read from them", async () => {
    fake.clearRequests();

    await call("GetSecretValue", { SecretId: "demo/app" }, signedShapeHeaders({ service: "ssm" }));

    expect(fake.requests).toMatchObject([
      { operation: "GetSecretValue", service: "ssm", accessKeyId: "AKIDEXAMPLE", status: 400 },
    ]);
  });
});
