import { expect, test } from "bun:test";
import { describeCredentialsError, describeSecretError, describeTimeout, RefusedAnswer } from "../../../../src/aws/sdk/errors.ts";
import { EnvSecretsError } from "../../../../src/errors.ts";

const env = { AWS_CONFIG_FILE: "/home/u/.aws/config", AWS_SHARED_CREDENTIALS_FILE: "/home/u/.aws/credentials" };

function providerError(message: string, name = "CredentialsProviderError"): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

test("a named profile missing from the files: names the files, the profiles there and where the name came from", () => {
  const error = describeCredentialsError(providerError("Could not load credentials from any providers"), { profileFlag: "prod", env, profilesDefined: ["dev", "staging"] });
  expect(error.message).toBe("credentials: profile prod not found — looked in /home/u/.aws/config and /home/u/.aws/credentials (profiles there: dev, staging); check the name given to -p");
  const fromEnv = describeCredentialsError(providerError("x"), { env: { AWS_PROFILE: "prod" }, profilesDefined: [] });
  expect(fromEnv.message).toBe("credentials: profile prod not found — looked in ~/.aws/config and ~/.aws/credentials (no profiles there); check the name given to AWS_PROFILE");
});

test("a profile named in a config file: the hint names that file", () => {
  const error = describeCredentialsError(providerError("x"), { profileFlag: "prod", profileSource: "/p/.env-secrets.yml", env, profilesDefined: ["dev"] });
  expect(error.hint).toEndWith("(profiles there: dev); check profile: in /p/.env-secrets.yml");
});

test("a profile without credentials settings, and a source_profile that does not exist", () => {
  const empty = describeCredentialsError(providerError("Could not resolve credentials using profile: [dev] in configuration/credentials file(s)."), { profileFlag: "dev", env, profilesDefined: ["dev"] });
  expect(empty.message).toBe(
    "credentials: profile dev has no credentials — /home/u/.aws/config and /home/u/.aws/credentials give it none of aws_access_key_id, role_arn, web_identity_token_file, credential_process, sso_session, sso_start_url; add one, or name another profile",
  );
  const source = describeCredentialsError(providerError("Could not resolve credentials using profile: [base] in configuration/credentials file(s)."), { env: { ...env, AWS_PROFILE: "dev" }, profilesDefined: ["dev"] });
  expect(source.message).toBe("credentials: profile base not found — looked in /home/u/.aws/config and /home/u/.aws/credentials (profiles there: dev); check source_profile in profile dev");
});

test("SSO: an expired token and a missing login both say how to log in, for the profile in use", () => {
  const expired = describeCredentialsError(providerError("Value not present for 'refreshToken' in SSO Token. Cannot refresh. To refresh this SSO session run 'aws sso login' with the corresponding profile."), { profileFlag: "dev", env, profilesDefined: ["dev"] });
  expect(expired.message).toBe("credentials: SSO session expired — run: aws sso login --profile dev");
  const missing = describeCredentialsError(providerError("The SSO session token associated with profile=dev was not found or is invalid."), { env: { AWS_PROFILE: "dev" }, profilesDefined: ["dev"] });
  expect(missing.message).toBe("credentials: no valid SSO session for profile dev — run: aws sso login --profile dev");
});

test("an STS refusal keeps the AWS code and message and says what to check", () => {
  const refused = Object.assign(providerError("not authorized to perform: sts:AssumeRole", "AccessDenied"), { $metadata: { httpStatusCode: 403 } });
  expect(describeCredentialsError(refused, { env }).message).toBe(
    "credentials: AccessDenied — AWS refused to issue credentials (AWS: not authorized to perform: sts:AssumeRole); check the role's trust policy and that the source credentials may call sts:AssumeRole on it",
  );
});

test("no credentials: lists the sources of the chain, and which were skipped or disabled", () => {
  const error = describeCredentialsError(providerError("Could not load credentials from any providers"), { env: { ...env, AWS_EC2_METADATA_DISABLED: "true" } });
  expect(error.reason).toBe("CredentialsProviderError");
  expect(error.hint).toContain("looked at: environment keys, profile default in /home/u/.aws/config and /home/u/.aws/credentials, web identity");
  expect(error.hint).toContain("EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
  const onEc2 = describeCredentialsError(providerError("Could not load credentials from any providers"), { env });
  expect(onEc2.hint).toContain("container credentials (AWS_CONTAINER_CREDENTIALS_*), EC2 instance metadata)");
});

test("errors already described pass through unchanged", () => {
  const mine = new EnvSecretsError({ subject: "credentials", reason: "x" });
  expect(describeCredentialsError(mine)).toBe(mine);
  expect(describeSecretError("s", "us-east-1", undefined, mine)).toBe(mine);
});

test("certificate failures name the endpoint and the fix, for secrets and for credentials", () => {
  const tls = Object.assign(new TypeError("unable to verify the first certificate"), { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
  expect(describeSecretError("app", "eu-west-1", undefined, tls).message).toBe(
    "app: UNABLE_TO_VERIFY_LEAF_SIGNATURE — TLS verification failed for https://secretsmanager.eu-west-1.amazonaws.com: the certificate's issuer is not trusted; if a proxy or private CA signs it, point --ca-bundle or AWS_CA_BUNDLE at that CA's PEM file",
  );
  expect(describeCredentialsError(tls, { env }).reason).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
});

test("certificate failures say what failed: name mismatch, unknown issuer, expired; never Bun's advice to its developers", () => {
  const bunMessage = (code: string) =>
    Object.assign(new Error(`${code} fetching "https://10.1.2.3:8443/". For more information, pass \`verbose: true\` in the second argument to fetch()`), { code });
  const mismatch = describeSecretError("app", "eu-west-1", "https://10.1.2.3:8443", bunMessage("ERR_TLS_CERT_ALTNAME_INVALID")).message;
  expect(mismatch).toBe(
    "app: ERR_TLS_CERT_ALTNAME_INVALID — TLS verification failed for https://10.1.2.3:8443: the certificate is not for 10.1.2.3; reach the endpoint by a name its certificate gives (--endpoint-url, AWS_ENDPOINT_URL_SECRETS_MANAGER), or check the proxy in between",
  );
  expect(describeSecretError("app", "eu-west-1", undefined, bunMessage("CERT_HAS_EXPIRED")).message).toBe(
    "app: CERT_HAS_EXPIRED — TLS verification failed for https://secretsmanager.eu-west-1.amazonaws.com: the certificate has expired; check this machine's clock, and have the endpoint's (or the proxy's) certificate renewed",
  );
  expect(describeSecretError("app", "eu-west-1", undefined, bunMessage("SELF_SIGNED_CERT_IN_CHAIN")).hint).toContain("the certificate's issuer is not trusted; if a proxy");
  for (const code of ["ERR_TLS_CERT_ALTNAME_INVALID", "CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"]) {
    expect(describeSecretError("app", "eu-west-1", undefined, bunMessage(code)).message).not.toContain("verbose");
    expect(describeCredentialsError(bunMessage(code), { env }).message).not.toContain("verbose");
  }
});

test("time-outs say which phase was waiting", () => {
  expect(describeTimeout(2500, "secrets", "https://sm.example").message).toStartWith("Secrets Manager: no answer within 2.5 s — https://sm.example did not answer");
  expect(describeTimeout(1000, "credentials", undefined).message).toStartWith("credentials: no credentials within 1 s — ");
});

test("a time-out while a refused request waits for its retry names AWS's answer and the attempts made", () => {
  expect(describeTimeout(500, "secrets", undefined, { code: "ThrottlingException", attempts: 2 }).message).toBe(
    "Secrets Manager: ThrottlingException — still throttled by AWS after 2 attempts when the time limit of 0.5 s ran out; raise --timeout, or start fewer runs at once",
  );
  expect(describeTimeout(500, "secrets", undefined, { code: "InternalServiceError", attempts: 4 }).message).toBe(
    "Secrets Manager: InternalServiceError — still failing after 4 attempts when the time limit of 0.5 s ran out; retry later or raise --timeout",
  );
  // Still getting credentials: the Secrets Manager requests are not what was waiting.
  expect(describeTimeout(500, "credentials", undefined, { code: "ThrottlingException", attempts: 2 }).message).toStartWith("credentials: no credentials within 0.5 s");
});

test("an answer that is not an AWS error (a proxy's page) names the HTTP status and the proxy variables", () => {
  const unknown = Object.assign(new Error("UnknownError"), { name: "Unknown", $metadata: { httpStatusCode: 407 } });
  expect(describeSecretError("app", "us-east-1", "https://sm.example", unknown).message).toBe(
    "app: HTTP 407 — the answer from https://sm.example is not from Secrets Manager; if a proxy is in the way, check HTTPS_PROXY, HTTP_PROXY and NO_PROXY",
  );
});

test("an AWS error code the SDK has no model for is named, though the SDK attaches the raw answer to it as to a page it cannot parse", () => {
  const unmodeled = Object.assign(awsError("ValidationException", "bad input"), { $fault: "client" });
  Object.defineProperty(unmodeled, "$response", { value: { statusCode: 400 }, enumerable: false });
  expect(describeSecretError("app", "us-east-1", "https://sm.example", unmodeled).message).toBe("app: ValidationException — AWS: bad input (HTTP 400)");
  const page = Object.assign(new SyntaxError("JSON Parse error: Unrecognized token '<'"), { $metadata: { httpStatusCode: 502 } });
  Object.defineProperty(page, "$response", { value: { statusCode: 502 }, enumerable: false });
  expect(describeSecretError("app", "us-east-1", "https://sm.example", page).message).toStartWith("app: HTTP 502 — the answer from https://sm.example is not from Secrets Manager");
});

/** An error shaped as the SDK throws it for an AWS error code. */
function awsError(name: string, message = "", attempts = 1): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400, attempts } });
}

test("each AWS error code a secret can fail with gets its own fix", () => {
  const line = (error: unknown, operation?: "GetSecretValue" | "DescribeSecret") => describeSecretError("app", "eu-west-1", undefined, error, operation).message;
  expect(line(awsError("UnrecognizedClientException"))).toBe("app: UnrecognizedClientException — AWS does not know the access key in use; check your credentials");
  // A bad signature is a wrong secret key or a clock more than 5 minutes off: AWS's message tells which.
  expect(line(awsError("InvalidSignatureException"))).toBe(
    "app: InvalidSignatureException — AWS rejected the request signature; check the secret access key, and that this machine's clock is right (AWS accepts a request signed at most 5 minutes off)",
  );
  expect(line(awsError("ExpiredTokenException"))).toBe("app: ExpiredTokenException — your session credentials have expired; refresh them (e.g. aws sso login)");
  expect(line(awsError("AccessDeniedException", "not authorized"), "DescribeSecret")).toBe(
    "app: AccessDeniedException — your credentials may not describe it: allow secretsmanager:DescribeSecret on this secret (see https://github.com/env-secrets/env-secrets/blob/main/docs/security.md#minimal-iam-policy) (AWS: not authorized)",
  );
  expect(line(awsError("SomethingNewException", "first line\n   second line"))).toBe("app: SomethingNewException — first line second line");
  expect(line(awsError("SomethingNewException"))).toBe("app: SomethingNewException — unexpected error; run with --debug for details");
});

test("credential failures without a known cause still say where to look", () => {
  const refused = Object.assign(new Error("Token expired"), { name: "ExpiredTokenException", $metadata: { httpStatusCode: 400 } });
  expect(describeCredentialsError(refused, { env, profileFlag: "ci", profilesDefined: ["ci"] }).message).toBe(
    "credentials: ExpiredTokenException — AWS refused to issue credentials (AWS: Token expired); the source credentials have expired; refresh them (run: aws sso login --profile ci)",
  );
  expect(describeCredentialsError(providerError("the process exited 3"), { env }).message).toBe(
    "credentials: CredentialsProviderError — the process exited 3; run with --debug to see which sources were tried",
  );
  expect(describeCredentialsError(providerError(""), { env }).message).toBe(
    "credentials: CredentialsProviderError — the credential provider failed; run with --debug to see which sources were tried",
  );
  const tls = Object.assign(new TypeError("self signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
  expect(describeCredentialsError(tls, { env }).message).toBe(
    "credentials: DEPTH_ZERO_SELF_SIGNED_CERT — TLS verification failed for the credentials endpoint: the certificate's issuer is not trusted; if a proxy or private CA signs it, point --ca-bundle or AWS_CA_BUNDLE at that CA's PEM file",
  );
});

/** An error as the SDK throws it after parsing an AWS error answer: it names the code and whose fault it is. */
function parsedAwsError(name: string, message: string, status: number, fault: "client" | "server" = status >= 500 ? "server" : "client", attempts = 1): Error {
  return Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status, attempts }, $response: { statusCode: status } });
}

test("an AWS-shaped error with a code env-secrets does not know: the code, AWS's message and the status, not the proxy advice", () => {
  const line = (error: unknown) => describeSecretError("app", "eu-west-1", "https://sm.example", error).message;
  expect(line(parsedAwsError("BrandNewException", "first line\n  second line", 400))).toBe("app: BrandNewException — AWS: first line second line (HTTP 400)");
  // The SDK's stand-in for a missing message is not AWS's word.
  expect(line(parsedAwsError("BrandNewException", "UnknownError", 400))).toBe("app: BrandNewException — AWS gave no message (HTTP 400)");
  expect(line(parsedAwsError("BrandNewFault", "down", 503, "server", 3))).toBe("app: BrandNewFault — Secrets Manager failed after 3 attempts; retry later (AWS: down)");
  // No code found (the SDK says "Unknown"): not from AWS.
  expect(line(parsedAwsError("Unknown", "UnknownError", 400))).toStartWith("app: HTTP 400 — the answer from https://sm.example is not from Secrets Manager");
});

test("codes with a known cause get their advice: clock, region opt-in, credentials", () => {
  const line = (name: string) => describeSecretError("app", "ap-east-1", undefined, parsedAwsError(name, "m", 400)).message;
  expect(line("RequestExpired")).toContain("check that this machine's clock is right");
  expect(line("SignatureDoesNotMatch")).toContain("check the secret access key, and that this machine's clock is right");
  expect(line("OptInRequired")).toBe(
    "app: OptInRequired — the region ap-east-1 is not enabled for this account; enable it in the account's settings (AWS console, Account, AWS Regions) or use another region (-r) (AWS: m)",
  );
  for (const name of ["InvalidClientTokenId", "MissingAuthenticationToken", "MissingAuthenticationTokenException", "IncompleteSignature", "IncompleteSignatureException"]) {
    expect(line(name)).toContain("check your credentials (-p, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)");
  }
});

test("an answer the HTTP handler refused (a redirect, an oversized body) is reported for the secret or the credentials", () => {
  const refused = new RefusedAnswer("HTTP 307 redirect to elsewhere.example refused", "the request was not sent on", 307);
  expect(describeSecretError("app", "us-east-1", undefined, refused).message).toBe("app: HTTP 307 redirect to elsewhere.example refused — the request was not sent on");
  expect(describeCredentialsError(refused, { env }).message).toBe("credentials: HTTP 307 redirect to elsewhere.example refused — the request was not sent on");
});
