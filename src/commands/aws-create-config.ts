import type { AwsSettings } from "../aws/options/settings.ts";
import { allOrFailures } from "../errors.ts";
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
  settings: AwsSettings,
  /** Written to the file only when given on the command line. */
  profileGiven: string | undefined,
  env: Record<string, string | undefined>,
): Promise<void> {
  const { withAwsSession, checkSecretsExist } = await import("../aws/sdk/index.ts");
  const fallbackRegion = refs.find((ref) => ref.arnRegion)?.arnRegion;
  const { region, outcomes } = await withAwsSession(settings, { env, fallbackRegion }, (aws) => checkSecretsExist(refs, aws, settings.endpoint));
  allOrFailures(outcomes, () => undefined);
  const secrets = refs.map((ref) => ref.secretId);
  writeNewFile(path, configText(path, { region, ...(profileGiven !== undefined ? { profile: profileGiven } : {}), secrets }), CONFIG_FILE_MODE);
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
