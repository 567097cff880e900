/**
 * Test-side changes to the fake's state, made without a request (so they
 * never show in the request record): seeding secrets, rotating one the way a
 * rotation function would, and reading a secret back.
 */

import type { SecretSnapshot, SeedSecret } from "./server";
import { AWSCURRENT, type SecretStore, type SecretValue, type StoredSecret } from "./store";

export const DEFAULT_REGION = "us-east-1";
const DAY_MS = 24 * 60 * 60 * 1000;

function seedValue(secret: SeedSecret): SecretValue {
  const hasString = secret.secretString !== undefined;
  const hasBinary = secret.secretBinary !== undefined;
  if (hasString === hasBinary) {
    throw new TypeError(`seed(${secret.name}): give exactly one of secretString or secretBinary`);
  }
  if (secret.secretString !== undefined) return { secretString: secret.secretString };
  return { secretBinary: new Uint8Array(secret.secretBinary ?? []) };
}

function seedStages(secret: SeedSecret): string[] {
  if (secret.versionStage !== undefined && secret.versionStages !== undefined) {
    throw new TypeError(`seed(${secret.name}): give versionStage or versionStages, not both`);
  }
  return secret.versionStages ?? [secret.versionStage ?? AWSCURRENT];
}

function applyMetadata(stored: StoredSecret, secret: SeedSecret, nowMs: number): void {
  if (secret.description !== undefined) stored.description = secret.description;
  if (secret.kmsKeyId !== undefined) stored.kmsKeyId = secret.kmsKeyId;
  for (const [key, value] of Object.entries(secret.tags ?? {})) stored.tags.set(key, value);
  if (secret.rotation !== undefined) stored.rotation = { enabled: true, ...secret.rotation };
  if (secret.deleted) {
    const days = secret.recoveryWindowInDays ?? 30;
    if (!Number.isInteger(days) || days < 7 || days > 30) {
      throw new RangeError(`seed(${secret.name}): recoveryWindowInDays must be 7..30, got ${days}`);
    }
    stored.deletionDateMs = nowMs + days * DAY_MS;
  }
}

/**
 * Adds a version to the named secret, creating the secret on first use.
 * Seeding AWSCURRENT demotes the previous current version to AWSPREVIOUS.
 */
export function seedSecret(store: SecretStore, secret: SeedSecret): { arn: string; versionId: string } {
  const region = secret.region ?? DEFAULT_REGION;
  const value = seedValue(secret);
  const stages = seedStages(secret);
  const nowMs = Date.now();
  const stored =
    store.find(region, secret.name) ??
    store.create(region, { name: secret.name, description: secret.description, kmsKeyId: secret.kmsKeyId }, nowMs);
  if (secret.versionId !== undefined && stored.versions.has(secret.versionId)) {
    throw new TypeError(`seed(${secret.name}): version ${secret.versionId} exists already`);
  }
  applyMetadata(stored, secret, nowMs);
  const version = store.addVersion(stored, value, { stages, versionId: secret.versionId, nowMs });
  return { arn: stored.arn, versionId: version.versionId };
}

/** Finds a secret by name or ARN; an ARN carries its own region. */
function requireSecret(store: SecretStore, secretId: string, region: string | undefined): StoredSecret {
  const arnRegion = /^arn:[a-z-]+:secretsmanager:([^:]+):/.exec(secretId)?.[1];
  const where = region ?? arnRegion ?? DEFAULT_REGION;
  const secret = store.find(where, secretId);
  if (!secret) throw new RangeError(`no secret ${secretId} in ${where}`);
  return secret;
}

/**
 * What a completed rotation leaves behind: a new version holding
 * AWSCURRENT, the old current one AWSPREVIOUS, and LastRotatedDate set.
 */
export function rotateSecret(
  store: SecretStore,
  secretId: string,
  newValue: string | Uint8Array,
  options: { region?: string; versionId?: string } = {},
): string {
  const secret = requireSecret(store, secretId, options.region);
  if (secret.deletionDateMs !== undefined) throw new RangeError(`secret ${secretId} is scheduled for deletion`);
  const value: SecretValue =
    typeof newValue === "string" ? { secretString: newValue } : { secretBinary: new Uint8Array(newValue) };
  const nowMs = Date.now();
  const version = store.addVersion(secret, value, { versionId: options.versionId, nowMs });
  secret.lastRotatedAtMs = nowMs;
  return version.versionId;
}

/** The whole secret, values included, for assertions; undefined when it does not exist. */
export function inspectSecret(
  store: SecretStore,
  secretId: string,
  options: { region?: string } = {},
): SecretSnapshot | undefined {
  let secret: StoredSecret;
  try {
    secret = requireSecret(store, secretId, options.region);
  } catch {
    return undefined;
  }
  const versions = [...secret.versions.values()].map((version) => ({
    versionId: version.versionId,
    stages: [...version.stages],
    value: "secretString" in version.value ? version.value.secretString : new Uint8Array(version.value.secretBinary),
    createdDate: new Date(version.createdAtMs),
  }));
  return {
    arn: secret.arn,
    name: secret.name,
    region: secret.region,
    description: secret.description,
    kmsKeyId: secret.kmsKeyId,
    tags: Object.fromEntries(secret.tags),
    deletionDate: secret.deletionDateMs === undefined ? undefined : new Date(secret.deletionDateMs),
    versions,
    current: versions.find((version) => version.stages.includes(AWSCURRENT)),
  };
}
