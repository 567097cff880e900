import { EnvSecretsError } from "../errors.ts";

/** One `-s` argument: which secret to read, and from which region if its ARN says so. */
export interface SecretRef {
  /** As the user wrote it; used in messages. */
  label: string;
  /** What GetSecretValue receives: a name, a full ARN or a partial ARN. */
  secretId: string;
  /** The region an ARN names; a secret given by ARN is always read there. */
  arnRegion?: string;
  /** `VAR=`: the variable that receives the whole secret, or the one selected key. */
  as?: string;
  /** `#KEY` or a config file's `keys`: only these keys of a JSON-object secret. */
  keys?: string[];
  versionStage?: string;
  versionId?: string;
  /** Prepended to this secret's variable names (after the run's own prefix). */
  prefix?: string;
  /** Flatten nested objects with this separator. */
  flattenSeparator?: string;
}

/** Shaping rules that apply to every secret of a run. */
export interface ShapingOptions {
  prefix?: string;
  flattenSeparator?: string;
  normalizeNames?: boolean;
  /** Protected names a secret may set anyway (--allow-override). */
  allowOverride?: string[];
  /** Inherited variables keep their values (--no-override). */
  noOverride?: boolean;
}

const ARN = /^arn:[a-z-]+:secretsmanager:([a-z0-9-]*):(\d*):secret:(.+)$/;

/** A leading `VAR=`: only a valid variable name counts, so a secret name like `a=b` (names allow `=`) after it stays intact. */
const LEADING_VAR = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/**
 * Parses one `-s` argument: `[VAR=]<name-or-arn>[#<key>]`.
 *
 * Neither secret names (letters, digits and /_+=.@-) nor ARNs can contain `#`,
 * so the first `#` starts the key, and the key itself may contain `#`.
 * A name that begins with `WORD=` reads as `VAR=`; such a secret is reached by its ARN,
 * which never matches because an ARN has `:` before any `=`.
 */
export function parseSecretRef(text: string): SecretRef {
  const asMatch = LEADING_VAR.exec(text);
  const as = asMatch?.[1];
  const rest = asMatch ? text.slice(asMatch[0].length) : text;
  const hash = rest.indexOf("#");
  const secretId = hash === -1 ? rest : rest.slice(0, hash);
  const key = hash === -1 ? undefined : rest.slice(hash + 1);
  if (secretId.trim() === "") {
    throw new EnvSecretsError({
      subject: text === "" ? "-s" : text,
      reason: "empty secret name",
      hint: "give a secret name or ARN: -s [VAR=]<name-or-arn>[#KEY]",
      kind: "usage",
    });
  }
  if (key === "") {
    throw new EnvSecretsError({
      subject: text,
      reason: "empty key after #",
      hint: "name the key to select, e.g. -s my-app/prod#DB_PASSWORD, or drop the #",
      kind: "usage",
    });
  }
  const ref = secretRefFor(secretId, text);
  if (as !== undefined) ref.as = as;
  if (key !== undefined) ref.keys = [key];
  return ref;
}

/**
 * The reference for a bare secret name or ARN (no `VAR=` or `#KEY` syntax), as a
 * config file's `name` gives it: an ARN must be a Secrets Manager ARN and names its region.
 */
export function secretRefFor(secretId: string, label = secretId): SecretRef {
  const ref: SecretRef = { label, secretId };
  if (secretId.startsWith("arn:")) {
    const match = ARN.exec(secretId);
    if (!match?.[1]) {
      throw new EnvSecretsError({
        subject: label,
        reason: "not a Secrets Manager ARN",
        hint: "expected arn:aws:secretsmanager:<region>:<account>:secret:<name>",
        kind: "usage",
      });
    }
    ref.arnRegion = match[1];
  }
  return ref;
}

/**
 * `as` (or `VAR=`) names one variable, so it renames a single selected key:
 * one rule for every way a reference is made.
 */
export function checkAsRenamesOneKey(ref: SecretRef): void {
  if (ref.as !== undefined && ref.keys !== undefined && ref.keys.length > 1) {
    throw new EnvSecretsError({ subject: ref.label, reason: "as names one variable, but keys lists several", hint: "list one key with as, or drop as" });
  }
}
