/**
 * The Secrets Manager operations the fake implements: request members in,
 * response members out, in the awsJson1_1 shapes real AWS uses (dates as
 * epoch seconds, SecretBinary as base64, absent members omitted).
 *
 * It serves exactly what env-secrets sends: the reads of the run path
 * (GetSecretValue, BatchGetSecretValue with a SecretIdList, DescribeSecret
 * for watching and policies) and the writes and listings of the secret
 * management commands (CreateSecret, UpdateSecret, PutSecretValue,
 * ListSecrets, DeleteSecret, RestoreSecret, TagResource, UntagResource).
 * Anything else is answered with UnknownOperationException, so a test cannot
 * come to rely on a model of an operation the product never uses.
 *
 * One file per group: operations-read.ts, operations-write.ts,
 * operations-lifecycle.ts (delete, restore, tags) and operations-list.ts.
 */

import type { AwsError } from "./errors";
import type { JsonObject } from "./input";
import { DELETE_SECRET, RESTORE_SECRET, TAG_RESOURCE, UNTAG_RESOURCE } from "./operations-lifecycle";
import { LIST_SECRETS } from "./operations-list";
import { BATCH_GET_SECRET_VALUE, DESCRIBE_SECRET, GET_SECRET_VALUE } from "./operations-read";
import { CREATE_SECRET, PUT_SECRET_VALUE, UPDATE_SECRET } from "./operations-write";
import type { SecretStore } from "./store";

/** KMS permissions Secrets Manager uses on the caller's behalf with a customer-managed key. */
export type KmsAction = "kms:Decrypt" | "kms:GenerateDataKey";

export interface OperationContext {
  store: SecretStore;
  /** Region the request was signed for; the only region it can see. */
  region: string;
  nowMs: number;
  /**
   * Whether one secret inside BatchGetSecretValue may be read (IAM denial or
   * injected fault). A returned error is reported in `Errors`, as AWS does.
   */
  batchMemberError(secretId: string): AwsError | undefined;
  /**
   * Throws AccessDeniedException when the caller may not use this KMS key
   * (undefined: the AWS managed key) for these actions.
   */
  checkKms(kmsKeyId: string | undefined, actions: readonly KmsAction[]): void;
}

export type OperationHandler = (context: OperationContext, input: JsonObject) => JsonObject;

export const OPERATIONS: ReadonlyMap<string, OperationHandler> = new Map<string, OperationHandler>([
  ["GetSecretValue", GET_SECRET_VALUE],
  ["BatchGetSecretValue", BATCH_GET_SECRET_VALUE],
  ["DescribeSecret", DESCRIBE_SECRET],
  ["CreateSecret", CREATE_SECRET],
  ["UpdateSecret", UPDATE_SECRET],
  ["PutSecretValue", PUT_SECRET_VALUE],
  ["ListSecrets", LIST_SECRETS],
  ["DeleteSecret", DELETE_SECRET],
  ["RestoreSecret", RESTORE_SECRET],
  ["TagResource", TAG_RESOURCE],
  ["UntagResource", UNTAG_RESOURCE],
]);

/** Operations that act on the account, not one secret: IAM names no resource and needs "*". */
export function isAccountWideOperation(operation: string): boolean {
  return operation === "BatchGetSecretValue" || operation === "ListSecrets";
}

/** The secret ids a request names, as sent; used for recording and fault matching. */
export function secretIdsOf(input: JsonObject): string[] {
  const ids: string[] = [];
  if (typeof input.SecretId === "string") ids.push(input.SecretId);
  // CreateSecret names its secret with Name.
  else if (typeof input.Name === "string") ids.push(input.Name);
  const list = input.SecretIdList;
  if (Array.isArray(list)) {
    for (const item of list) if (typeof item === "string") ids.push(item);
  }
  return ids;
}
