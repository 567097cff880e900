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

/** A session as the uses of a LastingAwsSession share it, with what they need to time and tear it down. */
interface OpenSession extends AwsSession {
  /** Runs `work` with the session's requests and credential_process bounded by `deadline`: one work at a time. */
  during<T>(deadline: AbortSignal, work: (session: AwsSession) => Promise<T>): Promise<T>;
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
 * An AWS session kept for many pieces of work, one after the other: --watch
 * checks with one for the whole run. Its clients, HTTP handler and
 * credentials are made once, and the credentials are resolved again only
 * when they are about to expire; each use has its own time limit
 * (`--timeout`, credentials included).
 */
export interface LastingAwsSession {
  /**
   * Runs `work` in the session, within the time limit. A use that fails (a
   * time-out, credentials AWS no longer takes, a broken connection) leaves
   * the next one a new session, with credentials resolved afresh.
   */
  use<T>(work: (session: AwsSession) => Promise<T>): Promise<T>;
  close(): void;
}

export function openAwsSession(settings: AwsSettings, options: SessionOptions): LastingAwsSession {
  let open: OpenSession | undefined;
  let closed = false;
  return {
    async use(work) {
      if (closed) throw new Error("the AWS session is closed");
      open ??= openSession(settings, options);
      const session = open;
      try {
        return await withinTimeLimit(
          settings.timeoutMs,
          (deadline) => session.during(deadline, work),
          () => describeTimeout(settings.timeoutMs, session.credentialsResolved() ? "secrets" : "credentials", settings.endpoint, session.refusedAttempt()),
        );
      } catch (error) {
        if (open === session) open = undefined;
        session.destroy();
        throw error;
      } finally {
        // The binary starts with the JIT held back for the run-once burst of the
        // AWS phase (scripts/build.ts); what follows can be hot for a long time.
        Bun.unsafe.setJITPolicy(1);
      }
    },
    close(): void {
      closed = true;
      open?.destroy();
      open = undefined;
    },
  };
}

/**
 * The AWS phase of a command: a session for `work`, within the time limit
 * (`--timeout`, credentials included), torn down whatever happens.
 */
export async function withAwsSession<T>(settings: AwsSettings, options: SessionOptions, work: (session: AwsSession) => Promise<T>): Promise<T> {
  const session = openAwsSession(settings, options);
  try {
    return await session.use(work);
  } finally {
    session.close();
  }
}

/**
 * The real session: one HTTP handler for everything (the credential chain's
 * STS and SSO clients included), one credentials chain, one client per region.
 * What is in flight is bounded by the deadline of the work it is doing.
 */
function openSession(settings: AwsSettings, { env, fallbackRegion }: SessionOptions): OpenSession {
  // The SDK reads its own process's environment, whatever the run was given.
  giveSdkAHome(process.env);
  let current: AbortSignal | undefined;
  const deadline = (): AbortSignal => {
    if (current === undefined) throw new Error("an AWS request outside the work of its session");
    return current;
  };
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
  const session: AwsSession = { defaultRegion: regions.defaultRegion, credentials: () => credentials.provider(), client };
  return {
    ...session,
    async during(signal, work) {
      if (current !== undefined) throw new Error("an AWS session does one work at a time");
      current = signal;
      try {
        return await work(session);
      } finally {
        current = undefined;
      }
    },
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
