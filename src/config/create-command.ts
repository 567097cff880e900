import { type RunAwsSettings, withRunClients } from "../aws/run-clients.ts";
import { combineErrors } from "../errors.ts";
import { log } from "../log/logger.ts";
import type { SecretRef } from "../secrets/reference.ts";
import { writeConfigFile } from "./create.ts";

/**
 * `--create-config[=file]`: checks every secret exists (DescribeSecret, no
 * value read), then writes provider, region, the profile if one was given on
 * the command line, and the secret names.
 */
export async function createConfig(
  path: string,
  refs: SecretRef[],
  settings: RunAwsSettings,
  /** Written to the file only when given on the command line. */
  profileGiven: string | undefined,
): Promise<void> {
  const { createClientFactory, checkSecretsExist } = await import("../aws/sdk.ts");
  const result = await withRunClients(refs, settings, createClientFactory, (factory) => checkSecretsExist(refs, factory, process.env, settings.endpoint));
  if (result.failures.length > 0) throw combineErrors(result.failures);
  writeConfigFile(path, {
    region: result.region,
    ...(profileGiven !== undefined ? { profile: profileGiven } : {}),
    // dotenv: is how the secret must be read, so the file keeps it; VAR= and #KEY are choices of one run.
    secrets: refs.map((ref) => (ref.dotenv ? { name: ref.secretId, dotenv: true as const } : ref.secretId)),
  });
  log.info(`wrote ${path} with ${refs.length === 1 ? "1 secret" : `${refs.length} secrets`}`);
}
