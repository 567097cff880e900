// Named imports, so the bundler keeps only what is used (the SDK packages are
// side-effect free): importing the whole namespace pulled in every command of
// the service and cost ~10 ms at startup. This folder is itself loaded lazily.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { EnvSecretsError } from "../../errors.ts";
import { withinTimeLimit } from "../options/network.ts";
import type { AwsSettings } from "../options/settings.ts";
import { CLIENT_SPEED_SETTINGS, withoutRequestRecords } from "./client-speed.ts";
import { giveSdkAHome, runCredentials, type SdkLogger, sdkLogger } from "./credentials.ts";
import { describeTimeout } from "./errors.ts";
import { createRequestHandler } from "./http.ts";
import { type RefusedAttempt, recordRefusedAttempts } from "./refused-attempts.ts";

/**
 * The one seam between env-secrets and AWS: what the fetch path and every
 * command that talks to Secrets Manager need, and nothing more. Commands get
 * one from `withAwsSession` (inside a lazy import of this folder); unit tests
 * pass a small in-memory one.
 */
export interface AwsSession {
  /** `-r`, AWS_REGION, AWS_DEFAULT_REGION, then the profile's region; an error naming the fixes when there is none. */
  defaultRegion(): Promise<string>;
  /**
   * Resolves the run's credentials (once: every client shares them), so that
   * a credentials problem is one error before any request, not one per secret.
   */
  credentials(): Promise<{ accessKeyId: string }>;
  /** The Secrets Manager client of a region, created on first use and shared by the run. */
  client(region: string): SecretsManagerPort;
}

/** A Secrets Manager client of one region: what it is for, and how it sends a command. */
export interface SecretsManagerPort {
  readonly region: string;
  send: SecretsManagerClient["send"];
}

/** The session withAwsSession runs work with, and what it needs to time and tear it down. */
interface OpenSession extends AwsSession {
  credentialsResolved(): boolean;
  /** A request AWS refused that waits for its retry: what a time-out at this moment is about. */
  refusedAttempt(): RefusedAttempt | undefined;
  destroy(): void;
}

export interface SessionOptions {
  /** The environment the run was started with: AWS_REGION and the like, and where errors say the SDK looked. */
  env: Record<string, string | undefined>;
  /**
   * A region for the credential chain's own STS and SSO calls when the run
   * sets none: a run whose secrets are all ARNs uses the first ARN's region,
   * rather than the SDK's us-east-1 fallback (which also warns on the console).
   */
  fallbackRegion?: string;
}

/**
 * The AWS phase of a command: a session for `work`, within the time limit
 * (`--timeout`, credentials included), torn down whatever happens.
 */
export async function withAwsSession<T>(settings: AwsSettings, options: SessionOptions, work: (session: AwsSession) => Promise<T>): Promise<T> {
  let credentialsResolved = () => false;
  let refusedAttempt: OpenSession["refusedAttempt"] = () => undefined;
  return withinTimeLimit(
    settings.timeoutMs,
    async (deadline) => {
      const session = openSession(settings, options, deadline);
      credentialsResolved = session.credentialsResolved;
      refusedAttempt = session.refusedAttempt;
      try {
        return await work(session);
      } finally {
        session.destroy();
        // The binary starts with the JIT held back for the run-once burst of the
        // AWS phase (scripts/build.ts); what follows can be hot for a long time.
        Bun.unsafe.setJITPolicy(1);
      }
    },
    () => describeTimeout(settings.timeoutMs, credentialsResolved() ? "secrets" : "credentials", settings.endpoint, refusedAttempt()),
  );
}

/**
 * The real session: one HTTP handler for everything (the credential chain's
 * STS and SSO clients included), one credentials chain, one client per region.
 */
function openSession(settings: AwsSettings, { env, fallbackRegion }: SessionOptions, deadline: AbortSignal): OpenSession {
  // The SDK reads its own process's environment, whatever the run was given.
  giveSdkAHome(process.env);
  const logger = withoutRequestRecords(sdkLogger(settings.profile, env));
  const requestHandler = createRequestHandler({ caBundle: settings.caBundle, deadline });
  const regions = regionResolver(settings, env, fallbackRegion, { logger, requestHandler });
  const credentials = runCredentials({
    profile: settings.profile,
    profileSource: settings.profileSource,
    logger,
    clientConfig: { requestHandler },
    env,
    region: regions.known,
    deadline,
  });
  const clients = new Map<string, SecretsManagerClient>();
  const refused = recordRefusedAttempts();
  const client = (region: string): SecretsManagerPort => {
    let sdkClient = clients.get(region);
    if (!sdkClient) {
      sdkClient = new SecretsManagerClient({
        region,
        credentials: credentials.provider,
        ...clientSettings(settings, { logger, requestHandler }),
        ...CLIENT_SPEED_SETTINGS,
      });
      sdkClient.middlewareStack.use(refused.plugin());
      clients.set(region, sdkClient);
    }
    return { region, send: sdkClient.send.bind(sdkClient) };
  };
  return {
    defaultRegion: regions.defaultRegion,
    credentials: () => credentials.provider(),
    client,
    credentialsResolved: credentials.resolved,
    refusedAttempt: () => refused.latest(),
    destroy(): void {
      for (const sdkClient of clients.values()) sdkClient.destroy();
    },
  };
}

interface Shared {
  logger: SdkLogger;
  requestHandler: ReturnType<typeof createRequestHandler>;
}

/** What every Secrets Manager client of the run is given, the region probe's included. */
function clientSettings(settings: AwsSettings, { logger, requestHandler }: Shared) {
  return {
    logger,
    requestHandler,
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  };
}

/**
 * The run's default region, found once: `-r` (or the config file's), then
 * AWS_REGION, AWS_DEFAULT_REGION, then the profile's region as the SDK reads
 * it. `known` is what the credential chain's STS and SSO calls use meanwhile.
 */
function regionResolver(settings: AwsSettings, env: Record<string, string | undefined>, fallbackRegion: string | undefined, shared: Shared) {
  const explicit = settings.region || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  let known = explicit || fallbackRegion;
  return {
    known: () => known,
    async defaultRegion(): Promise<string> {
      if (explicit) return explicit;
      // With our handler, as every client: the SDK's default one would load Node's HTTP stack.
      const probe = new SecretsManagerClient(clientSettings(settings, shared));
      try {
        const region = await probe.config.region();
        if (region) {
          known = region;
          return region;
        }
      } catch {
        // No region anywhere: reported below.
      } finally {
        probe.destroy();
      }
      throw new EnvSecretsError({
        subject: "region",
        reason: "no AWS region configured",
        hint: "pass -r <region>, set AWS_REGION, or set region in your AWS profile",
      });
    },
  };
}
