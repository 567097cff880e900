import type { AwsSettings } from "../aws/options/settings.ts";
import { allOrFailures } from "../errors.ts";
import { log } from "../log/logger.ts";
import { writeNewFile } from "../output/write-file.ts";
import type { SecretRef } from "../secrets/reference.ts";
import { inAwsSession } from "./_aws.ts";
import type { CommandContext } from "./_command.ts";

export const CONFIG_FILE_MODE = 0o600;

export interface NewConfig {
  region: string;
  profile?: string;
  /** Secret names or ARNs, with `dotenv: true` for those read as dotenv text; never keys or values. */
  secrets: Array<string | { name: string; dotenv: true }>;
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
  { env, platform }: Pick<CommandContext, "env" | "platform">,
): Promise<void> {
  const fallbackRegion = refs.find((ref) => ref.arnRegion)?.arnRegion;
  const { region, outcomes } = await inAwsSession(settings, { env, platform, fallbackRegion }, (aws, sdk) => sdk.checkSecretsExist(refs, aws, settings.endpoint));
  allOrFailures(outcomes, () => undefined);
  // dotenv: is how the secret must be read, so the file keeps it; VAR= and #KEY are choices of one run.
  const secrets = refs.map((ref) => (ref.dotenv ? { name: ref.secretId, dotenv: true as const } : ref.secretId));
  writeNewFile(path, configText(path, { region, ...(profileGiven !== undefined ? { profile: profileGiven } : {}), secrets }), CONFIG_FILE_MODE);
  log.info(`wrote ${path} with ${refs.length === 1 ? "1 secret" : `${refs.length} secrets`}`);
}

/** The text of a new config file: JSON for a `.json` name, YAML otherwise. */
export function configText(path: string, config: NewConfig): string {
  const data = {
    provider: "aws",
    region: config.region,
    ...(config.profile !== undefined ? { profile: config.profile } : {}),
    secrets: config.secrets.map((secret) => (typeof secret === "string" ? { name: secret } : secret)),
  };
  return path.endsWith(".json") ? `${JSON.stringify(data, null, 2)}\n` : `${Bun.YAML.stringify(data, null, 2)}\n`;
}
