import { checkEndpoint, resolveEndpoint } from "../aws/options/endpoint.ts";
import { parseTimeout, readCaBundle } from "../aws/options/network.ts";
import type { AwsSettings } from "../aws/options/settings.ts";
import type { Config } from "../config/load.ts";
import { log } from "../log/logger.ts";
import type { awsConnectionArgs } from "./_args.ts";
import type { Options } from "./_command.ts";

/**
 * The AwsSettings of any command that spreads `awsConnectionArgs` (or
 * `awsArgs`), checked before any AWS call: each option from the command
 * line, else the config file, else the environment (the endpoint, the CA
 * bundle) or the SDK (region, profile).
 */
export function awsSettingsFrom(args: Options<typeof awsConnectionArgs>, env: Record<string, string | undefined>, config?: Config): AwsSettings {
  const endpointFlag = args["endpoint-url"];
  return {
    profile: args.profile ?? config?.profile,
    // For errors about the profile: named by -p, or by this file.
    profileSource: args.profile === undefined && config?.profile !== undefined ? config.path : undefined,
    region: args.region ?? config?.region,
    endpoint: endpointFlag !== undefined ? checkEndpoint("--endpoint-url", endpointFlag) : resolveEndpoint(undefined, env),
    caBundle: readCaBundle(args["ca-bundle"], env),
    timeoutMs: parseTimeout(args.timeout),
  };
}

/**
 * Call before opening an AWS session: from then on credentials and secret
 * values are in memory, and a core file of env-secrets would hold them all.
 * On Linux it makes the process not dumpable (src/run/dumpable-linux.ts);
 * elsewhere there is no such flag.
 */
export async function keepSecretsOutOfCoreFiles(platform: NodeJS.Platform): Promise<void> {
  if (platform !== "linux") return;
  const { makeNotDumpable } = await import("../run/dumpable-linux.ts");
  if (!makeNotDumpable()) log.debug("could not turn off core dumps (prctl PR_SET_DUMPABLE)");
}
