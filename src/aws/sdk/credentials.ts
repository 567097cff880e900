// Named imports, so the bundler keeps only what is used (the SDK packages are
// side-effect free): importing the whole namespace pulled in every command of
// the service and cost ~10 ms at startup. This module is itself loaded lazily.
import { fromIni, fromNodeProviderChain } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { log, redactor, sdkDebugRequested } from "../../log/logger.ts";
import type { AwsSettings } from "../options/settings.ts";
import { runCredentialProcess, usesOwnCredentialProcess } from "./credential-process.ts";
import { describeCredentialsError, oneLine } from "./errors.ts";

/** One line, whatever the SDK sends: its warnings span several indented lines. */
function warningText(args: unknown[]): string {
  return oneLine(args.map((arg) => (typeof arg === "string" ? arg : arg instanceof Error ? arg.message : String(arg))).join(" "));
}

/**
 * Warnings of the SDK a user should see, reworded as one line. The SDK has
 * several reasons to warn (deprecations, clock skew, multiple credential
 * sources); the ones we know get advice, the rest go out as they are.
 */
export function sdkWarning(args: unknown[], profileFlag: string | undefined, env: Record<string, string | undefined>): string | undefined {
  const text = warningText(args);
  if (text.includes("Multiple credential sources detected")) {
    // -p is an explicit choice over environment keys: nothing to warn about.
    if (profileFlag !== undefined) return undefined;
    return profileOverEnvKeysText(env.AWS_PROFILE ?? "default");
  }
  return text.replace(/^@[\w/.-]+ - (\S+ - )?/, "");
}

/** The profile a run is bound to and where it was named ("-p", a config file, "AWS_PROFILE"). */
export interface NamedProfile {
  name: string;
  source: string;
}

/** `-p` or the config file's profile, else AWS_PROFILE; undefined: no profile is named and the SDK's default chain applies. */
export function namedProfile(settings: Pick<AwsSettings, "profile" | "profileSource">, env: Record<string, string | undefined>): NamedProfile | undefined {
  if (settings.profile) return { name: settings.profile, source: settings.profileSource ?? "-p" };
  if (env.AWS_PROFILE) return { name: env.AWS_PROFILE, source: "AWS_PROFILE" };
  return undefined;
}

/** The SDK's default chain warned about this; a profile-only source has to say it itself. */
export function profileOverEnvKeysWarning(profile: NamedProfile | undefined, env: Record<string, string | undefined>): string | undefined {
  if (profile?.source !== "AWS_PROFILE" || !env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return profileOverEnvKeysText(profile.name);
}

function profileOverEnvKeysText(profile: string): string {
  return `both AWS_PROFILE and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set; using profile ${profile}, as the AWS SDK does — unset one of them`;
}

type ProviderInit = Pick<CredentialsInit, "logger" | "clientConfig" | "deadline">;

/**
 * Where the run's credentials come from. A named profile is that profile and
 * nothing else: the SDK's default chain would go on from a profile that is
 * missing or fails (a credential_process exiting non-zero, printing
 * expired keys) to the container endpoint or instance metadata, and the run
 * would go ahead with credentials nobody named. fromIni covers every kind of
 * profile (keys, role_arn with source_profile or credential_source, web
 * identity, SSO, credential_process); a profile whose own credential_process
 * gives the credentials runs it here, to report its exit status and stderr.
 */
function credentialSource(profile: NamedProfile | undefined, init: ProviderInit): AwsCredentialIdentityProvider {
  const { logger, clientConfig, deadline } = init;
  if (profile === undefined) return fromNodeProviderChain({ logger, clientConfig } as Parameters<typeof fromNodeProviderChain>[0]);
  const ini = fromIni({ profile: profile.name, logger, clientConfig } as Parameters<typeof fromIni>[0]);
  return async (options) => {
    const { parseKnownFiles } = await import("@smithy/core/config");
    const settings = (await parseKnownFiles({ profile: profile.name }))[profile.name];
    if (usesOwnCredentialProcess(settings)) return runCredentialProcess(profile.name, settings.credential_process, settings.aws_account_id, deadline());
    return ini(options);
  };
}

/**
 * One resolution shared by every client and call of the run (an AssumeRole or
 * a credential_process runs once), again only when it is about to expire.
 * A failure is not kept.
 */
function resolvedOnce(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let cached: { identity: Promise<AwsCredentialIdentity>; until: number } | undefined;
  return (options) => {
    if (cached === undefined || Date.now() >= cached.until) {
      const entry = { identity: provider(options), until: Number.POSITIVE_INFINITY };
      cached = entry;
      entry.identity.then(
        (identity) => {
          if (identity.expiration) entry.until = identity.expiration.getTime() - 60_000;
        },
        () => {
          if (cached === entry) cached = undefined;
        },
      );
    }
    return cached.identity;
  };
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
// Its debug lines (each provider of the chain that found nothing, endpoint
// rule evaluation) bury ours, so --debug shows them only when asked for
// with DEBUG=env-secrets:sdk.
export type SdkLogger = ReturnType<typeof sdkLogger>;

export function sdkLogger(profile: string | undefined, env: Record<string, string | undefined>) {
  const sdkDebug = sdkDebugRequested(env.DEBUG);
  return {
    debug: (...args: [unknown, ...unknown[]]) => {
      if (sdkDebug) log.debug("aws-sdk:", ...args);
    },
    info: () => {},
    warn: (...args: unknown[]) => {
      const warning = sdkWarning(args, profile, env);
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
export function giveSdkAHome(env: Record<string, string | undefined>): void {
  if (env.HOME || env.USERPROFILE || env.HOMEPATH) return;
  try {
    (require("node:os") as typeof import("node:os")).homedir();
  } catch {
    env.HOME = "/nonexistent";
    log.debug("no HOME and no home directory for this user: no AWS config files are read");
  }
}

export interface CredentialsInit {
  /** `-p`, else the config file's `profile:`; absent: AWS_PROFILE, else the SDK's default chain. */
  profile: string | undefined;
  /** Where `profile` was named, for errors: "-p" (the default) or the config file's path. */
  profileSource?: string;
  logger: SdkLogger;
  /** Reaches the STS and SSO clients the chain creates: our handler (CA bundle, proxy, time limit), never our Secrets Manager endpoint. */
  clientConfig: { requestHandler: unknown };
  env: Record<string, string | undefined>;
  /** The region STS and SSO calls of the chain go to, once known. */
  region(): string | undefined;
  /** The time limit of the session's current work: a profile's credential_process is stopped when it is reached. */
  deadline: () => AbortSignal;
}

export interface RunCredentials {
  provider: AwsCredentialIdentityProvider;
  /**
   * True once the chain has produced credentials and is not resolving them
   * again (near their expiry): a time-out then is the network's, not the chain's.
   */
  resolved(): boolean;
}

/**
 * The run's credentials: the named profile alone, else the SDK's default
 * chain (credentialSource), resolved once for the run, its failures described
 * as one line, the secret key and session token registered with the
 * redactor, and the source named once in debug output.
 */
export function runCredentials(init: CredentialsInit): RunCredentials {
  const { profile, logger, clientConfig, env, deadline } = init;
  const named = namedProfile({ profile, profileSource: init.profileSource }, env);
  const warning = profileOverEnvKeysWarning(named, env);
  if (warning) log.warn(warning);
  const chain = resolvedOnce(credentialSource(named, { logger, clientConfig, deadline }));
  let resolved = false;
  let resolving = 0;
  const provider: AwsCredentialIdentityProvider = async (options) => {
    let identity: AwsCredentialIdentity;
    resolving++;
    try {
      // Called before any client exists (to report credential problems once), the
      // chain gets the run's region and profile as a client would pass them;
      // otherwise its STS client would fall back to us-east-1, which is wrong
      // for other partitions and for accounts that disable that region.
      const region = init.region();
      const caller = { callerClientConfig: { region, profile } };
      identity = await chain(options?.callerClientConfig ? options : { ...options, ...(region ? caller : {}) });
    } catch (error) {
      throw describeCredentialsError(error, { profileFlag: profile, profileSource: named?.source, env, profilesDefined: await profilesDefined() });
    } finally {
      resolving--;
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
  return { provider, resolved: () => resolved && resolving === 0 };
}
