import { describe, expect, test } from "bun:test";
import { BatchGetSecretValue$, DescribeSecret$, GetSecretValue$, ListSecrets$, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { HttpResponse } from "@smithy/core/protocols";
import { operation } from "@smithy/core/schema";
import type { ClientProtocol, HttpRequest as IHttpRequest, HttpResponse as IHttpResponse, OperationSchema, StaticOperationSchema } from "@smithy/types";
import { SecretsManagerProtocol } from "../../../../src/aws/sdk/protocol.ts";

/** The protocol a client is built with, as the client builds it (settings, error registries). */
function protocolOf(client: SecretsManagerClient): ClientProtocol<IHttpRequest, IHttpResponse> {
  return client.config.protocol as ClientProtocol<IHttpRequest, IHttpResponse>;
}

const ours = new SecretsManagerClient({ region: "us-east-1", protocol: SecretsManagerProtocol });
const sdks = new SecretsManagerClient({ region: "us-east-1" });

function schemaOf(staticSchema: StaticOperationSchema): OperationSchema {
  const [, namespace, name, traits, input, output] = staticSchema;
  return operation(namespace, name, traits, input, output);
}

function answer(body: string, statusCode = 200): HttpResponse {
  return new HttpResponse({ statusCode, headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-1" }, body: new TextEncoder().encode(body) });
}

/** What deserializing gives: the output, or the error's name and message. */
async function outcome(client: SecretsManagerClient, staticSchema: StaticOperationSchema, body: string, statusCode?: number): Promise<unknown> {
  try {
    return { output: await protocolOf(client).deserializeResponse(schemaOf(staticSchema), { ...client.config } as never, answer(body, statusCode)) };
  } catch (error) {
    const { name, message } = error as Error;
    return { error: { name, message } };
  }
}

async function expectSameAsSdk(staticSchema: StaticOperationSchema, body: string, statusCode?: number): Promise<unknown> {
  const mine = await outcome(ours, staticSchema, body, statusCode);
  expect(mine).toEqual(await outcome(sdks, staticSchema, body, statusCode));
  return mine;
}

const created = 1_764_700_000.125;

describe("SecretsManagerProtocol", () => {
  test("a GetSecretValue answer reads as the SDK reads it: strings, stages, the date, unknown fields left out", async () => {
    const result = await expectSameAsSdk(
      GetSecretValue$,
      JSON.stringify({ ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf", Name: "app/db", VersionId: "v1", SecretString: '{"A":"1"}', VersionStages: ["AWSCURRENT"], CreatedDate: created, Surprise: { x: 1 } }),
    );
    const output = (result as { output: Record<string, unknown> }).output;
    expect(output.SecretString).toBe('{"A":"1"}');
    expect(output.CreatedDate).toEqual(new Date(created * 1000));
    expect(output.Surprise).toBeUndefined();
    expect(output.$metadata).toEqual({ httpStatusCode: 200, requestId: "req-1", extendedRequestId: undefined, cfId: undefined });
  });

  test("a binary secret comes out as the same bytes", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const result = await expectSameAsSdk(GetSecretValue$, JSON.stringify({ Name: "app/key", SecretBinary: Buffer.from(bytes).toString("base64"), CreatedDate: created }));
    expect(new Uint8Array((result as { output: { SecretBinary: Uint8Array } }).output.SecretBinary)).toEqual(bytes);
  });

  test("answers of the wrong shape read as the SDK reads them", async () => {
    const odd = [
      { ARN: 7, Name: ["a"], VersionId: { x: 1 }, SecretString: true, VersionStages: "AWSCURRENT" },
      { Name: "n", SecretString: null, SecretBinary: null, CreatedDate: null },
      { Name: "n", VersionStages: [1, { a: 2 }, null] },
      { Name: "n", SecretBinary: 12 },
      { Name: "n", CreatedDate: "2025-01-01T00:00:00Z" },
      { Name: "n", CreatedDate: { when: 1 } },
      { __type: "Something", Name: "n", Extra: "copied by the SDK when __type is named" },
    ];
    for (const body of odd) await expectSameAsSdk(GetSecretValue$, JSON.stringify(body));
    for (const body of ['{"__proto__":{"polluted":true},"Name":"n"}', "", "null", "[]", '"text"', "42", "{not json", '{"Name":"n"} trailing', "\u00ff\u00fe{}"]) await expectSameAsSdk(GetSecretValue$, body);
  });

  test("refusals are the SDK's errors", async () => {
    const result = await expectSameAsSdk(GetSecretValue$, JSON.stringify({ __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." }), 400);
    expect((result as { error: { name: string } }).error.name).toBe("ResourceNotFoundException");
    await expectSameAsSdk(GetSecretValue$, JSON.stringify({ __type: "com.amazonaws.secretsmanager#InternalServiceError" }), 500);
  });

  test("the other operations' answers read as the SDK reads them", async () => {
    await expectSameAsSdk(
      BatchGetSecretValue$,
      JSON.stringify({
        SecretValues: [{ ARN: "arn:1", Name: "a", VersionId: "v", SecretString: "s", SecretBinary: "AAE=", VersionStages: ["AWSCURRENT"], CreatedDate: created }],
        Errors: [{ SecretId: "b", ErrorCode: "ResourceNotFoundException", Message: "not found" }],
        NextToken: "t",
      }),
    );
    await expectSameAsSdk(
      DescribeSecret$,
      JSON.stringify({ Name: "a", RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastChangedDate: created, Tags: [{ Key: "k", Value: "v" }], VersionIdsToStages: { v1: ["AWSCURRENT"] }, ReplicationStatus: [{ Region: "eu-west-1", LastAccessedDate: created }] }),
    );
    await expectSameAsSdk(ListSecrets$, JSON.stringify({ SecretList: [{ Name: "a", LastChangedDate: created, Tags: [] }], NextToken: "n" }));
  });

  test("a successful GetSecretValue answer is read along the plan: the SDK's whole-body reader is not used", async () => {
    const protocol = protocolOf(ours) as unknown as { deserializer: { read: (...args: unknown[]) => unknown } };
    const sdkRead = protocol.deserializer.read;
    let wholeBodyReads = 0;
    protocol.deserializer.read = function (this: unknown, ...args: unknown[]) {
      wholeBodyReads++;
      return sdkRead.apply(this, args);
    };
    try {
      await outcome(ours, GetSecretValue$, JSON.stringify({ Name: "app/db", SecretString: "x", CreatedDate: created }));
      expect(wholeBodyReads).toBe(0);
      await outcome(ours, GetSecretValue$, JSON.stringify({ __type: "X", Name: "app/db" }));
      expect(wholeBodyReads).toBe(1);
    } finally {
      protocol.deserializer.read = sdkRead;
    }
  });
});
