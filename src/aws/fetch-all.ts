import type { EnvSecretsError } from "../errors.ts";
import type { SecretRef } from "../secrets/reference.ts";
import type { AwsSettings, createClientFactory } from "./client.ts";
import { describeTimeout } from "./errors.ts";
import type { FetchedSecret, fetchSecrets } from "./fetch.ts";
import { withinTimeLimit } from "./network.ts";

export interface FetchAllSettings extends Omit<AwsSettings, "deadline" | "requestTimeoutMs"> {
  /** Time limit of the whole fetch phase, credentials included. */
  timeoutMs: number;
}

/** The modules that load the AWS SDK: passed in, because the caller imports them lazily. */
export interface AwsModules {
  createClientFactory: typeof createClientFactory;
  fetchSecrets: typeof fetchSecrets;
}

/**
 * The fetch phase of a run: credentials, then every secret, within the time
 * limit. Clients are torn down whatever happens.
 */
export async function fetchAll(
  refs: SecretRef[],
  settings: FetchAllSettings,
  { createClientFactory, fetchSecrets }: AwsModules,
  env: Record<string, string | undefined> = process.env,
): Promise<Array<FetchedSecret | EnvSecretsError>> {
  const { timeoutMs, ...aws } = settings;
  let credentialsResolved = () => false;
  return withinTimeLimit(
    timeoutMs,
    async (deadline) => {
      const factory = await createClientFactory({ ...aws, deadline, requestTimeoutMs: timeoutMs });
      credentialsResolved = () => factory.credentialsResolved;
      const arnRegion = refs.find((ref) => ref.arnRegion)?.arnRegion;
      if (arnRegion && !aws.region && !env.AWS_REGION && !env.AWS_DEFAULT_REGION) factory.useRegionIfNoneSet(arnRegion);
      try {
        return await fetchSecrets(refs, factory, env, aws.endpoint);
      } finally {
        factory.destroy();
      }
    },
    () => describeTimeout(timeoutMs, credentialsResolved() ? "secrets" : "credentials", aws.endpoint),
  );
}
