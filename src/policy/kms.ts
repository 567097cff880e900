import type { SecretTarget } from "./targets.ts";

/**
 * The KMS key a secret is encrypted with, as a policy resource. DescribeSecret
 * gives KmsKeyId as it was set: a key ARN, a key id, an alias name or an alias
 * ARN, or nothing for the AWS-managed key `aws/secretsmanager` (whose key
 * policy already lets Secrets Manager use it for callers of the account, so it
 * needs no statement).
 */
export type KeyResource =
  /** A key known by its ARN. */
  | { kind: "key"; arn: string }
  /** A key known only by an alias: any key of the account and region, limited to the one behind the alias by kms:ResourceAliases. */
  | { kind: "alias"; keys: string; alias: string };

const AWS_MANAGED = "alias/aws/secretsmanager";
const KMS_ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d+):(key|alias)\/(.+)$/;

export function keyResource(target: SecretTarget): KeyResource | undefined {
  const id = target.kmsKeyId;
  if (id === undefined || id === AWS_MANAGED || id.endsWith(`:${AWS_MANAGED}`)) return undefined;
  const arn = KMS_ARN.exec(id);
  if (arn) {
    const [, partition, region, account, type, rest] = arn;
    if (type === "key") return { kind: "key", arn: id };
    return { kind: "alias", keys: `arn:${partition}:kms:${region}:${account}:key/*`, alias: `alias/${rest}` };
  }
  const prefix = `arn:${target.partition}:kms:${target.region}:${target.account}`;
  if (id.startsWith("alias/")) return { kind: "alias", keys: `${prefix}:key/*`, alias: id };
  return { kind: "key", arn: `${prefix}:key/${id}` };
}
