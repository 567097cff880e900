/**
 * Error vocabulary of the fake, shaped like real Secrets Manager errors:
 * JSON body `{"__type": Code, "Message": text}`, HTTP 400 for every client
 * error (real AWS JSON services do not use 404/403 here) and 500 only for
 * InternalServiceError.
 */

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
  }
}

export function errorBody(error: AwsError): { __type: string; Message: string } {
  return { __type: error.code, Message: error.message };
}

export function resourceNotFound(
  message = "Secrets Manager can't find the specified secret.",
): AwsError {
  return new AwsError("ResourceNotFoundException", message);
}

export function invalidParameter(message: string): AwsError {
  return new AwsError("InvalidParameterException", message);
}

export function invalidRequest(
  message = "You provided a parameter value that is not valid for the current state of the resource.",
): AwsError {
  return new AwsError("InvalidRequestException", message);
}

export function throttled(): AwsError {
  return new AwsError("ThrottlingException", "Rate exceeded");
}

export function internalServiceError(message = "An error occurred on the server side."): AwsError {
  return new AwsError("InternalServiceError", message, 500);
}

export function decryptionFailure(
  message = "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
): AwsError {
  return new AwsError("DecryptionFailure", message);
}

/** The wire is malformed (not JSON, wrong member type): Coral reports SerializationException. */
export function serializationError(message: string): AwsError {
  return new AwsError("SerializationException", message);
}

/**
 * Model constraint violations (length, range, required) are rejected by the
 * AWS request layer before Secrets Manager sees them, with this exact phrasing.
 * A sensitive member (a secret value) is named without its value, as AWS does.
 */
export function validationError(value: string | undefined, member: string, constraint: string): AwsError {
  const shown = value === undefined ? "Value" : `Value ${value}`;
  return new AwsError(
    "ValidationException",
    `1 validation error detected: ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function unknownOperation(message: string): AwsError {
  return new AwsError("UnknownOperationException", message);
}

/**
 * Wording of IAM's denials, which name principal, action and resource but
 * never a value: an implicit deny (nothing allows the call) by default, or an
 * explicit Deny statement.
 */
export function accessDenied(
  principalArn: string,
  action: string,
  resourceArn?: string,
  explicit = false,
): AwsError {
  const onResource = resourceArn === undefined ? "" : ` on resource: ${resourceArn}`;
  const because = explicit
    ? "with an explicit deny in an identity-based policy"
    : `because no identity-based policy allows the ${action} action`;
  return new AwsError(
    "AccessDeniedException",
    `User: ${principalArn} is not authorized to perform: ${action}${onResource} ${because}`,
  );
}

/** What Secrets Manager answers when the caller may not use the secret's customer-managed KMS key. */
export function kmsAccessDenied(): AwsError {
  return new AwsError("AccessDeniedException", "Access to KMS is not allowed");
}

export function resourceExists(message: string): AwsError {
  return new AwsError("ResourceExistsException", message);
}

/** Any operation but DescribeSecret and RestoreSecret on a secret scheduled for deletion. */
export function markedForDeletion(): AwsError {
  return invalidRequest(
    "You can't perform this operation on the secret because it was marked for deletion.",
  );
}

/** Worded as the API reference describes the error (e.g. too many versions of one secret). */
export function limitExceeded(
  message = "The request failed because it would exceed one of the Secrets Manager quotas.",
): AwsError {
  return new AwsError("LimitExceededException", message);
}

export function invalidNextToken(): AwsError {
  return new AwsError("InvalidNextTokenException", "The NextToken value is invalid.");
}
