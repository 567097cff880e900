import { earlyConnectionOrigin } from "../aws/options/early-connection.ts";
import { checkEndpoint, resolveEndpoint } from "../aws/options/endpoint.ts";
import { parseTimeout, readCaBundle } from "../aws/options/network.ts";
import type { AwsSettings } from "../aws/options/settings.ts";
import type { AwsSession } from "../aws/sdk/index.ts";
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

/** The SDK-facing module, loaded on demand. */
export type AwsSdk = typeof import("../aws/sdk/index.ts");

/**
 * Runs `work` in an AWS session: the one way a command reaches AWS (with
 * --watch, openLastingSession below). The SDK loads only now that there is
 * work for it. Before the session opens (from then on credentials and secret
 * values are in memory, and a core file of env-secrets would hold them all)
 * the process is made not dumpable on Linux (src/run/dumpable-linux.ts);
 * elsewhere there is no such flag.
 */
export async function inAwsSession<T>(settings: AwsSettings, options: SessionPlace, work: (session: AwsSession, sdk: AwsSdk) => Promise<T>): Promise<T> {
  const sdk = await loadSdk(settings, options);
  return sdk.withAwsSession(settings, { env: options.env, fallbackRegion: options.fallbackRegion }, (session) => work(session, sdk));
}

/** A session that lasts for many works one after the other, each within --timeout (--watch). */
export interface LastingSession {
  use<T>(work: (session: AwsSession, sdk: AwsSdk) => Promise<T>): Promise<T>;
  close(): void;
}

/** Opens a session kept for every AWS call of a --watch run: the same clients and credentials, resolved again near their expiry. */
export async function openLastingSession(settings: AwsSettings, options: SessionPlace): Promise<LastingSession> {
  const sdk = await loadSdk(settings, options);
  const session = sdk.openAwsSession(settings, { env: options.env, fallbackRegion: options.fallbackRegion });
  return {
    use: (work) => session.use((aws) => work(aws, sdk)),
    close: () => session.close(),
  };
}

interface SessionPlace {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  fallbackRegion?: string;
}

async function loadSdk(settings: AwsSettings, options: SessionPlace): Promise<AwsSdk> {
  if (options.platform === "linux") {
    const { makeNotDumpable } = await import("../run/dumpable-linux.ts");
    if (!makeNotDumpable()) log.debug("could not turn off core dumps (prctl PR_SET_DUMPABLE)");
  }
  // DNS, TCP and TLS to AWS while the SDK loads (several milliseconds of
  // JavaScript), instead of after it: Bun's fetch then sends the first request
  // on this connection. A connection only; nothing is sent on it yet.
  const origin = earlyConnectionOrigin(settings, options.env, options.fallbackRegion);
  if (origin !== undefined) fetch.preconnect(origin);
  return import("../aws/sdk/index.ts");
}
