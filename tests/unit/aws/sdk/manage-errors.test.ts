import { expect, test } from "bun:test";
import { manageError } from "../../../../src/aws/sdk/manage-errors.ts";
import { awsError } from "./memory-secrets-manager.ts";

const call = { secret: "app/db", region: "eu-west-1" } as const;

test("each AWS error code becomes one line with the fix, decided by the code, not the message", () => {
  const line = (operation: Parameters<typeof manageError>[0]["operation"], code: string, message = "") =>
    manageError({ ...call, operation }, awsError(code, message)).message;
  expect(line("CreateSecret", "ResourceExistsException")).toBe(
    "app/db: ResourceExistsException — a secret with this name already exists in eu-west-1; change its value with: env-secrets aws secret update -n app/db (or merge keys with upsert)",
  );
  expect(line("PutSecretValue", "ResourceNotFoundException")).toBe(
    "app/db: ResourceNotFoundException — no such secret in eu-west-1; check the name, the region (-r) and the account of your credentials, or create it: env-secrets aws secret create -n app/db",
  );
  expect(line("DescribeSecret", "ResourceNotFoundException")).toBe(
    "app/db: ResourceNotFoundException — no such secret in eu-west-1; check the name, the region (-r) and the account of your credentials",
  );
  expect(line("UpdateSecret", "InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.")).toBe(
    "app/db: InvalidRequestException — the secret cannot be changed in its current state, most often because it is scheduled for deletion: run env-secrets aws secret restore -n app/db (AWS: You can't perform this operation on the secret because it was marked for deletion.)",
  );
  expect(line("DeleteSecret", "AccessDeniedException")).toBe(
    "app/db: AccessDeniedException — your credentials may not call secretsmanager:DeleteSecret here: allow it on this secret in the IAM policy",
  );
  expect(line("PutSecretValue", "LimitExceededException", "too many versions")).toBe(
    "app/db: LimitExceededException — a Secrets Manager quota was reached (AWS: too many versions); wait and retry, or ask for a quota increase in Service Quotas",
  );
  expect(line("CreateSecret", "EncryptionFailure")).toBe(
    "app/db: EncryptionFailure — KMS could not encrypt the value with the secret's key: check that the key (-k) is enabled and allow kms:GenerateDataKey and kms:Decrypt on it for CreateSecret",
  );
  expect(line("GetSecretValue", "DecryptionFailure")).toBe("app/db: DecryptionFailure — KMS could not decrypt the secret: check that its key is enabled and allow kms:Decrypt on it");
});

test("network failures read as on the run path", () => {
  const error = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
  expect(manageError({ ...call, operation: "ListSecrets", endpoint: "http://127.0.0.1:9" }, error).message).toBe(
    "app/db: ECONNREFUSED — could not reach Secrets Manager at http://127.0.0.1:9; check the network and --endpoint-url",
  );
});
