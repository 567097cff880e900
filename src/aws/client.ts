// Named imports, so the bundler keeps only what is used (the SDK packages are
// side-effect free): importing the whole namespace pulled in every command of
// the service and cost ~10 ms at startup. This module is itself loaded lazily.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { EnvSecretsError } from "../errors.ts";
import { log, redactor } from "../log/logger.ts";
import { describeCredentialsError, oneLine } from "./errors.ts";
import { createRequestHandler } from "./http.ts";

/** What the command line and environment say about how to reach AWS. */
export interface AwsSettings {
  profile?: string;
  /** `-r`; when absent the region comes from the environment or the profile. */
  region?: string;
  /** Already checked by resolveEndpoint. */
  endpoint?: string;
  /** PEM text of the CAs to trust (AWS_CA_BUNDLE, --ca-bundle). */
  caBundle?: string;
  /** Aborts everything in flight when the run's time limit is reached. */
  deadline?: AbortSignal;
  /** Upper bound for one HTTP request. */
  requestTimeoutMs?: number;
}

/** One line, whatever the SDK sends: its warnings span several indented lines. */
function warningText(args: unknown[]): string {
  return oneLine(args.map((arg) => (typeof arg === "string" ? arg : arg instanceof Error ? arg.message : String(arg))).join(" "));
}

/**
 * Warnings of the SDK a user should see, reworded as one line. The SDK has
 * several reasons to warn (deprecations, clock skew, multiple credential
 * sources); the ones we know get advice, the rest go out as they are.
 */
export function sdkWarning(args: unknown[], profileFlag: string | undefined, env: Record<string, string | undefined> = process.env): string | undefined {
  const text = warningText(args);
  if (text.includes("Multiple credential sources detected")) {
    // -p is an explicit choice over environment keys: nothing to warn about.
    if (profileFlag !== undefined) return undefined;
    return `both AWS_PROFILE and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set; using profile ${env.AWS_PROFILE}, as the AWS SDK does — unset one of them`;
  }
  return text.replace(/^@[\w/.-]+ - (\S+ - )?/, "");
}

/** Names of the profiles in the config and credentials files, as the SDK reads them. */
async function profilesDefined(): Promise<string[] | undefined> {
  try {
    const { loadSharedConfigFiles } = await import("@smithy/core/config");
    const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
    // Sections such as [sso-session x] are not profiles.
    const names = [...Object.keys(configFile), ...Object.keys(credentialsFile)].filter((name) => !/^(sso-session|services)\./.test(name));
    return [...new Set(names)];
  } catch {
    return undefined;
  }
}

// The SDK's own output goes through our logger (and so through the redactor),
// never to the console. Its per-request records (info: each command's input
// and output; error: each failure) are dropped: the SDK writes them the moment
// a response arrives, before env-secrets has registered the values in it, and
// a response can quote a value (an error message inside BatchGetSecretValue's
// Errors, next to the SecretValues of the same batch). What they say reaches
// the user anyway, after registration: fetch.ts logs each secret's ARN,
// version, timing and attempts, and printError each failure with its cause.
function sdkLogger(profile: string | undefined) {
  return {
    debug: (...args: [unknown, ...unknown[]]) => log.debug(...args),
    info: () => {},
    warn: (...args: unknown[]) => {
      const warning = sdkWarning(args, profile);
      if (warning) log.warn(warning);
    },
    error: () => {},
    trace: () => {},
  };
}

/** The credential source names the SDK stamps on what it returns, in words a user knows. */
const SOURCES: Record<string, string> = {
  CREDENTIALS_ENV_VARS: "environment keys",
  CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)",
  CREDENTIALS_PROFILE: "profile",
  CREDENTIALS_PROFILE_SOURCE_PROFILE: "profile source_profile",
  CREDENTIALS_PROFILE_NAMED_PROVIDER: "profile credential_source",
  CREDENTIALS_PROFILE_PROCESS: "profile credential_process",
  CREDENTIALS_PROCESS: "credential_process",
  CREDENTIALS_PROFILE_SSO: "profile SSO session",
  CREDENTIALS_PROFILE_SSO_LEGACY: "profile SSO (legacy)",
  CREDENTIALS_SSO: "SSO",
  CREDENTIALS_SSO_LEGACY: "SSO",
  CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN: "profile web identity",
  CREDENTIALS_STS_ASSUME_ROLE: "STS AssumeRole",
  CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: "STS AssumeRoleWithWebIdentity",
  CREDENTIALS_HTTP: "container credentials endpoint",
  CREDENTIALS_IMDS: "EC2 instance metadata",
  CREDENTIALS_PROFILE_LOGIN: "profile login session",
  CREDENTIALS_LOGIN: "login session",
};

/** Which provider produced the credentials, for --debug (never the keys). */
export function describeSource(credentials: AwsCredentialIdentity): string {
  const features = (credentials as { $source?: Record<string, string> }).$source ?? {};
  // In the order of SOURCES: the profile before the call it led to.
  const named = Object.entries(SOURCES)
    .filter(([feature]) => feature in features)
    .map(([, name]) => name);
  return named.length > 0 ? [...new Set(named)].join(", ") : "unknown provider";
}

/**
 * The SDK looks for ~/.aws through HOME, else the user's passwd entry; with
 * neither (a container run under an arbitrary UID without HOME), Node's
 * homedir() throws and every AWS call would fail with "ENOENT uv_os_homedir".
 * Such a process has no AWS config files: point the SDK at a home that does
 * not exist. Only env-secrets' own environment changes; the program inherits
 * the environment env-secrets was started with.
 */
function giveSdkAHome(env: Record<string, string | undefined>): void {
  if (env.HOME || env.USERPROFILE || env.HOMEPATH) return;
  try {
    (require("node:os") as typeof import("node:os")).homedir();
  } catch {
    env.HOME = "/nonexistent";
    log.debug("no HOME and no home directory for this user: no AWS config files are read");
  }
}

/**
 * Creates the clients of one run: one credentials chain shared by all, one
 * client per region, one HTTP handler for everything (the chain's own STS and
 * SSO clients included). Callers import this module lazily, so that `--help`
 * and `--version` never pay for loading the SDK.
 */
export async function createClientFactory(settings: AwsSettings) {
  giveSdkAHome(process.env);
  const logger = sdkLogger(settings.profile);
  const requestHandler = createRequestHandler({
    caBundle: settings.caBundle,
    deadline: settings.deadline ?? new AbortController().signal,
    requestTimeoutMs: settings.requestTimeoutMs ?? 30_000,
  });
  // An explicit profile makes the SDK skip environment keys, as users expect of -p.
  // clientConfig reaches the STS and SSO clients the chain creates: they use our
  // handler (CA bundle, proxy, time limit) but never our Secrets Manager endpoint.
  const chain: AwsCredentialIdentityProvider = fromNodeProviderChain({
    profile: settings.profile,
    logger,
    clientConfig: { requestHandler },
  });
  let resolved = false;
  /** The run's default region, once known: STS and SSO calls of the chain go to it. */
  let runRegion: string | undefined = settings.region;
  const credentials: AwsCredentialIdentityProvider = async (options) => {
    let identity: AwsCredentialIdentity;
    try {
      // Called before any client exists (to report credential problems once), the
      // chain gets the run's region and profile as a client would pass them;
      // otherwise its STS client would fall back to us-east-1, which is wrong
      // for other partitions and for accounts that disable that region.
      const caller = { callerClientConfig: { region: runRegion, profile: settings.profile } };
      identity = await chain(options?.callerClientConfig ? options : { ...options, ...(runRegion ? caller : {}) });
    } catch (error) {
      throw describeCredentialsError(error, { profileFlag: settings.profile, env: process.env, profilesDefined: await profilesDefined() });
    }
    // The key id is not secret; the secret key and the session token are.
    redactor.registerCredential(identity.secretAccessKey);
    if (identity.sessionToken) redactor.registerCredential(identity.sessionToken);
    if (!resolved) {
      resolved = true;
      log.debug(`credentials from ${describeSource(identity)} (access key id ${identity.accessKeyId})`);
    }
    return identity;
  };
  const clients = new Map<string, SecretsManagerClient>();
  /** The region the user set for the run, if any: -r, AWS_REGION, AWS_DEFAULT_REGION. */
  const explicitRegion = (env: Record<string, string | undefined>) => settings.region || env.AWS_REGION || env.AWS_DEFAULT_REGION;

  return {
    credentials,
    /**
     * For a run whose secrets are all ARNs and that has no region of its own:
     * the chain's STS and SSO calls go to the ARNs' region rather than the SDK's
     * us-east-1 fallback (which also prints a warning straight to the console).
     */
    useRegionIfNoneSet(region: string, env: Record<string, string | undefined>): void {
      if (!explicitRegion(env)) runRegion ??= region;
    },
    /** True once the chain has produced credentials: a time-out after that is the network's, not the chain's. */
    get credentialsResolved(): boolean {
      return resolved;
    },
    clientFor(region: string): SecretsManagerClient {
      let client = clients.get(region);
      if (!client) {
        client = new SecretsManagerClient({
          region,
          credentials,
          logger,
          requestHandler,
          ...(settings.profile ? { profile: settings.profile } : {}),
          ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        });
        clients.set(region, client);
      }
      return client;
    },
    /** `-r`, AWS_REGION, AWS_DEFAULT_REGION, then the profile's region as the SDK reads it. */
    async defaultRegion(env: Record<string, string | undefined>): Promise<string> {
      const explicit = explicitRegion(env);
      if (explicit) {
        runRegion = explicit;
        return explicit;
      }
      // With our handler, as every client: the SDK's default one would load Node's HTTP stack.
      const probe = new SecretsManagerClient({ logger, requestHandler, ...(settings.profile ? { profile: settings.profile } : {}) });
      try {
        const region = await probe.config.region();
        if (region) {
          runRegion = region;
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
    destroy(): void {
      for (const client of clients.values()) client.destroy();
    },
  };
}

export type ClientFactory = Awaited<ReturnType<typeof createClientFactory>>;
