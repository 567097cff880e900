import { EnvSecretsError } from "../errors.ts";

/**
 * Turns what the AWS SDK threw for one secret into the line a person can act on:
 * the secret, the AWS error code, and what to do about it.
 */
interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { attempts?: number; httpStatusCode?: number };
}

const HINTS: Record<string, (region: string, error: AwsErrorShape) => string> = {
  ResourceNotFoundException: (region) =>
    `no such secret in ${region}; check the name, the region (-r) and the account of your credentials`,
  AccessDeniedException: (_region, error) =>
    `your credentials may not read it: allow secretsmanager:GetSecretValue on this secret (see the README's IAM policy)${awsMessage(error)}`,
  DecryptionFailure: () => "KMS could not decrypt it: allow kms:Decrypt on the secret's KMS key",
  InvalidRequestException: (_region, error) =>
    `the secret cannot be read in its current state (for example, scheduled for deletion)${awsMessage(error)}`,
  InvalidParameterException: (_region, error) => `AWS rejected the request${awsMessage(error)}`,
  ThrottlingException: (_region, error) =>
    `throttled by AWS after ${error.$metadata?.attempts ?? 1} attempts; retry later or raise AWS_MAX_ATTEMPTS`,
  InternalServiceError: (_region, error) =>
    `Secrets Manager failed after ${error.$metadata?.attempts ?? 1} attempts; retry later`,
  UnrecognizedClientException: () => "AWS does not know the access key in use; check your credentials",
  InvalidSignatureException: () => "AWS rejected the request signature; check the secret access key",
  ExpiredTokenException: () => "your session credentials have expired; refresh them (e.g. aws sso login)",
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

function awsMessage(error: AwsErrorShape): string {
  return error.message ? ` (AWS: ${error.message})` : "";
}

export function describeSecretError(secret: string, region: string, endpoint: string | undefined, error: unknown): EnvSecretsError {
  if (error instanceof EnvSecretsError) return error;
  const shape = (typeof error === "object" && error !== null ? error : {}) as AwsErrorShape;
  const name = shape.name ?? "Error";
  const hint = HINTS[name];
  if (hint) return new EnvSecretsError({ subject: secret, reason: name, hint: hint(region, shape), cause: error });
  if ((shape.code && NETWORK_CODES.has(shape.code)) || NETWORK_CODES.has(name)) {
    return new EnvSecretsError({
      subject: secret,
      reason: shape.code ?? name,
      hint: `could not reach Secrets Manager at ${endpoint ?? `secretsmanager.${region}.amazonaws.com`}; check the network and --endpoint-url`,
      cause: error,
    });
  }
  return new EnvSecretsError({
    subject: secret,
    reason: name,
    hint: shape.message ? `${shape.message}` : "unexpected error; run with --debug for details",
    cause: error,
  });
}

export function describeCredentialsError(error: unknown): EnvSecretsError {
  if (error instanceof EnvSecretsError) return error;
  const shape = (typeof error === "object" && error !== null ? error : {}) as AwsErrorShape;
  return new EnvSecretsError({
    subject: "credentials",
    reason: shape.name ?? "CredentialsProviderError",
    hint: `no usable AWS credentials (${shape.message ?? "unknown reason"}); use -p <profile>, AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an IAM role`,
    cause: error,
  });
}

/** The run's time limit was reached: say which phase was waiting, and on what. */
export function describeTimeout(limitMs: number, phase: "credentials" | "secrets", endpoint: string | undefined): EnvSecretsError {
  const limit = `${limitMs / 1000} s`;
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
