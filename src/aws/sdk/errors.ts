import { EnvSecretsError } from "../../errors.ts";
import type { RefusedAttempt } from "./refused-attempts.ts";

/**
 * An answer env-secrets refuses to use, whoever asked for it. It carries the
 * reason and the advice; describeSecretError and describeCredentialsError put
 * the subject (a secret, the credentials) in front. `$metadata` is there so
 * the SDK passes it on untouched: it rewrites the message of any error
 * without one, or warns on the console when it cannot.
 */
export class RefusedAnswer extends Error {
  readonly $metadata: { httpStatusCode?: number } = {};

  constructor(
    readonly reason: string,
    readonly hint: string,
    status?: number,
  ) {
    super(`${reason} — ${hint}`);
    this.name = "RefusedAnswer";
    if (status !== undefined) this.$metadata.httpStatusCode = status;
  }
}

/** The advice for an answer that cannot have come from AWS: what sits between env-secrets and AWS. */
export function notFromAws(where: string): string {
  return `the answer from ${where} is not from AWS; check --endpoint-url (AWS_ENDPOINT_URL*) and the proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)`;
}

/**
 * Turns what the AWS SDK threw for one secret into the line a person can act on:
 * the secret, the AWS error code, and what to do about it.
 */
interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  /** Set by the SDK on errors parsed from an AWS error answer. */
  $fault?: "client" | "server";
  $metadata?: { attempts?: number; httpStatusCode?: number };
}

/** The advice for a family of AWS error codes; the region and the error fill it in. */
type Hint = (region: string, error: AwsErrorShape, operation: SecretOperation) => string;

/** Where the policy a run needs is written down (the README links it; the binary ships without docs/). */
const IAM_POLICY_DOC = "https://github.com/env-secrets/env-secrets/blob/main/docs/security.md#minimal-iam-policy";
const CLOCK = "that this machine's clock is right (AWS accepts a request signed at most 5 minutes off)";
const CREDENTIALS = "check your credentials (-p, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)";

const throttled: Hint = (_region, error) =>
  `throttled by AWS after ${error.$metadata?.attempts ?? 1} attempts; retry later or raise AWS_MAX_ATTEMPTS`;
/** A fault on AWS's side: the SDK has retried it already. */
const serverFailed: Hint = (_region, error) =>
  `Secrets Manager failed after ${error.$metadata?.attempts ?? 1} attempts; retry later${awsMessage(error)}`;
const badSignature: Hint = (_region, error) => `AWS rejected the request signature; check the secret access key, and ${CLOCK}${awsMessage(error)}`;
const noCredentials: Hint = (_region, error) => `AWS found no complete credentials in the request; ${CREDENTIALS}${awsMessage(error)}`;

const HINTS: Record<string, Hint> = {
  ResourceNotFoundException: (region) =>
    `no such secret in ${region}; check the name, the region (-r) and the account of your credentials`,
  AccessDeniedException: (_region, error, operation) =>
    `your credentials may not ${operation === "GetSecretValue" ? "read it" : "describe it"}: allow secretsmanager:${operation} on this secret (see ${IAM_POLICY_DOC})${awsMessage(error)}`,
  DecryptionFailure: () => "KMS could not decrypt it: allow kms:Decrypt on the secret's KMS key",
  InvalidRequestException: (_region, error) =>
    `the secret cannot be read in its current state (for example, scheduled for deletion)${awsMessage(error)}`,
  InvalidParameterException: (_region, error) => `AWS rejected the request${awsMessage(error)}`,
  ThrottlingException: throttled,
  Throttling: throttled,
  TooManyRequestsException: throttled,
  RequestLimitExceeded: throttled,
  InternalServiceError: (_region, error) =>
    `Secrets Manager failed after ${error.$metadata?.attempts ?? 1} attempts; retry later`,
  InternalFailure: serverFailed,
  ServiceUnavailable: serverFailed,
  ServiceUnavailableException: serverFailed,
  UnrecognizedClientException: () => "AWS does not know the access key in use; check your credentials",
  InvalidClientTokenId: (_region, error) => `AWS does not know the access key or session token in use; ${CREDENTIALS}${awsMessage(error)}`,
  MissingAuthenticationToken: noCredentials,
  MissingAuthenticationTokenException: noCredentials,
  IncompleteSignature: noCredentials,
  IncompleteSignatureException: noCredentials,
  InvalidSignatureException: badSignature,
  SignatureDoesNotMatch: badSignature,
  RequestExpired: (_region, error) => `the request's signature had expired when AWS received it; check ${CLOCK}${awsMessage(error)}`,
  ExpiredTokenException: () => "your session credentials have expired; refresh them (e.g. aws sso login)",
  OptInRequired: (region, error) =>
    `the region ${region} is not enabled for this account; enable it in the account's settings (AWS console, Account, AWS Regions) or use another region (-r)${awsMessage(error)}`,
};

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ConnectionRefused",
  "ConnectionClosed",
]);

/**
 * The SDK's stand-in when an error answer names no message: quoting it would
 * suggest AWS said "UnknownError".
 */
const NO_MESSAGE = "UnknownError";

function awsMessage(error: AwsErrorShape): string {
  return error.message && error.message !== NO_MESSAGE ? ` (AWS: ${oneLine(error.message)})` : "";
}

/**
 * An error answer in AWS's own shape: the SDK found an error code in it
 * (`__type`, `code` or the x-amzn-ErrorType header) and marked whose fault it
 * is. Anything else with an HTTP status (HTML, empty, unparsable JSON) did not
 * come from an AWS service.
 */
function isAwsShaped(error: AwsErrorShape): boolean {
  return (error.$fault === "client" || error.$fault === "server") && error.name !== undefined && error.name !== "Unknown";
}

/** An AWS error code env-secrets has no advice for: the code, AWS's message, and the HTTP status. */
function unknownAwsError(secret: string, region: string, error: AwsErrorShape, cause: unknown): EnvSecretsError {
  const status = error.$metadata?.httpStatusCode;
  if (error.$fault === "server" || (status !== undefined && status >= 500)) {
    return new EnvSecretsError({ subject: secret, reason: error.name!, hint: serverFailed(region, error, "GetSecretValue"), cause });
  }
  const message = error.message && error.message !== NO_MESSAGE ? `AWS: ${oneLine(error.message)}` : "AWS gave no message";
  const hint = `${message}${status !== undefined ? ` (HTTP ${status})` : ""}`;
  return new EnvSecretsError({ subject: secret, reason: error.name!, hint, cause });
}

/** The call that failed for the secret: reading its value, or (--create-config) checking it exists. */
export type SecretOperation = "GetSecretValue" | "DescribeSecret";

export function describeSecretError(
  secret: string,
  region: string,
  endpoint: string | undefined,
  error: unknown,
  operation: SecretOperation = "GetSecretValue",
): EnvSecretsError {
  if (error instanceof EnvSecretsError) return error;
  if (error instanceof RefusedAnswer) return new EnvSecretsError({ subject: secret, reason: error.reason, hint: error.hint, cause: error });
  const shape = (typeof error === "object" && error !== null ? error : {}) as AwsErrorShape;
  const name = shape.name ?? "Error";
  const hint = HINTS[name];
  if (hint) return new EnvSecretsError({ subject: secret, reason: name, hint: hint(region, shape, operation), cause: error });
  const tls = describeTlsFailure(secret, endpoint ?? `https://secretsmanager.${region}.amazonaws.com`, shape, error);
  if (tls) return tls;
  if ((shape.code && NETWORK_CODES.has(shape.code)) || NETWORK_CODES.has(name)) {
    return new EnvSecretsError({
      subject: secret,
      reason: shape.code ?? name,
      hint: `could not reach Secrets Manager at ${endpoint ?? `secretsmanager.${region}.amazonaws.com`}; check the network and --endpoint-url`,
      cause: error,
    });
  }
  if (isAwsShaped(shape)) return unknownAwsError(secret, region, shape, error);
  const { $response: response, $fault: fault } = shape as { $response?: { statusCode?: number }; $fault?: string };
  const status = shape.$metadata?.httpStatusCode ?? response?.statusCode;
  // "Unknown": an error status without an AWS error shape; $response without $fault: a body the SDK
  // could not parse (every AWS error carries a hidden $response too, but also its $fault).
  if (status !== undefined && (name === "Unknown" || shape.message === "UnknownError" || (response !== undefined && fault === undefined))) {
    // An answer that is not an AWS error: typically a proxy or a captive portal in the way.
    return new EnvSecretsError({
      subject: secret,
      reason: `HTTP ${status}`,
      hint: `the answer from ${endpoint ?? `secretsmanager.${region}.amazonaws.com`} is not from Secrets Manager; if a proxy is in the way, check HTTPS_PROXY, HTTP_PROXY and NO_PROXY`,
      cause: error,
    });
  }
  return new EnvSecretsError({
    subject: secret,
    reason: name,
    hint: shape.message ? oneLine(shape.message) : "unexpected error; run with --debug for details",
    cause: error,
  });
}

/** AWS and the SDK write messages over several indented lines; a user gets one. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

const CA_FIX = "if a proxy or private CA signs it, point --ca-bundle or AWS_CA_BUNDLE at that CA's PEM file";

/**
 * Certificate problems as Bun and Node name them (error.code): what failed,
 * and the fix. Bun's own message for some of them is advice to its developers
 * ("pass `verbose: true` to fetch()"), so it is never passed on.
 */
const TLS_FAILURES: Record<string, (host: string | undefined) => string> = {
  ERR_TLS_CERT_ALTNAME_INVALID: nameMismatch,
  HOSTNAME_MISMATCH: nameMismatch,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: unknownIssuer,
  UNABLE_TO_GET_ISSUER_CERT: unknownIssuer,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: unknownIssuer,
  SELF_SIGNED_CERT_IN_CHAIN: unknownIssuer,
  DEPTH_ZERO_SELF_SIGNED_CERT: unknownIssuer,
  CERT_UNTRUSTED: unknownIssuer,
  CERT_HAS_EXPIRED: () => "the certificate has expired; check this machine's clock, and have the endpoint's (or the proxy's) certificate renewed",
  CERT_NOT_YET_VALID: () => "the certificate is not valid yet; check this machine's clock",
  CERT_SIGNATURE_FAILURE: () => `the certificate's signature does not verify; ${CA_FIX}`,
};

function nameMismatch(host: string | undefined): string {
  const what = host === undefined ? "the certificate is not for the host asked" : `the certificate is not for ${host}`;
  return `${what}; reach the endpoint by a name its certificate gives (--endpoint-url, AWS_ENDPOINT_URL_SECRETS_MANAGER), or check the proxy in between`;
}

function unknownIssuer(): string {
  return `the certificate's issuer is not trusted; ${CA_FIX}`;
}

function describeTlsFailure(subject: string, where: string, shape: AwsErrorShape, cause: unknown): EnvSecretsError | undefined {
  const failure = shape.code === undefined ? undefined : TLS_FAILURES[shape.code];
  if (failure === undefined) return undefined;
  return new EnvSecretsError({ subject, reason: shape.code!, hint: `TLS verification failed for ${where}: ${failure(hostOf(where))}`, cause });
}

function hostOf(where: string): string | undefined {
  try {
    return new URL(where).hostname;
  } catch {
    return undefined;
  }
}

/** What the credential chain was asked to use, for errors that say where it looked. */
export interface CredentialsContext {
  /** `-p`, when given. */
  profileFlag?: string;
  /** Where the profile in use was named: "-p", "AWS_PROFILE" or the config file's path (default: -p if profileFlag is set, else AWS_PROFILE). */
  profileSource?: string;
  env: Record<string, string | undefined>;
  /** Profiles defined in the config and credentials files; undefined when they could not be read. */
  profilesDefined?: string[];
}

function configFiles(env: Record<string, string | undefined>): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE || "~/.aws/config",
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || "~/.aws/credentials",
  };
}

/** The sources of the default chain, in its order, each with why it gave nothing. */
function sourcesLookedAt(context: CredentialsContext, profile: string): string {
  const { env } = context;
  const files = configFiles(env);
  const sources = [
    context.profileFlag !== undefined || env.AWS_PROFILE ? "environment keys (skipped: a profile is named)" : "environment keys",
    `profile ${profile} in ${files.config} and ${files.credentials}`,
    "web identity (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE)",
  ];
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) sources.push("container credentials endpoint");
  else if (env.AWS_EC2_METADATA_DISABLED && env.AWS_EC2_METADATA_DISABLED !== "false") sources.push("EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
  else sources.push("container credentials (AWS_CONTAINER_CREDENTIALS_*)", "EC2 instance metadata");
  return sources.join(", ");
}

/**
 * Turns a failure of the credential chain into one line that says what was
 * tried and what to do. Never includes keys or tokens: the SDK's messages
 * about credentials name profiles and files, not values.
 */
export function describeCredentialsError(error: unknown, context?: CredentialsContext): EnvSecretsError {
  if (error instanceof EnvSecretsError) return error;
  if (error instanceof RefusedAnswer) return new EnvSecretsError({ subject: "credentials", reason: error.reason, hint: error.hint, cause: error });
  const shape = (typeof error === "object" && error !== null ? error : {}) as AwsErrorShape;
  const message = oneLine(shape.message ?? "");
  const env = context?.env ?? {};
  const profile = context?.profileFlag ?? env.AWS_PROFILE;
  const profileName = profile ?? "default";
  const loginHint = `run: aws sso login --profile ${profileName}`;
  const fail = (reason: string, hint: string) => new EnvSecretsError({ subject: "credentials", reason, hint, cause: error });

  const files = configFiles(env);
  const known = (defined: string[]) => (defined.length > 0 ? `profiles there: ${defined.join(", ")}` : "no profiles there");
  if (profile !== undefined && context?.profilesDefined !== undefined && !context.profilesDefined.includes(profile)) {
    const where = context.profileSource ?? (context.profileFlag !== undefined ? "-p" : "AWS_PROFILE");
    const check = where === "-p" || where === "AWS_PROFILE" ? `the name given to ${where}` : `profile: in ${where}`;
    return fail(`profile ${profile} not found`, `looked in ${files.config} and ${files.credentials} (${known(context.profilesDefined)}); check ${check}`);
  }
  // A named profile (or its source_profile) that the files define without any way to get credentials.
  const empty = /Could not resolve credentials using profile: \[(.*)\]/.exec(message)?.[1];
  if (profile !== undefined && empty !== undefined) {
    if (empty !== profile && context?.profilesDefined !== undefined && !context.profilesDefined.includes(empty)) {
      return fail(`profile ${empty} not found`, `looked in ${files.config} and ${files.credentials} (${known(context.profilesDefined)}); check source_profile in profile ${profile}`);
    }
    return fail(
      `profile ${empty} has no credentials`,
      `${files.config} and ${files.credentials} give it none of aws_access_key_id, role_arn, web_identity_token_file, credential_process, sso_session, sso_start_url; add one, or name another profile`,
    );
  }
  // An expired token without a refresh token ends in "Cannot refresh".
  if (/SSO session .*expired|Token is expired|Cannot refresh/i.test(message) || shape.name === "UnauthorizedException") {
    return fail("SSO session expired", loginHint);
  }
  if (/SSO Token|sso\/cache|sso_session|SSO session/i.test(message)) {
    return fail(`no valid SSO session for profile ${profileName}`, loginHint);
  }
  const tokenFile = env.AWS_WEB_IDENTITY_TOKEN_FILE;
  if (tokenFile && message.includes(tokenFile)) {
    return fail(
      `cannot read AWS_WEB_IDENTITY_TOKEN_FILE ${tokenFile}${shape.code ? ` (${shape.code})` : ""}`,
      "in GitHub Actions grant the job 'id-token: write'; in EKS check the service account's role annotation",
    );
  }
  const tls = describeTlsFailure("credentials", "the credentials endpoint", shape, error);
  if (tls) return tls;
  if ((shape.code && NETWORK_CODES.has(shape.code)) || NETWORK_CODES.has(shape.name ?? "")) {
    return fail(shape.code ?? shape.name ?? "network error", `could not reach the credentials endpoint (STS, SSO, container or instance metadata); check the network and the proxy (HTTPS_PROXY, NO_PROXY)`);
  }
  if (shape.$metadata !== undefined && shape.name) {
    // An answer from STS or SSO: the request reached AWS and was refused.
    const advice =
      /^(InvalidIdentityToken|IDPRejectedClaim)/.test(shape.name)
        ? "check the role's trust policy (audience, subject) and AWS_WEB_IDENTITY_TOKEN_FILE"
        : shape.name === "ExpiredTokenException"
          ? `the source credentials have expired; refresh them (${loginHint})`
          : "check the role's trust policy and that the source credentials may call sts:AssumeRole on it";
    return fail(shape.name, `AWS refused to issue credentials${message ? ` (AWS: ${message})` : ""}; ${advice}`);
  }
  if (/could not load credentials from any providers|not found in|Could not resolve credentials using profile|disabled|Unable to find environment variable/i.test(message)) {
    return fail(
      "CredentialsProviderError",
      `no usable AWS credentials (looked at: ${sourcesLookedAt(context ?? { env }, profileName)}); use -p <profile>, AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an IAM role`,
    );
  }
  return fail(shape.name ?? "CredentialsProviderError", `${message || "the credential provider failed"}; run with --debug to see which sources were tried`);
}

/** The run's time limit was reached: say which phase was waiting, and on what. */
export function describeTimeout(limitMs: number, phase: "credentials" | "secrets", endpoint: string | undefined, refused?: RefusedAttempt): EnvSecretsError {
  const limit = `${limitMs / 1000} s`;
  // AWS did answer: the SDK was waiting to retry a refused request when time ran out.
  if (phase === "secrets" && refused) {
    const throttled = refused.code === "ThrottlingException";
    return new EnvSecretsError({
      subject: "Secrets Manager",
      reason: refused.code,
      hint: `${throttled ? "still throttled by AWS" : "still failing"} after ${refused.attempts} attempts when the time limit of ${limit} ran out; ${throttled ? "raise --timeout, or start fewer runs at once" : "retry later or raise --timeout"}`,
    });
  }
  if (phase === "credentials") {
    return new EnvSecretsError({
      subject: "credentials",
      reason: `no credentials within ${limit}`,
      hint: "the credential source (STS, SSO, container or instance metadata endpoint, credential_process) did not answer; check the network and proxy (HTTPS_PROXY, NO_PROXY), or raise --timeout",
    });
  }
  return new EnvSecretsError({
    subject: "Secrets Manager",
    reason: `no answer within ${limit}`,
    hint: `${endpoint ?? "the regional endpoint"} did not answer; check the network, the proxy (HTTPS_PROXY, NO_PROXY) and --endpoint-url, or raise --timeout`,
  });
}
