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
  settings: { region?: string; profile?: string; endpoint?: string; caBundle?: string },
  /** Written to the file only when given on the command line. */
  profileGiven: string | undefined,
): Promise<void> {
  const { createClientFactory, checkSecretsExist } = await import("../aws/sdk.ts");
  const factory = await createClientFactory(settings);
  let result: Awaited<ReturnType<typeof checkSecretsExist>>;
  try {
    result = await checkSecretsExist(refs, factory, process.env, settings.endpoint);
  } finally {
    factory.destroy();
  }
  if (result.failures.length > 0) throw combineErrors(result.failures);
  writeConfigFile(path, {
    region: result.region,
    ...(profileGiven !== undefined ? { profile: profileGiven } : {}),
    secrets: refs.map((ref) => ref.secretId),
  });
  log.info(`wrote ${path} with ${refs.length === 1 ? "1 secret" : `${refs.length} secrets`}`);
}
