/**
 * The fetch logic against a small in-memory AWS session: grouping by region,
 * de-duplication, concurrency, --batch and its refusal, and the order of the
 * results. No SDK client, no HTTP: the session's clients answer the SDK's
 * command objects from a table.
 */
import { describe, expect, test } from "bun:test";
import { BatchGetSecretValueCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { BATCH_SIZE, CONCURRENCY, type FetchedSecret, fetchSecrets } from "../../../../src/aws/sdk/fetch.ts";
import type { AwsSession, SecretsManagerPort } from "../../../../src/aws/sdk/session.ts";
import { EnvSecretsError } from "../../../../src/errors.ts";
import { parseSecretRef, type SecretRef } from "../../../../src/secrets/reference.ts";

interface Call {
  region: string;
  operation: "GetSecretValue" | "BatchGetSecretValue";
  ids: string[];
  versionStage?: string;
}

/** Secrets by region and name; every secret's value is `value of <name>` (with the stage, when not current). */
function fakeAws(options: { regions?: Record<string, string[]>; denied?: string[]; latencyMs?: number; defaultRegion?: string; leftOutOfBatches?: string[] } = {}) {
  const regions = options.regions ?? { "us-east-1": Array.from({ length: 60 }, (_, i) => `app/s${i}`) };
  const calls: Call[] = [];
  const counts = { defaultRegion: 0, credentials: 0, inFlight: 0, maxInFlight: 0 };
  const arnOf = (region: string, name: string) => `arn:aws:secretsmanager:${region}:123456789012:secret:${name}-AbCdEf`;
  const find = (region: string, id: string) => (regions[region] ?? []).find((name) => id === name || id === arnOf(region, name) || `${id}-AbCdEf` === arnOf(region, name));
  const awsError = (name: string) => Object.assign(new Error(`${name} from the fake`), { name, $metadata: { httpStatusCode: 400 } });

  const client = (region: string): SecretsManagerPort => {
    const send = async (command: object) => {
      counts.maxInFlight = Math.max(counts.maxInFlight, ++counts.inFlight);
      try {
        await Bun.sleep(options.latencyMs ?? 0);
        if (command instanceof GetSecretValueCommand) {
          const { SecretId = "", VersionStage } = command.input;
          calls.push({ region, operation: "GetSecretValue", ids: [SecretId], ...(VersionStage ? { versionStage: VersionStage } : {}) });
          if (options.denied?.includes("GetSecretValue")) throw awsError("AccessDeniedException");
          const name = find(region, SecretId);
          if (!name) throw awsError("ResourceNotFoundException");
          const stage = VersionStage && VersionStage !== "AWSCURRENT" ? ` (${VersionStage})` : "";
          return { ARN: arnOf(region, name), Name: name, VersionId: "v1", SecretString: `value of ${name}${stage}`, $metadata: { attempts: 1 } };
        }
        if (command instanceof BatchGetSecretValueCommand) {
          const ids = command.input.SecretIdList ?? [];
          calls.push({ region, operation: "BatchGetSecretValue", ids });
          if (options.denied?.includes("BatchGetSecretValue")) throw awsError("AccessDeniedException");
          const found = ids.filter((id) => !options.leftOutOfBatches?.includes(id)).map((id) => [id, find(region, id)] as const);
          return {
            SecretValues: found.filter(([, name]) => name).map(([, name]) => ({ ARN: arnOf(region, name!), Name: name, VersionId: "v1", SecretString: `value of ${name}` })),
            Errors: found.filter(([, name]) => !name).map(([id]) => ({ SecretId: id, ErrorCode: "ResourceNotFoundException", Message: "not there" })),
            $metadata: { attempts: 1 },
          };
        }
        throw new Error(`the fake does not serve ${command.constructor.name}`);
      } finally {
        counts.inFlight--;
      }
    };
    return { region, send: send as SecretsManagerPort["send"] };
  };

  const session: AwsSession = {
    async defaultRegion() {
      counts.defaultRegion++;
      return options.defaultRegion ?? "us-east-1";
    },
    async credentials() {
      counts.credentials++;
      return { accessKeyId: "AKIDFAKE" };
    },
    client,
  };
  return { session, calls, counts, arnOf };
}

const refs = (...texts: string[]): SecretRef[] => texts.map(parseSecretRef);
const fetched = (outcome: FetchedSecret | EnvSecretsError): FetchedSecret => {
  if (outcome instanceof EnvSecretsError) throw outcome;
  return outcome;
};
const names = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `app/s${from + i}`);

describe("the default path: GetSecretValue only", () => {
  test("one GetSecretValue per distinct secret and version, results in the order given", async () => {
    const aws = fakeAws();
    const wanted = refs("app/s1", "A=app/s2", "app/s1", "B=app/s1#KEY");
    wanted.push({ ...parseSecretRef("app/s2"), versionStage: "AWSPREVIOUS" });
    const outcomes = await fetchSecrets(wanted, aws.session, { batch: false });
    expect(outcomes.map((outcome) => [fetched(outcome).ref, fetched(outcome).secretString])).toEqual([
      [wanted[0], "value of app/s1"],
      [wanted[1], "value of app/s2"],
      [wanted[2], "value of app/s1"],
      [wanted[3], "value of app/s1"],
      [wanted[4], "value of app/s2 (AWSPREVIOUS)"],
    ]);
    expect(aws.calls.map((call) => call.operation)).toEqual(["GetSecretValue", "GetSecretValue", "GetSecretValue"]);
    expect(aws.calls.map((call) => [call.ids[0], call.versionStage])).toEqual([
      ["app/s1", undefined],
      ["app/s2", undefined],
      ["app/s2", "AWSPREVIOUS"],
    ]);
    expect(aws.counts.credentials).toBe(1);
  });

  test("many secrets: every one with GetSecretValue, at most CONCURRENCY in flight", async () => {
    const aws = fakeAws({ latencyMs: 2 });
    const outcomes = await fetchSecrets(refs(...names(60)), aws.session, { batch: false });
    expect(outcomes.map((outcome) => fetched(outcome).secretString)).toEqual(names(60).map((name) => `value of ${name}`));
    expect(new Set(aws.calls.map((call) => call.operation))).toEqual(new Set(["GetSecretValue"]));
    expect(aws.calls).toHaveLength(60);
    expect(aws.counts.maxInFlight).toBe(CONCURRENCY);
  });

  test("secrets by ARN are read in the ARN's region; the default region is asked only when a name needs it", async () => {
    const aws = fakeAws({ regions: { "us-east-1": ["a"], "eu-west-1": ["b"] } });
    const arnB = aws.arnOf("eu-west-1", "b");
    const byArn = await fetchSecrets(refs(arnB), aws.session, { batch: false });
    expect(fetched(byArn[0]!).region).toBe("eu-west-1");
    expect(aws.counts.defaultRegion).toBe(0);
    const mixed = await fetchSecrets(refs("a", arnB), aws.session, { batch: false });
    expect(mixed.map((outcome) => fetched(outcome).region)).toEqual(["us-east-1", "eu-west-1"]);
    expect(aws.counts.defaultRegion).toBe(1);
  });

  test("a failure is that secret's outcome, in its place; the others still arrive", async () => {
    const aws = fakeAws();
    const outcomes = await fetchSecrets(refs("app/s1", "missing", "app/s2"), aws.session, { batch: false });
    expect(outcomes[0]).not.toBeInstanceOf(EnvSecretsError);
    expect(outcomes[1]).toBeInstanceOf(EnvSecretsError);
    expect((outcomes[1] as EnvSecretsError).message).toStartWith("missing: ResourceNotFoundException — no such secret in us-east-1");
    expect(fetched(outcomes[2]!).secretString).toBe("value of app/s2");
  });
});

describe("--batch", () => {
  test("current-version secrets in calls of BATCH_SIZE per region; pinned versions with GetSecretValue", async () => {
    const aws = fakeAws({ regions: { "us-east-1": names(45), "eu-west-1": ["far"] } });
    const wanted = [...refs(...names(45), aws.arnOf("eu-west-1", "far")), { ...parseSecretRef("app/s3"), versionStage: "AWSPREVIOUS" }];
    const outcomes = await fetchSecrets(wanted, aws.session, { batch: true });
    expect(outcomes.map((outcome) => fetched(outcome).secretString)).toEqual([
      ...names(45).map((name) => `value of ${name}`),
      "value of far",
      "value of app/s3 (AWSPREVIOUS)",
    ]);
    const batches = aws.calls.filter((call) => call.operation === "BatchGetSecretValue");
    expect(batches.map((call) => [call.region, call.ids.length]).sort()).toEqual([
      ["eu-west-1", 1],
      ["us-east-1", 20],
      ["us-east-1", 20],
      ["us-east-1", 5],
    ]);
    expect(BATCH_SIZE).toBe(20);
    expect(aws.calls.filter((call) => call.operation === "GetSecretValue").map((call) => call.ids)).toEqual([["app/s3"]]);
  });

  test("a secret the answer names as an error, or leaves out, fails alone", async () => {
    const aws = fakeAws();
    const outcomes = await fetchSecrets(refs("app/s1", "missing"), aws.session, { batch: true });
    expect(fetched(outcomes[0]!).secretString).toBe("value of app/s1");
    expect((outcomes[1] as EnvSecretsError).message).toStartWith("missing: ResourceNotFoundException");
  });

  test("a secret the answer leaves out is an error, never fetched another way", async () => {
    const aws = fakeAws({ leftOutOfBatches: ["app/s2"] });
    const outcomes = await fetchSecrets(refs("app/s1", "app/s2"), aws.session, { batch: true, endpoint: "http://127.0.0.1:4566" });
    expect(fetched(outcomes[0]!).secretString).toBe("value of app/s1");
    expect((outcomes[1] as EnvSecretsError).message).toBe(
      "app/s2: not in the BatchGetSecretValue answer — the answer from http://127.0.0.1:4566 left it out, which Secrets Manager never does; check --endpoint-url, or drop --batch",
    );
    expect(aws.calls.map((call) => call.operation)).toEqual(["BatchGetSecretValue"]);
  });

  test("a refused batch call fails the run with one line naming the permission; nothing falls back to GetSecretValue", async () => {
    const aws = fakeAws({ denied: ["BatchGetSecretValue"] });
    let error: unknown;
    try {
      await fetchSecrets(refs(...names(25)), aws.session, { batch: true });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(EnvSecretsError);
    expect((error as EnvSecretsError).lines()).toEqual([
      '--batch: AccessDeniedException — your credentials may not call secretsmanager:BatchGetSecretValue, which --batch needs (allowed on "*": it has no resource of its own); allow it, or drop --batch to read each secret with GetSecretValue',
    ]);
    expect(aws.calls.filter((call) => call.operation === "GetSecretValue")).toEqual([]);
  });
});

describe("checkSecretsExist (--create-config)", () => {
  test("DescribeSecret for each secret in its region; each failure in its place", async () => {
    const { checkSecretsExist } = await import("../../../../src/aws/sdk/describe.ts");
    const { DescribeSecretCommand } = await import("@aws-sdk/client-secrets-manager");
    const seen: string[] = [];
    const session: AwsSession = {
      defaultRegion: async () => "eu-west-1",
      credentials: async () => ({ accessKeyId: "AKID" }),
      client: (region) => ({
        region,
        send: (async (command: object) => {
          if (!(command instanceof DescribeSecretCommand)) throw new Error("only DescribeSecret");
          seen.push(`${region} ${command.input.SecretId}`);
          if (command.input.SecretId === "gone") throw Object.assign(new Error("no"), { name: "ResourceNotFoundException", $metadata: {} });
          return { $metadata: {} };
        }) as SecretsManagerPort["send"],
      }),
    };
    const { region, outcomes } = await checkSecretsExist(refs("here", "gone", "arn:aws:secretsmanager:us-west-2:1:secret:far"), session, undefined);
    expect(region).toBe("eu-west-1");
    expect(outcomes.map((outcome) => outcome?.reason)).toEqual([undefined, "ResourceNotFoundException", undefined]);
    expect(seen).toEqual(["eu-west-1 here", "eu-west-1 gone", "us-west-2 arn:aws:secretsmanager:us-west-2:1:secret:far"]);
  });
});
