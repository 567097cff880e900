/**
 * Variables that let a process get AWS credentials of its own. `--no-aws-env`
 * removes them from the child's environment, so the program gets its secrets
 * but not the power to fetch more with env-secrets' identity.
 */
const CREDENTIAL_VARIABLES = new Set([
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  // Older SDKs and tools still read it as the session token.
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
]);

/** Container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI, _RELATIVE_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN, _TOKEN_FILE. */
const CREDENTIAL_PREFIX = "AWS_CONTAINER_";

export function isAwsCredentialVariable(name: string): boolean {
  return CREDENTIAL_VARIABLES.has(name) || name.startsWith(CREDENTIAL_PREFIX);
}

/** The inherited environment without the variables above; everything else (AWS_REGION included) stays. */
export function withoutAwsCredentials(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const kept: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) if (!isAwsCredentialVariable(name)) kept[name] = value;
  return kept;
}
