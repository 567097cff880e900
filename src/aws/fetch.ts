import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  type SecretValueEntry,
} from "@aws-sdk/client-secrets-manager";
import type { EnvSecretsError } from "../errors.ts";
import { log, redactor } from "../log/logger.ts";
import type { SecretRef } from "../secrets/reference.ts";
import type { ClientFactory } from "./client.ts";
import { describeSecretError } from "./errors.ts";

export interface FetchedSecret {
  ref: SecretRef;
  region: string;
  arn?: string;
  versionId?: string;
  secretString?: string;
  /** base64 text of SecretBinary. */
  secretBinary?: string;
}

type Outcome = FetchedSecret | EnvSecretsError;

/** How many GetSecretValue calls are in flight at once. */
const CONCURRENCY = 50;
/** AWS's limit of ids in one BatchGetSecretValue call. */
const BATCH_SIZE = 20;

/**
 * Errors of a whole BatchGetSecretValue call that mean "not this way" rather
 * than "not at all": above all AccessDeniedException for a caller whose policy
 * grants only GetSecretValue (the least-privilege policy the README shows).
 */
const BATCH_UNAVAILABLE = new Set([
  "AccessDeniedException",
  "UnknownOperationException",
  "ValidationException",
  "InvalidParameterException",
  "InvalidRequestException",
  "NotImplemented",
]);

/**
 * Fetches every secret. Each entry of the result is the secret or the reason it
 * could not be fetched, in the order given, so the caller can report every
 * failure at once (one line each) and fail closed.
 *
 * Several current-version secrets of one region are read with
 * BatchGetSecretValue (20 per call, calls in parallel): one round trip, and far
 * less per-request work than one signed call per secret. A caller whose policy
 * does not allow it falls back to parallel GetSecretValue, so the
 * least-privilege policy still works, at the cost of one more round trip.
 */
export async function fetchSecrets(
  refs: SecretRef[],
  factory: ClientFactory,
  env: Record<string, string | undefined>,
  endpoint: string | undefined,
): Promise<Outcome[]> {
  const needsDefault = refs.some((ref) => !ref.arnRegion);
  const defaultRegion = needsDefault ? await factory.defaultRegion(env) : undefined;
  log.debug(`region ${defaultRegion ?? "(from ARNs)"}, endpoint ${endpoint ?? "AWS default"}`);

  // Once, before any request: a credentials problem is one error, not one per secret.
  await factory.credentials();

  const results: Outcome[] = new Array(refs.length);
  const byRegion = new Map<string, number[]>();
  for (const [index, ref] of refs.entries()) {
    const region = ref.arnRegion ?? defaultRegion!;
    byRegion.set(region, [...(byRegion.get(region) ?? []), index]);
  }
  const fetcher = new RegionFetcher(refs, results, factory, endpoint);
  await Promise.all([...byRegion].map(([region, indexes]) => fetcher.fetchRegion(region, indexes)));
  return results;
}

class RegionFetcher {
  constructor(
    private readonly refs: SecretRef[],
    private readonly results: Outcome[],
    private readonly factory: ClientFactory,
    private readonly endpoint: string | undefined,
  ) {}

  async fetchRegion(region: string, indexes: number[]): Promise<void> {
    const current = indexes.filter((i) => !this.refs[i]!.versionStage && !this.refs[i]!.versionId);
    const pinned = indexes.filter((i) => !current.includes(i));
    const batchable = new Set(current.map((i) => this.refs[i]!.secretId)).size >= 2;
    await Promise.all([
      this.fetchEach(region, batchable ? pinned : indexes),
      batchable ? this.fetchBatched(region, current).then((leftover) => this.fetchEach(region, leftover)) : undefined,
    ]);
  }

  /** One GetSecretValue per distinct secret and version, CONCURRENCY at a time. */
  private async fetchEach(region: string, indexes: number[]): Promise<void> {
    const groups = new Map<string, number[]>();
    for (const index of indexes) {
      const { secretId, versionStage, versionId } = this.refs[index]!;
      const key = JSON.stringify([secretId, versionStage, versionId]);
      groups.set(key, [...(groups.get(key) ?? []), index]);
    }
    const queue = [...groups.values()];
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const group = queue[next++]!;
        const ref = this.refs[group[0]!]!;
        const started = performance.now();
        try {
          const output = await this.factory
            .clientFor(region)
            .send(new GetSecretValueCommand({ SecretId: ref.secretId, VersionStage: ref.versionStage, VersionId: ref.versionId }));
          const how = `in ${Math.round(performance.now() - started)} ms, ${output.$metadata.attempts ?? 1} attempt(s)`;
          for (const i of group) this.results[i] = received(this.refs[i]!, region, output, how);
        } catch (error) {
          for (const i of group) this.results[i] = describeSecretError(this.refs[i]!.label, region, this.endpoint, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  }

  /**
   * BatchGetSecretValue for the given secrets; returns the ones that must be
   * fetched one by one instead (the call is not allowed, or the answer left
   * them out).
   */
  private async fetchBatched(region: string, indexes: number[]): Promise<number[]> {
    const ids = [...new Set(indexes.map((i) => this.refs[i]!.secretId))];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += BATCH_SIZE) chunks.push(ids.slice(i, i + BATCH_SIZE));
    const leftover: number[] = [];
    await Promise.all(
      chunks.map(async (chunk) => {
        const members = indexes.filter((i) => chunk.includes(this.refs[i]!.secretId));
        const started = performance.now();
        let output: Awaited<ReturnType<typeof this.batchCall>>;
        try {
          output = await this.batchCall(region, chunk);
        } catch (error) {
          const name = (error as { name?: string }).name ?? "";
          if (BATCH_UNAVAILABLE.has(name)) {
            log.debug(`BatchGetSecretValue in ${region} refused (${name}); fetching those secrets one by one with GetSecretValue`);
            leftover.push(...members);
          } else {
            for (const i of members) this.results[i] = describeSecretError(this.refs[i]!.label, region, this.endpoint, error);
          }
          return;
        }
        const timing = `in ${Math.round(performance.now() - started)} ms with BatchGetSecretValue, ${output.$metadata.attempts ?? 1} attempt(s)`;
        for (const i of members) {
          const ref = this.refs[i]!;
          const value = output.SecretValues?.find((entry) => matches(ref.secretId, entry));
          const failure = output.Errors?.find((entry) => entry.SecretId === ref.secretId);
          if (value) this.results[i] = received(ref, region, value, timing);
          else if (failure) {
            const error = { name: failure.ErrorCode ?? "Error", message: failure.Message, $metadata: output.$metadata };
            this.results[i] = describeSecretError(ref.label, region, this.endpoint, error);
          } else leftover.push(i);
        }
      }),
    );
    return leftover;
  }

  private batchCall(region: string, ids: string[]) {
    return this.factory.clientFor(region).send(new BatchGetSecretValueCommand({ SecretIdList: ids }));
  }
}

/** Whether a batch answer is the secret asked for by name, full ARN or partial ARN (without the 6-character suffix). */
function matches(secretId: string, entry: SecretValueEntry): boolean {
  if (secretId === entry.Name || secretId === entry.ARN) return true;
  return secretId.startsWith("arn:") && entry.ARN !== undefined && entry.ARN.length === secretId.length + 7 && entry.ARN.startsWith(`${secretId}-`);
}

function received(
  ref: SecretRef,
  region: string,
  output: { ARN?: string; VersionId?: string; SecretString?: string; SecretBinary?: Uint8Array },
  how: string,
): FetchedSecret {
  // Register before anything else can see the value, so no log line can carry it.
  if (output.SecretString !== undefined) redactor.register(output.SecretString);
  const secretBinary = output.SecretBinary ? Buffer.from(output.SecretBinary).toString("base64") : undefined;
  if (secretBinary !== undefined) redactor.register(secretBinary);
  log.debug(`fetched ${ref.label} (${output.ARN ?? "?"}, version ${output.VersionId ?? "?"}) from ${region} ${how}`);
  return { ref, region, arn: output.ARN, versionId: output.VersionId, secretString: output.SecretString, secretBinary };
}
