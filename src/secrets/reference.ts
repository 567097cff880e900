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

export function parseSecretRef(text: string): SecretRef {
  if (text.trim() === "") {
    throw new EnvSecretsError({ subject: "-s", reason: "empty secret name", hint: "give a secret name or ARN", kind: "usage" });
  }
  if (text.startsWith("arn:")) {
    const match = ARN.exec(text);
    if (!match?.[1]) {
      throw new EnvSecretsError({
        subject: text,
        reason: "not a Secrets Manager ARN",
        hint: "expected arn:aws:secretsmanager:<region>:<account>:secret:<name>",
        kind: "usage",
      });
    }
    return { label: text, secretId: text, arnRegion: match[1] };
  }
  return { label: text, secretId: text };
}
