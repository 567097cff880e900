import { EnvSecretsError } from "../errors.ts";
import { writeAllSync } from "../io/write-sync.ts";
import { replaceFile } from "./write-file.ts";

/** What a run used of one secret: everything but its value. */
export interface ManifestSecret {
  /** The reference as given (`-s` or the config file's name). */
  reference: string;
  arn: string | null;
  region: string;
  versionId: string | null;
  /** The stage asked for; null for a secret read by version id. */
  versionStage: string | null;
  /** The names of the variables it set, never their values. */
  variables: string[];
  fetchedAt: string;
}

export interface Manifest {
  envSecretsVersion: string;
  writtenAt: string;
  secrets: ManifestSecret[];
}

const MODE = 0o600;

/**
 * `--manifest FILE`: the record of what a run used, as JSON. Replaces FILE
 * atomically (a temporary file in the same directory, mode 0600, renamed over
 * it: replaceFile), so a reader sees the old record or the new one, never half
 * of one.
 * `-` writes it to stderr.
 */
export function writeManifest(path: string, manifest: Manifest): void {
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (path === "-") {
    writeAllSync(2, text);
    return;
  }
  replaceFile(path, text, MODE, (step, error) => manifestError(path, error, step === "create" ? "cannot create a file in its directory" : "cannot write it"));
}

function manifestError(path: string, error: unknown, what: string): EnvSecretsError {
  const code = (error as { code?: unknown } | null)?.code;
  return new EnvSecretsError({
    subject: `--manifest ${path}`,
    reason: `${what} (${typeof code === "string" ? code : "error"})`,
    hint: "give a path in a writable directory, or - for stderr",
    cause: error,
  });
}
