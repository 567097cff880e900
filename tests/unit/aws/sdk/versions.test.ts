/** The --watch version check against an in-memory session: which version holds the stage, and the fallback when DescribeSecret is denied. */
import { describe, expect, test } from "bun:test";
import { DescribeSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { WATCH_IAM_ACTIONS } from "../../../../src/aws/options/watch-actions.ts";
import type { FetchedSecret } from "../../../../src/aws/sdk/fetch.ts";
import type { AwsSession, SecretsManagerPort } from "../../../../src/aws/sdk/session.ts";
import { versionChecker, watchTargets } from "../../../../src/aws/sdk/versions.ts";
import { configureLogger, log } from "../../../../src/log/logger.ts";
import { parseSecretRef } from "../../../../src/secrets/reference.ts";

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf";

function session(stages: Record<string, string[]>, denied: string[] = []) {
  const calls: string[] = [];
  const client = (region: string): SecretsManagerPort => ({
    region,
    send: (async (command: object) => {
      const name = command.constructor.name.replace(/Command$/, "");
      calls.push(`${name} ${(command as { input: { SecretId: string } }).input.SecretId}`);
      if (denied.includes(name)) throw Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: {} });
      if (command instanceof DescribeSecretCommand) return { VersionIdsToStages: stages };
      if (command instanceof GetSecretValueCommand) {
        const stage = command.input.VersionStage ?? "AWSCURRENT";
        return { VersionId: Object.entries(stages).find(([, s]) => s.includes(stage))?.[0], SecretString: "{}" };
      }
      throw new Error("not served");
    }) as SecretsManagerPort["send"],
  });
  const aws: AwsSession = { defaultRegion: async () => "us-east-1", credentials: async () => ({ accessKeyId: "AKID" }), client };
  return { aws, calls };
}

const fetched = (ref: string, extra: Partial<FetchedSecret> = {}): FetchedSecret => ({ ref: parseSecretRef(ref), region: "us-east-1", arn: ARN, versionId: "v1", ...extra });

describe("watchTargets", () => {
  test("one per secret, region and stage, by ARN; secrets pinned to a version id are not watched", () => {
    const pinned = fetched("pinned");
    pinned.ref.versionId = "v0";
    const previous = fetched("PREV=app");
    previous.ref.versionStage = "AWSPREVIOUS";
    const targets = watchTargets([fetched("app#A"), fetched("B=app#B"), previous, pinned]);
    expect(targets.map((t) => [t.label, t.secretId, t.versionStage])).toEqual([
      ["app#A", ARN, "AWSCURRENT"],
      ["PREV=app", ARN, "AWSPREVIOUS"],
    ]);
  });
});

describe("versionChecker", () => {
  test("DescribeSecret names the version that holds the stage; nothing is read", async () => {
    const { aws, calls } = session({ v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"] });
    const targets = watchTargets([fetched("app")]);
    expect([...(await versionChecker(targets, undefined)(aws)).values()]).toEqual(["v2"]);
    expect(calls).toEqual([`DescribeSecret ${ARN}`]);
  });

  test("DescribeSecret denied: one warning, then GetSecretValue at every check", async () => {
    const { aws, calls } = session({ v3: ["AWSCURRENT"] }, ["DescribeSecret"]);
    const check = versionChecker(watchTargets([fetched("app")]), undefined);
    const warnings: string[] = [];
    const original = log.warn;
    log.warn = ((line: string) => warnings.push(line)) as unknown as typeof log.warn;
    try {
      configureLogger({});
      expect([...(await check(aws)).values()]).toEqual(["v3"]);
      expect([...(await check(aws)).values()]).toEqual(["v3"]);
    } finally {
      log.warn = original;
    }
    expect(calls).toEqual([`DescribeSecret ${ARN}`, `GetSecretValue ${ARN}`, `GetSecretValue ${ARN}`]);
    expect(warnings).toHaveLength(1);
  });

  test("a stage on no version, or a failure, fails the whole check with every secret's line", async () => {
    const { aws } = session({ v1: [] });
    await expect(versionChecker(watchTargets([fetched("app")]), undefined)(aws)).rejects.toThrow(
      "app: no version has the stage AWSCURRENT — the stage was moved off every version; put it back on one (the program keeps its current values meanwhile)",
    );
  });

  test("what --watch adds to a run's IAM policy", () => {
    expect(WATCH_IAM_ACTIONS).toEqual(["secretsmanager:DescribeSecret"]);
  });
});
