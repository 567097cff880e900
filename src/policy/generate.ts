import { WATCH_IAM_ACTIONS } from "../aws/options/watch-actions.ts";
import { keyResource } from "./kms.ts";
import { ACCOUNT_PLACEHOLDER, REGION_PLACEHOLDER, type SecretTarget, secretResource } from "./targets.ts";

/**
 * `env-secrets aws policy`: the least-privilege IAM policy for the secrets of
 * a run, and the notes that explain it (printed apart from the policy, which
 * must stay a document `aws iam put-role-policy` accepts as it is).
 */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface IamPolicy {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export interface GeneratedPolicy {
  policy: IamPolicy;
  /** Why the policy looks as it does, and what to fill in or check. */
  notes: string[];
}

export interface PolicyOptions {
  /** Also allow BatchGetSecretValue (on "*": it has no resource of its own). */
  batch: boolean;
  /** No AWS call was made: key and account unknown unless the references say them. */
  offline: boolean;
  /** Runs use --watch: each check asks DescribeSecret about the same secrets. */
  watch?: boolean;
}

export const WILDCARD_NOTE =
  "each secret's ARN ends in '-' and six random characters that AWS adds when the secret is created; '-??????' matches exactly those six, so a statement covers its secret (also after it is deleted and created again under the same name) and no other secret, not even one whose name starts the same";

export function generatePolicy(targets: SecretTarget[], options: PolicyOptions): GeneratedPolicy {
  const statements: PolicyStatement[] = [];
  for (const [region, group] of byRegion(targets)) {
    const actions = options.watch ? ["secretsmanager:GetSecretValue", ...WATCH_IAM_ACTIONS] : "secretsmanager:GetSecretValue";
    statements.push({ Sid: `ReadSecrets${sidPart(region)}`, Effect: "Allow", Action: actions, Resource: one(unique(group.map(secretResource))) });
    statements.push(...kmsStatements(region, group));
  }
  if (options.batch) {
    statements.push({ Sid: "BatchReadSecrets", Effect: "Allow", Action: "secretsmanager:BatchGetSecretValue", Resource: "*" });
  }
  return { policy: { Version: "2012-10-17", Statement: statements }, notes: notesFor(targets, options) };
}

/** kms:Decrypt on the customer-managed keys of one region's secrets, only when Secrets Manager of that region asks KMS. */
function kmsStatements(region: string, group: SecretTarget[]): PolicyStatement[] {
  const viaService = { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` };
  const keys = group.map(keyResource);
  const arns = unique(keys.flatMap((key) => (key?.kind === "key" ? [key.arn] : [])));
  const statements: PolicyStatement[] = [];
  if (arns.length > 0) {
    statements.push({ Sid: `DecryptSecrets${sidPart(region)}`, Effect: "Allow", Action: "kms:Decrypt", Resource: one(arns), Condition: { StringEquals: viaService } });
  }
  const aliases = keys.flatMap((key) => (key?.kind === "alias" ? [key] : []));
  unique(aliases.map((a) => `${a.keys} ${a.alias}`)).forEach((pair, i) => {
    const [keysPattern, alias] = pair.split(" ") as [string, string];
    statements.push({
      Sid: `DecryptSecrets${sidPart(region)}Alias${i + 1}`,
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: keysPattern,
      Condition: { StringEquals: viaService, "ForAnyValue:StringEquals": { "kms:ResourceAliases": alias } },
    });
  });
  return statements;
}

function notesFor(targets: SecretTarget[], options: PolicyOptions): string[] {
  const notes = [WILDCARD_NOTE];
  if (targets.some((t) => t.account === ACCOUNT_PLACEHOLDER)) notes.push(`replace ${ACCOUNT_PLACEHOLDER} with the id of the account that holds the secrets`);
  if (targets.some((t) => t.region === REGION_PLACEHOLDER)) notes.push(`replace ${REGION_PLACEHOLDER} with the secrets' region (or give -r)`);
  for (const t of targets.filter((t) => t.assumedSuffix)) {
    notes.push(`${t.label}: taken as a full ARN whose last 7 characters are the random suffix; if they are part of the name, give the name (or run without --offline)`);
  }
  if (options.offline) {
    notes.push("--offline: the secrets' KMS keys are unknown; for a secret encrypted with a customer-managed key, add kms:Decrypt on that key (run without --offline to have it added)");
  } else {
    for (const t of targets.filter((t) => !t.described)) {
      notes.push(`${t.label}: could not be described (needs secretsmanager:DescribeSecret), so its KMS key is unknown; if it uses a customer-managed key, add kms:Decrypt on it`);
    }
  }
  if (targets.some((t) => keyResource(t)?.kind === "alias")) {
    notes.push("a key known only by its alias is allowed through kms:ResourceAliases; its key ARN (aws kms describe-key --key-id <alias>) makes the statement narrower");
  }
  if (options.watch) {
    notes.push("--watch: secretsmanager:DescribeSecret on the same secrets, for the check of which version holds each secret's stage (no value is read by it)");
  }
  if (options.batch) {
    notes.push("secretsmanager:BatchGetSecretValue has no resource of its own, so it is allowed on \"*\"; it returns only secrets that GetSecretValue above also allows");
  }
  return notes;
}

/** Targets grouped by region, in the order the regions first appear. */
function byRegion(targets: SecretTarget[]): Map<string, SecretTarget[]> {
  const groups = new Map<string, SecretTarget[]>();
  for (const target of targets) groups.set(target.region, [...(groups.get(target.region) ?? []), target]);
  return groups;
}

/** `us-east-1` → `UsEast1`: a statement id may hold only letters and digits. */
function sidPart(region: string): string {
  return region
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join("");
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function one(values: string[]): string | string[] {
  return values.length === 1 ? values[0]! : values;
}
