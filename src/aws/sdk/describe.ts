import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import type { EnvSecretsError } from "../../errors.ts";
import type { SecretRef } from "../../secrets/reference.ts";
import { describeSecretError } from "./errors.ts";
import type { AwsSession } from "./session.ts";

/**
 * Checks that every secret exists with DescribeSecret (metadata only: no value
 * is read). Returns the run's default region and, for each secret in the
 * order given, nothing or the reason it failed.
 */
export async function checkSecretsExist(
  refs: SecretRef[],
  session: AwsSession,
  endpoint: string | undefined,
): Promise<{ region: string; outcomes: Array<EnvSecretsError | undefined> }> {
  const region = await session.defaultRegion();
  // Once, before any request: a credentials problem is one error, not one per secret.
  await session.credentials();
  const outcomes = await Promise.all(
    refs.map(async (ref) => {
      const where = ref.arnRegion ?? region;
      try {
        await session.client(where).send(new DescribeSecretCommand({ SecretId: ref.secretId }));
        return undefined;
      } catch (error) {
        return describeSecretError(ref.label, where, endpoint, error, "DescribeSecret");
      }
    }),
  );
  return { region, outcomes };
}
