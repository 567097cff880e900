/**
 * In-memory model of Secrets Manager state: secrets per region, their
 * versions and staging labels. Knows nothing about HTTP or JSON.
 */

import { randomBytes, randomUUID } from "node:crypto";
import { limitExceeded, markedForDeletion, resourceNotFound } from "./errors";

export const AWSCURRENT = "AWSCURRENT";
export const AWSPREVIOUS = "AWSPREVIOUS";

export type SecretValue = { secretString: string } | { secretBinary: Uint8Array };

export interface SecretVersion {
  readonly versionId: string;
  readonly value: SecretValue;
  readonly stages: Set<string>;
  readonly createdAtMs: number;
}

export interface RotationConfig {
  enabled: boolean;
  lambdaArn?: string | undefined;
  automaticallyAfterDays?: number | undefined;
  scheduleExpression?: string | undefined;
  duration?: string | undefined;
}

export interface StoredSecret {
  readonly name: string;
  readonly region: string;
  readonly arn: string;
  readonly createdAtMs: number;
  description: string | undefined;
  kmsKeyId: string | undefined;
  lastChangedAtMs: number;
  lastAccessedAtMs: number | undefined;
  lastRotatedAtMs: number | undefined;
  rotation: RotationConfig | undefined;
  /** Tag keys to values, in the order they were first set. */
  readonly tags: Map<string, string>;
  /** When a scheduled deletion takes effect; undefined while the secret is active. */
  deletionDateMs: number | undefined;
  readonly versions: Map<string, SecretVersion>;
}

export interface NewSecret {
  name: string;
  description?: string | undefined;
  kmsKeyId?: string | undefined;
  tags?: ReadonlyMap<string, string> | undefined;
}

export interface NewVersionOptions {
  /** Labels to move onto the new version; AWSCURRENT when omitted. */
  stages?: string[];
  /** The ClientRequestToken that becomes the VersionId; a random UUID when omitted. */
  versionId?: string | undefined;
  nowMs?: number;
}

/** AWS keeps at most this many versions, and never drops one younger than a day to stay under it. */
const MAX_VERSIONS = 100;
const ARN_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const DAY_MS = 24 * 60 * 60 * 1000;

function randomArnSuffix(): string {
  const bytes = randomBytes(6);
  let suffix = "";
  for (const byte of bytes) suffix += ARN_SUFFIX_ALPHABET[byte % ARN_SUFFIX_ALPHABET.length];
  return suffix;
}

interface ParsedSecretArn {
  region: string;
  accountId: string;
  resource: string;
}

function parseSecretArn(secretId: string): ParsedSecretArn | undefined {
  // arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[-XXXXXX]
  const match = /^arn:[a-z-]+:secretsmanager:([^:]*):([^:]*):secret:(.+)$/.exec(secretId);
  if (!match) return undefined;
  const [, region = "", accountId = "", resource = ""] = match;
  return { region, accountId, resource };
}

export class SecretStore {
  readonly accountId: string;
  private readonly regions = new Map<string, Map<string, StoredSecret>>();

  constructor(accountId: string) {
    this.accountId = accountId;
  }

  private regionSecrets(region: string): Map<string, StoredSecret> {
    let secrets = this.regions.get(region);
    if (!secrets) {
      secrets = new Map();
      this.regions.set(region, secrets);
    }
    return secrets;
  }

  /** The ARN a secret of this name would have, without the random suffix (used in messages). */
  partialArn(region: string, name: string): string {
    return `arn:aws:secretsmanager:${region}:${this.accountId}:secret:${name}`;
  }

  /**
   * Resolves a SecretId as AWS does: a name, a full ARN or an ARN without the
   * random suffix. An ARN only resolves in the region (and account) it names,
   * and only when that is the region the request was signed for.
   */
  find(region: string, secretId: string): StoredSecret | undefined {
    const secrets = this.regions.get(region);
    if (!secrets) return undefined;
    const arn = parseSecretArn(secretId);
    if (!arn) return secrets.get(secretId);
    if (arn.region !== region || arn.accountId !== this.accountId) return undefined;
    for (const secret of secrets.values()) {
      if (secret.arn === secretId) return secret;
    }
    return secrets.get(arn.resource);
  }

  require(region: string, secretId: string): StoredSecret {
    const secret = this.find(region, secretId);
    if (!secret) throw resourceNotFound();
    return secret;
  }

  /** A secret that is not scheduled for deletion: what every operation but Describe/Restore/Delete needs. */
  requireActive(region: string, secretId: string): StoredSecret {
    const secret = this.require(region, secretId);
    if (secret.deletionDateMs !== undefined) throw markedForDeletion();
    return secret;
  }

  /** Every secret of a region, scheduled deletions included, oldest first. */
  list(region: string): StoredSecret[] {
    return [...(this.regions.get(region)?.values() ?? [])];
  }

  /** A new secret without versions; the caller has checked that the name is free. */
  create(region: string, input: NewSecret, nowMs = Date.now()): StoredSecret {
    const secret: StoredSecret = {
      name: input.name,
      region,
      arn: `${this.partialArn(region, input.name)}-${randomArnSuffix()}`,
      createdAtMs: nowMs,
      description: input.description,
      kmsKeyId: input.kmsKeyId,
      lastChangedAtMs: nowMs,
      lastAccessedAtMs: undefined,
      lastRotatedAtMs: undefined,
      rotation: undefined,
      tags: new Map(input.tags ?? []),
      deletionDateMs: undefined,
      versions: new Map(),
    };
    this.regionSecrets(region).set(input.name, secret);
    return secret;
  }

  /** Deletion without recovery: the name is free again at once. */
  remove(secret: StoredSecret): void {
    this.regions.get(secret.region)?.delete(secret.name);
  }

  /**
   * Adds a version and moves the given staging labels onto it. Labels are
   * unique within a secret; when AWSCURRENT moves, the version that held it
   * becomes AWSPREVIOUS. Versions without labels are deprecated: past 100
   * versions the oldest of them that is over a day old is dropped, and when
   * none is, the quota is exceeded.
   */
  addVersion(secret: StoredSecret, value: SecretValue, options: NewVersionOptions = {}): SecretVersion {
    const nowMs = options.nowMs ?? Date.now();
    if (secret.versions.size >= MAX_VERSIONS) this.dropOldestDeprecated(secret, nowMs);
    const version: SecretVersion = {
      versionId: options.versionId ?? randomUUID(),
      value,
      stages: new Set(),
      createdAtMs: nowMs,
    };
    secret.versions.set(version.versionId, version);
    for (const stage of options.stages ?? [AWSCURRENT]) this.moveStage(secret, stage, version);
    secret.lastChangedAtMs = nowMs;
    return version;
  }

  private dropOldestDeprecated(secret: StoredSecret, nowMs: number): void {
    for (const version of secret.versions.values()) {
      if (version.stages.size === 0 && nowMs - version.createdAtMs >= DAY_MS) {
        secret.versions.delete(version.versionId);
        return;
      }
    }
    // Worded as the API reference describes the quota error.
    throw limitExceeded();
  }

  private moveStage(secret: StoredSecret, stage: string, target: SecretVersion): void {
    const holder = [...secret.versions.values()].find((v) => v !== target && v.stages.has(stage));
    holder?.stages.delete(stage);
    target.stages.add(stage);
    if (stage === AWSCURRENT && holder) this.moveStage(secret, AWSPREVIOUS, holder);
  }

  /** Picks the version GetSecretValue would return; AWSCURRENT when nothing is asked for. */
  resolveVersion(secret: StoredSecret, versionId?: string, stage?: string): SecretVersion {
    if (versionId !== undefined) {
      const version = secret.versions.get(versionId);
      if (!version || (stage !== undefined && !version.stages.has(stage))) {
        const forStage = stage === undefined ? "" : ` and staging label: ${stage}`;
        throw resourceNotFound(
          `Secrets Manager can't find the specified secret value for VersionId: ${versionId}${forStage}`,
        );
      }
      return version;
    }
    const wanted = stage ?? AWSCURRENT;
    for (const version of secret.versions.values()) {
      if (version.stages.has(wanted)) return version;
    }
    throw resourceNotFound(
      `Secrets Manager can't find the specified secret value for staging label: ${wanted}`,
    );
  }

  /** AWS reports LastAccessedDate rounded down to the day. */
  markAccessed(secret: StoredSecret, nowMs = Date.now()): void {
    secret.lastAccessedAtMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
  }
}
