import { type RunAwsSettings, withRunClients } from "../aws/run-clients.ts";
import { combineErrors } from "../errors.ts";
import { log } from "../log/logger.ts";
import { writeNewFile } from "../output/write-file.ts";
import type { SecretRef } from "../secrets/reference.ts";

export const CONFIG_FILE_MODE = 0o600;

export interface NewConfig {
  region: string;
  profile?: string;
  /** Secret names or ARNs; never keys or values. */
  secrets: string[];
}

/**
 * `env-secrets aws --create-config[=file]`: checks every secret exists
 * (DescribeSecret, no value read), then writes provider, region, the profile
 * if one was given on the command line, and the secret names.
 */
export async function createConfig(
  path: string,
  refs: SecretRef[],
  settings: RunAwsSettings,
  /** Written to the file only when given on the command line. */
  profileGiven: string | undefined,
  env: Record<string, string | undefined>,
): Promise<void> {
  const { createClientFactory, checkSecretsExist } = await import("../aws/sdk.ts");
  const result = await withRunClients(refs, settings, createClientFactory, (factory) => checkSecretsExist(refs, factory, env, settings.endpoint), env);
  if (result.failures.length > 0) throw combineErrors(result.failures);
  writeNewFile(path, configText(path, { region: result.region, ...(profileGiven !== undefined ? { profile: profileGiven } : {}), secrets: refs.map((ref) => ref.secretId) }), CONFIG_FILE_MODE);
  log.info(`wrote ${path} with ${refs.length === 1 ? "1 secret" : `${refs.length} secrets`}`);
}

/** The text of a new config file: JSON for a `.json` name, YAML otherwise. */
export function configText(path: string, config: NewConfig): string {
  const data = {
    provider: "aws",
    region: config.region,
    ...(config.profile !== undefined ? { profile: config.profile } : {}),
    secrets: config.secrets.map((name) => ({ name })),
  };
  return path.endsWith(".json") ? `${JSON.stringify(data, null, 2)}\n` : `${Bun.YAML.stringify(data, null, 2)}\n`;
}
