import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import type { EnvSecretsError } from "../errors.ts";
import type { SecretRef } from "../secrets/reference.ts";
import type { ClientFactory } from "./client.ts";
import { describeSecretError } from "./errors.ts";

/**
 * Checks that every secret exists with DescribeSecret (metadata only: no value
 * is read). Returns the failures, one per missing or unreadable secret.
 */
export async function checkSecretsExist(
  refs: SecretRef[],
  factory: ClientFactory,
  env: Record<string, string | undefined>,
  endpoint: string | undefined,
): Promise<{ region: string; failures: EnvSecretsError[] }> {
  const region = await factory.defaultRegion(env);
  // Once, before any request: a credentials problem is one error, not one per secret.
  await factory.credentials();
  const results = await Promise.all(
    refs.map(async (ref) => {
      const where = ref.arnRegion ?? region;
      try {
        await factory.clientFor(where).send(new DescribeSecretCommand({ SecretId: ref.secretId }));
        return undefined;
      } catch (error) {
        return describeSecretError(ref.label, where, endpoint, error, "DescribeSecret");
      }
    }),
  );
  return { region, failures: results.filter((r): r is EnvSecretsError => r !== undefined) };
}
