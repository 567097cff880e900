import { describeSecretError, oneLine } from "./errors.ts";
import { EnvSecretsError } from "../../errors.ts";

/** The Secrets Manager calls the secret commands make; each names its IAM action. */
export type ManageOperation =
  | "CreateSecret"
  | "UpdateSecret"
  | "PutSecretValue"
  | "GetSecretValue"
  | "DescribeSecret"
  | "ListSecrets"
  | "DeleteSecret"
  | "RestoreSecret"
  | "TagResource";

interface AwsErrorShape {
  name?: string;
  message?: string;
}

/** Where the failed call went and for which secret, for the advice. */
export interface FailedCall {
  /** The secret's name as the user gave it; for ListSecrets, the region. */
  secret: string;
  operation: ManageOperation;
  region: string;
  endpoint?: string;
}

/**
 * One line per AWS error code, with the fix: decided by the code the SDK
 * parsed from the response, never by the wording of AWS's message.
 */
const ADVICE: Record<string, (call: FailedCall, error: AwsErrorShape) => string> = {
  ResourceExistsException: (call) =>
    `a secret with this name already exists in ${call.region}; change its value with: env-secrets aws secret update -n ${call.secret} (or merge keys with upsert)`,
  ResourceNotFoundException: (call) =>
    `no such secret in ${call.region}; check the name, the region (-r) and the account of your credentials${
      call.operation === "GetSecretValue" || call.operation === "DescribeSecret" ? "" : `, or create it: env-secrets aws secret create -n ${call.secret}`
    }`,
  InvalidRequestException: (call, error) =>
    `the secret cannot be changed in its current state, most often because it is scheduled for deletion: run env-secrets aws secret restore -n ${call.secret}${awsMessage(error)}`,
  AccessDeniedException: (call, error) =>
    `your credentials may not call secretsmanager:${call.operation} here: allow it on this secret in the IAM policy${awsMessage(error)}`,
  LimitExceededException: (_call, error) =>
    `a Secrets Manager quota was reached${awsMessage(error)}; wait and retry, or ask for a quota increase in Service Quotas`,
  EncryptionFailure: (call) =>
    `KMS could not encrypt the value with the secret's key: check that the key (-k) is enabled and allow kms:GenerateDataKey and kms:Decrypt on it for ${call.operation}`,
  DecryptionFailure: () => "KMS could not decrypt the secret: check that its key is enabled and allow kms:Decrypt on it",
  InvalidParameterException: (_call, error) => `AWS rejected a parameter${awsMessage(error)}`,
  MalformedPolicyDocumentException: (_call, error) => `AWS rejected the request${awsMessage(error)}`,
};

function awsMessage(error: AwsErrorShape): string {
  return error.message ? ` (AWS: ${oneLine(error.message)})` : "";
}

export function manageError(call: FailedCall, error: unknown): EnvSecretsError {
  if (error instanceof EnvSecretsError) return error;
  const shape = (typeof error === "object" && error !== null ? error : {}) as AwsErrorShape;
  const advice = shape.name ? ADVICE[shape.name] : undefined;
  if (advice) return new EnvSecretsError({ subject: call.secret, reason: shape.name!, hint: advice(call, shape), cause: error });
  // Network, TLS, throttling, credentials and answers that are not from AWS: as on the run path.
  return describeSecretError(call.secret, call.region, call.endpoint, error, "DescribeSecret");
}

/** The error code of an AWS error, for the few places that branch on it (a missing secret during upsert). */
export function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "name" in error ? String(error.name) : undefined;
}

/** Someone else wrote the secret between this command's read and its write. */
export function conflictError(secret: string, readVersion: string, currentVersion: string | undefined): EnvSecretsError {
  return new EnvSecretsError({
    subject: secret,
    reason: "conflict: the secret changed while this command ran",
    hint: `it was read at version ${readVersion}, but AWSCURRENT is now ${currentVersion ?? "on no version"}; nothing was written — run the command again to apply it to the new value`,
  });
}
