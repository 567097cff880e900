import type { AwsSession } from "../aws/sdk/index.ts";
import { combineErrors, EnvSecretsError } from "../errors.ts";
import { log } from "../log/logger.ts";
import type { SecretRef } from "../secrets/reference.ts";
import { type Described, type SecretTarget, targetOf, uniqueRefs, withKnownAccount } from "./targets.ts";

/**
 * The targets of a policy: each secret described (DescribeSecret: its ARN and
 * KMS key, never its value) in the region a run would read it from. A secret
 * the caller may not describe is still in the policy, by name; one that does
 * not exist is an error (a typo would otherwise give a useless policy).
 */
export async function describedTargets(refs: SecretRef[], session: AwsSession, endpoint: string | undefined): Promise<SecretTarget[]> {
  // Inside the session, so the SDK is loaded already: this costs nothing more.
  const { SecretsApi } = await import("../aws/sdk/index.ts");
  const region = refs.some((ref) => !ref.arnRegion) ? await session.defaultRegion() : undefined;
  const failures: EnvSecretsError[] = [];
  const targets = await Promise.all(
    uniqueRefs(refs).map(async (ref) => {
      const where = ref.arnRegion ?? region!;
      let described: Described | undefined;
      try {
        const description = await new SecretsApi(session.client(where), endpoint).describeUnlessDenied(ref.secretId, ref.label);
        if (description === undefined) log.debug(`${ref.label}: in the policy by name`);
        else described = { ARN: description.arn, Name: description.name, ...(description.kmsKeyId ? { KmsKeyId: description.kmsKeyId } : {}) };
      } catch (error) {
        if (!(error instanceof EnvSecretsError)) throw error;
        failures.push(error);
      }
      return targetOf(ref.label, ref.secretId, where, described);
    }),
  );
  if (failures.length > 0) throw combineErrors(failures);
  return withKnownAccount(targets);
}
