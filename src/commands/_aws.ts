import { checkEndpoint, resolveEndpoint } from "../aws/options/endpoint.ts";
import { parseTimeout, readCaBundle } from "../aws/options/network.ts";
import type { AwsSettings } from "../aws/options/settings.ts";
import type { Config } from "../config/load.ts";
import type { awsArgs } from "./_args.ts";
import type { Options } from "./_command.ts";

/**
 * The AwsSettings of any command that spreads `awsArgs`, checked before any
 * AWS call: each option from the command line, else the config file, else
 * the environment (the endpoint, the CA bundle) or the SDK (region, profile).
 */
export function awsSettingsFrom(args: Options<typeof awsArgs>, env: Record<string, string | undefined>, config?: Config): AwsSettings {
  const endpointFlag = args["endpoint-url"];
  return {
    profile: args.profile ?? config?.profile,
    region: args.region ?? config?.region,
    endpoint: endpointFlag !== undefined ? checkEndpoint("--endpoint-url", endpointFlag) : resolveEndpoint(undefined, env),
    caBundle: readCaBundle(args["ca-bundle"], env),
    timeoutMs: parseTimeout(args.timeout),
  };
}
