import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { createClientFactory } from "../aws/client.ts";
import { type RunAwsSettings, withRunClients } from "../aws/run-clients.ts";
import { combineErrors, type EnvSecretsError } from "../errors.ts";
import { log } from "../log/logger.ts";
import { errorCode, manageError } from "../manage/aws-errors.ts";
import type { SecretRef } from "../secrets/reference.ts";
import { type Described, type SecretTarget, targetOf, uniqueRefs, withKnownAccount } from "./targets.ts";

/**
 * The targets of a policy: each secret described (DescribeSecret: its ARN and
 * KMS key, never its value) in the region a run would read it from. A secret
 * the caller may not describe is still in the policy, by name; one that does
 * not exist is an error (a typo would otherwise give a useless policy).
 */
export async function describedTargets(refs: SecretRef[], settings: RunAwsSettings, env: Record<string, string | undefined>): Promise<SecretTarget[]> {
  return withRunClients(refs, settings, createClientFactory, async (factory) => {
    const needsDefault = refs.some((ref) => !ref.arnRegion);
    const region = needsDefault ? await factory.defaultRegion(env) : undefined;
    const failures: EnvSecretsError[] = [];
    const targets = await Promise.all(
      uniqueRefs(refs).map(async (ref) => {
        const where = ref.arnRegion ?? region!;
        let described: Described | undefined;
        try {
          described = await factory.clientFor(where).send(new DescribeSecretCommand({ SecretId: ref.secretId }));
        } catch (error) {
          if (errorCode(error) !== "AccessDeniedException") failures.push(manageError({ secret: ref.label, operation: "DescribeSecret", region: where, ...(settings.endpoint ? { endpoint: settings.endpoint } : {}) }, error));
          else log.debug(`${ref.label}: DescribeSecret denied; in the policy by name`);
        }
        return targetOf(ref.label, ref.secretId, where, described);
      }),
    );
    if (failures.length > 0) throw combineErrors(failures);
    return withKnownAccount(targets);
  });
}
