import type { SecretRef } from "../secrets/reference.ts";

/**
 * Where each secret of a run lives, as far as the policy needs it: partition,
 * region, account and name (without the six random characters AWS appends to
 * every secret's ARN). Known exactly from DescribeSecret; otherwise taken
 * from the reference, with placeholders for what it does not say.
 */
export const ACCOUNT_PLACEHOLDER = "ACCOUNT_ID";
export const REGION_PLACEHOLDER = "REGION";

export interface SecretTarget {
  /** The reference as the user gave it. */
  label: string;
  partition: string;
  region: string;
  account: string;
  /** The secret's name, without the random suffix. */
  name: string;
  /** KmsKeyId from DescribeSecret: undefined when the secret uses the AWS-managed key. */
  kmsKeyId?: string;
  /** DescribeSecret answered: the name, account and key above are facts, not assumptions. */
  described: boolean;
  /** Given by ARN (possibly another account), not by name (the caller's account). */
  byArn: boolean;
  /** Offline, an ARN taken to end in the random suffix: say so. */
  assumedSuffix?: boolean;
}

/** The part of DescribeSecret's answer the policy uses. */
export interface Described {
  ARN?: string;
  Name?: string;
  KmsKeyId?: string;
}

const SECRET_ARN = /^arn:([a-z-]+):secretsmanager:([a-z0-9-]+):(\d*):secret:(.+)$/;
/** The `-` and six letters or digits AWS appends to a secret's name in its ARN. */
const RANDOM_SUFFIX = /-[A-Za-z0-9]{6}$/;

/**
 * The target of one reference. `secretId` is a name, a full ARN or a partial
 * ARN (no suffix); `defaultRegion` is where a name is read (or the region placeholder).
 */
export function targetOf(label: string, secretId: string, defaultRegion: string | undefined, described?: Described): SecretTarget {
  const fromArn = SECRET_ARN.exec(described?.ARN ?? secretId);
  const partition = fromArn?.[1] ?? "aws";
  const region = fromArn?.[2] ?? defaultRegion ?? REGION_PLACEHOLDER;
  const account = fromArn?.[3] || ACCOUNT_PLACEHOLDER;
  const byArn = secretId.startsWith("arn:");
  const kms = described?.KmsKeyId ? { kmsKeyId: described.KmsKeyId } : {};
  if (described?.Name !== undefined) return { label, partition, region, account, name: described.Name, described: true, byArn, ...kms };
  if (!fromArn) return { label, partition, region, account, name: secretId, described: false, byArn };
  // An ARN nobody described: a full ARN (as copied from the console) ends in the suffix; a partial one does not.
  const tail = fromArn[4]!;
  const assumedSuffix = RANDOM_SUFFIX.test(tail);
  return { label, partition, region, account, name: assumedSuffix ? tail.slice(0, -7) : tail, described: false, byArn, ...(assumedSuffix ? { assumedSuffix } : {}) };
}

/**
 * The resource pattern for GetSecretValue on a target: its ARN with the random
 * suffix as `-??????`, which matches exactly those six characters, so the
 * statement covers this secret (also when it is deleted and created again
 * under the same name) and no secret whose name merely starts the same.
 */
export function secretResource(target: SecretTarget): string {
  return `arn:${target.partition}:secretsmanager:${target.region}:${target.account}:secret:${target.name}-??????`;
}

/**
 * A secret given by name lives in the caller's account: when another secret
 * given by name was described, its account replaces the placeholder.
 */
export function withKnownAccount(targets: SecretTarget[]): SecretTarget[] {
  const known = [...new Set(targets.filter((t) => !t.byArn && t.described).map((t) => t.account))];
  if (known.length !== 1) return targets;
  return targets.map((t) => (t.account === ACCOUNT_PLACEHOLDER && !t.byArn ? { ...t, account: known[0]! } : t));
}

/** `--offline`: no AWS call; what the references and the region settings say. */
export function offlineTargets(refs: SecretRef[], region: string | undefined): SecretTarget[] {
  return uniqueRefs(refs).map((ref) => targetOf(ref.label, ref.secretId, ref.arnRegion ?? region));
}

/** A secret named twice (two keys of it, say) is one target. */
export function uniqueRefs(refs: SecretRef[]): SecretRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const id = `${ref.arnRegion ?? ""} ${ref.secretId}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
