import type { FetchedSecret } from "../aws/sdk/index.ts";
import { type ManifestSecret, writeManifest } from "../output/manifest.ts";
import type { SecretVariables } from "../secrets/merge.ts";
import { VERSION } from "../version.ts";

/** What a run used, as shaped: each secret (in the order given) and its variables. */
export interface RunRecord {
  fetched: FetchedSecret[];
  perSecret: SecretVariables[];
}

/**
 * `--manifest`: records each secret of the run (reference, ARN, region,
 * version id, stage, the names of its variables and when it was read) and
 * env-secrets' version. Never a value.
 */
export function writeRunManifest(path: string, record: RunRecord, fetchedAt: (secret: FetchedSecret) => Date): void {
  const secrets: ManifestSecret[] = record.fetched.map((secret, i) => ({
    reference: secret.ref.label,
    arn: secret.arn ?? null,
    region: secret.region,
    versionId: secret.versionId ?? null,
    versionStage: secret.ref.versionId !== undefined ? (secret.ref.versionStage ?? null) : (secret.ref.versionStage ?? "AWSCURRENT"),
    variables: [...(record.perSecret[i]?.variables.keys() ?? [])],
    fetchedAt: fetchedAt(secret).toISOString(),
  }));
  writeManifest(path, { envSecretsVersion: VERSION, writtenAt: new Date().toISOString(), secrets });
}
