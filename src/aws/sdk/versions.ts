import { DescribeSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { combineErrors, EnvSecretsError } from "../../errors.ts";
import { log, redactor } from "../../log/logger.ts";
import { describeSecretError } from "./errors.ts";
import type { FetchedSecret } from "./fetch.ts";
import type { AwsSession } from "./session.ts";

/** One secret and stage whose version --watch follows. */
export interface WatchTarget {
  /** Identifies the target among a run's: region, secret and stage. */
  key: string;
  /** The reference as given, for messages. */
  label: string;
  region: string;
  /** The ARN the first fetch returned (the same secret, even if one of its name is created later), else the id as given. */
  secretId: string;
  versionStage: string;
}

const DEFAULT_STAGE = "AWSCURRENT";

/** Which target a fetched secret belongs to; undefined for a secret pinned to a version id (never watched). */
export function watchKey(secret: FetchedSecret): string | undefined {
  if (secret.ref.versionId !== undefined) return undefined;
  return JSON.stringify([secret.region, secret.arn ?? secret.ref.secretId, secret.ref.versionStage ?? DEFAULT_STAGE]);
}

/** The distinct secrets and stages a run watches, from its first fetch. */
export function watchTargets(fetched: FetchedSecret[]): WatchTarget[] {
  const targets = new Map<string, WatchTarget>();
  for (const secret of fetched) {
    const key = watchKey(secret);
    if (key === undefined || targets.has(key)) continue;
    const versionStage = secret.ref.versionStage ?? DEFAULT_STAGE;
    targets.set(key, { key, label: secret.ref.label, region: secret.region, secretId: secret.arn ?? secret.ref.secretId, versionStage });
  }
  return [...targets.values()];
}

/**
 * Finds which version holds each target's stage now, the cheap way AWS's
 * caching clients do: DescribeSecret (no value read; a quota of 40,000
 * requests per second against GetSecretValue's 10,000). Where DescribeSecret
 * is denied it says so once and asks GetSecretValue for the version instead,
 * from then on. Keeps that state between checks: one per run.
 */
export function versionChecker(targets: WatchTarget[], endpoint: string | undefined) {
  const describeDenied = new Set<string>();
  /** Target key → version id; throws one error naming every target that could not be checked. */
  return async function currentVersions(session: AwsSession): Promise<Map<string, string>> {
    // Once, before any request: a credentials problem is one error, not one per secret.
    await session.credentials();
    const newlyDenied: string[] = [];
    const outcomes = await Promise.all(
      targets.map(async (target): Promise<string | EnvSecretsError> => {
        if (!describeDenied.has(target.key)) {
          const described = await describeVersion(session, target, endpoint);
          if (described !== "denied") return described;
          describeDenied.add(target.key);
          newlyDenied.push(target.label);
        }
        return readVersion(session, target, endpoint);
      }),
    );
    if (newlyDenied.length > 0) {
      log.warn(
        `${newlyDenied.join(", ")}: AccessDeniedException — --watch checks for new versions with secretsmanager:DescribeSecret; reading the secret with GetSecretValue at every check instead (allow DescribeSecret on it to stop this)`,
      );
    }
    const failures = outcomes.filter((outcome) => outcome instanceof EnvSecretsError);
    if (failures.length > 0) throw combineErrors(failures);
    return new Map(targets.map((target, i) => [target.key, outcomes[i] as string]));
  };
}

async function describeVersion(session: AwsSession, target: WatchTarget, endpoint: string | undefined): Promise<string | EnvSecretsError | "denied"> {
  let stages: Record<string, string[]>;
  try {
    const output = await session.client(target.region).send(new DescribeSecretCommand({ SecretId: target.secretId }));
    stages = output.VersionIdsToStages ?? {};
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === "AccessDeniedException") return "denied";
    return describeSecretError(target.label, target.region, endpoint, error, "DescribeSecret");
  }
  const holder = Object.entries(stages).find(([, labels]) => labels.includes(target.versionStage));
  if (holder) return holder[0];
  return new EnvSecretsError({
    subject: target.label,
    reason: `no version has the stage ${target.versionStage}`,
    hint: "the stage was moved off every version; put it back on one (the program keeps its current values meanwhile)",
  });
}

/** The fallback: the version id GetSecretValue answers with (the value it reads is registered for masking, then dropped). */
async function readVersion(session: AwsSession, target: WatchTarget, endpoint: string | undefined): Promise<string | EnvSecretsError> {
  try {
    const output = await session.client(target.region).send(new GetSecretValueCommand({ SecretId: target.secretId, VersionStage: target.versionStage }));
    if (output.SecretString !== undefined) redactor.register(output.SecretString);
    if (output.SecretBinary) redactor.register(Buffer.from(output.SecretBinary).toString("base64"));
    return output.VersionId ?? "";
  } catch (error) {
    return describeSecretError(target.label, target.region, endpoint, error);
  }
}
