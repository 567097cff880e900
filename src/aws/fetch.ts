import { GetSecretValueCommand, type GetSecretValueCommandOutput } from "@aws-sdk/client-secrets-manager";
import type { EnvSecretsError } from "../errors.ts";
import { log, redactor } from "../log/logger.ts";
import type { SecretRef } from "../secrets/reference.ts";
import type { ClientFactory } from "./client.ts";
import { describeCredentialsError, describeSecretError } from "./errors.ts";

export interface FetchedSecret {
  ref: SecretRef;
  region: string;
  arn?: string;
  versionId?: string;
  secretString?: string;
  /** base64 text of SecretBinary. */
  secretBinary?: string;
}

/**
 * How many GetSecretValue calls are in flight at once. Parallel GetSecretValue
 * (rather than BatchGetSecretValue) costs one round trip for a typical run and
 * needs nothing beyond the least-privilege policy: GetSecretValue on each secret.
 */
const CONCURRENCY = 50;

/**
 * Fetches every secret concurrently. Each entry of the result is the secret or
 * the reason it could not be fetched, in the order given, so the caller can
 * report every failure at once (one line each) and fail closed.
 */
export async function fetchSecrets(
  refs: SecretRef[],
  factory: ClientFactory,
  env: Record<string, string | undefined>,
  endpoint: string | undefined,
): Promise<Array<FetchedSecret | EnvSecretsError>> {
  const needsDefault = refs.some((ref) => !ref.arnRegion);
  const defaultRegion = needsDefault ? await factory.defaultRegion(env) : undefined;
  log.debug(`region ${defaultRegion ?? "(from ARNs)"}, endpoint ${endpoint ?? "AWS default"}`);

  try {
    const credentials = await factory.credentials();
    log.debug(`credentials from ${credentialSource((credentials as { $source?: Record<string, string> }).$source)}`);
  } catch (error) {
    throw describeCredentialsError(error);
  }

  const results: Array<FetchedSecret | EnvSecretsError> = new Array(refs.length);
  let next = 0;
  const worker = async () => {
    while (next < refs.length) {
      const index = next++;
      const ref = refs[index]!;
      const region = ref.arnRegion ?? defaultRegion!;
      results[index] = await fetchOne(ref, region, factory).catch((error: unknown) =>
        describeSecretError(ref.label, region, endpoint, error),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, refs.length) }, worker));
  return results;
}

async function fetchOne(ref: SecretRef, region: string, factory: ClientFactory): Promise<FetchedSecret> {
  const started = performance.now();
  const output: GetSecretValueCommandOutput = await factory.clientFor(region).send(new GetSecretValueCommand({ SecretId: ref.secretId, VersionStage: ref.versionStage, VersionId: ref.versionId }));
  // Register before anything else can see the value, so no log line can carry it.
  if (output.SecretString !== undefined) redactor.register(output.SecretString);
  const secretBinary = output.SecretBinary ? Buffer.from(output.SecretBinary).toString("base64") : undefined;
  if (secretBinary !== undefined) redactor.register(secretBinary);
  log.debug(
    `fetched ${ref.label} (${output.ARN ?? "?"}, version ${output.VersionId ?? "?"}) from ${region} in ${Math.round(performance.now() - started)} ms, ${output.$metadata.attempts ?? 1} attempt(s)`,
  );
  return {
    ref,
    region,
    arn: output.ARN,
    versionId: output.VersionId,
    secretString: output.SecretString,
    secretBinary,
  };
}

/** Which provider of the chain answered, from the SDK's feature flags on the credentials (never the keys). */
function credentialSource(source: Record<string, string> | undefined): string {
  const names = Object.keys(source ?? {}).filter((name) => name.startsWith("CREDENTIALS_"));
  return names.length > 0 ? names.map((name) => name.slice("CREDENTIALS_".length).toLowerCase()).join(" + ") : "the default chain";
}
