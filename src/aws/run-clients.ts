import type { SecretRef } from "../secrets/reference.ts";
import type { AwsSettings, ClientFactory, createClientFactory } from "./client.ts";
import { describeTimeout } from "./errors.ts";
import { withinTimeLimit } from "./network.ts";

export interface RunAwsSettings extends Omit<AwsSettings, "deadline" | "requestTimeoutMs"> {
  /** Time limit of the whole AWS phase, credentials included. */
  timeoutMs: number;
}

/**
 * The AWS phase of a run: credentials, then `work`'s requests for `refs`,
 * within the time limit (`--timeout`); clients are torn down whatever
 * happens. Fetching the secrets and --create-config's existence check both
 * run through it. `createClientFactory` is passed in because the caller
 * loads the SDK lazily.
 */
export async function withRunClients<T>(
  refs: SecretRef[],
  settings: RunAwsSettings,
  factoryOf: typeof createClientFactory,
  work: (factory: ClientFactory) => Promise<T>,
  env: Record<string, string | undefined> = process.env,
): Promise<T> {
  const { timeoutMs, ...aws } = settings;
  let credentialsResolved = () => false;
  let refusedAttempt: ClientFactory["refusedAttempt"] = () => undefined;
  return withinTimeLimit(
    timeoutMs,
    async (deadline) => {
      const factory = await factoryOf({ ...aws, deadline, requestTimeoutMs: timeoutMs });
      credentialsResolved = () => factory.credentialsResolved;
      refusedAttempt = factory.refusedAttempt;
      const arnRegion = refs.find((ref) => ref.arnRegion)?.arnRegion;
      if (arnRegion) factory.useRegionIfNoneSet(arnRegion, env);
      try {
        return await work(factory);
      } finally {
        factory.destroy();
        // The binary starts with the JIT held back for the run-once burst of the
        // AWS phase (scripts/build.ts); what follows can be hot for a long time.
        Bun.unsafe.setJITPolicy(1);
      }
    },
    () => describeTimeout(timeoutMs, credentialsResolved() ? "secrets" : "credentials", aws.endpoint, refusedAttempt()),
  );
}
