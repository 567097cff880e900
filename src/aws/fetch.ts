import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  type SecretValueEntry,
} from "@aws-sdk/client-secrets-manager";
import { EnvSecretsError } from "../errors.ts";
import { log, redactor } from "../log/logger.ts";
import { parseDotenv } from "../secrets/dotenv.ts";
import type { SecretRef } from "../secrets/reference.ts";
import type { ClientFactory } from "./client.ts";
import { describeSecretError, notFromAws } from "./errors.ts";

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
          registerSecretValues(output);
          for (const i of group) this.results[i] = received(this.refs[i]!, region, this.endpoint, output, how);
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
        // Every value of the page is registered before any member is looked at.
        const values = entriesOf(output.SecretValues);
        const errors = entriesOf(output.Errors);
        for (const entry of values) registerSecretValues(entry);
        const timing = `in ${Math.round(performance.now() - started)} ms with BatchGetSecretValue, ${output.$metadata.attempts ?? 1} attempt(s)`;
        for (const i of members) {
          const ref = this.refs[i]!;
          const value = values.find((entry) => matches(ref.secretId, entry));
          const failure = errors.find((entry) => entry.SecretId === ref.secretId);
          if (value) this.results[i] = received(ref, region, this.endpoint, value, timing);
          else if (failure) {
            const text = (value: unknown) => (typeof value === "string" ? value : undefined);
            const error = { name: text(failure.ErrorCode) ?? "Error", message: text(failure.Message), $metadata: output.$metadata };
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

/** The entries of a list in a batch answer; the SDK passes on whatever the wire held, so anything else counts as none. */
function entriesOf<T extends object>(list: T[] | undefined): T[] {
  return Array.isArray(list) ? list.filter((entry): entry is T => typeof entry === "object" && entry !== null) : [];
}

/** Whether a batch answer is the secret asked for by name, full ARN or partial ARN (without the 6-character suffix). */
function matches(secretId: string, entry: SecretValueEntry): boolean {
  if (secretId === entry.Name || secretId === entry.ARN) return true;
  return secretId.startsWith("arn:") && typeof entry.ARN === "string" && entry.ARN.length === secretId.length + 7 && entry.ARN.startsWith(`${secretId}-`);
}

/** A secret as the SDK hands it over: the wire's JSON, not checked against the model. */
interface SecretAnswer {
  ARN?: unknown;
  VersionId?: unknown;
  SecretString?: unknown;
  SecretBinary?: unknown;
}

/**
 * Makes every value of an answer known to the redactor, before anything can
 * log a line or describe another secret's failure: the whole text and, for a
 * JSON secret, every leaf (a number or boolean as written), for dotenv text
 * every value. Shaping registers the variables it makes, but only once it
 * succeeds and only for the keys selected; a value can be quoted before that
 * (an AccessDenied message of another secret, an ARN or version id a server
 * echoes in the debug line).
 */
export function registerSecretValues(answer: SecretAnswer): void {
  if (typeof answer.SecretString === "string") registerText(answer.SecretString);
  if (answer.SecretBinary instanceof Uint8Array) redactor.register(Buffer.from(answer.SecretBinary).toString("base64"));
}

function registerText(text: string): void {
  redactor.register(text);
  try {
    // The reviver sees every leaf with its source text; the parsed tree itself is not kept.
    const register = (_key: string, value: unknown, context?: { source?: string }) => {
      if (typeof value === "string") redactor.register(value);
      else if (value !== null && typeof value !== "object" && context?.source !== undefined) redactor.register(context.source);
      return undefined;
    };
    (JSON.parse as (text: string, reviver: typeof register) => unknown)(text, register);
    return;
  } catch {
    // Not JSON: perhaps dotenv text.
  }
  for (const value of parseDotenv(text).variables.values()) redactor.register(value);
}

/** What kind of JSON value the SDK passed on where text belongs, for the message. */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/**
 * An answer that cannot have come from Secrets Manager (no value, a value of
 * the wrong type): the secret fails, naming what is wrong, and the program is
 * not started.
 */
function malformed(ref: SecretRef, reason: string, endpoint: string | undefined, region: string): EnvSecretsError {
  return new EnvSecretsError({
    subject: ref.label,
    reason,
    hint: `Secrets Manager never answers so: ${notFromAws(endpoint ?? `https://secretsmanager.${region}.amazonaws.com`)}`,
  });
}

/** One secret's answer, checked; its values are registered already (registerSecretValues). */
function received(ref: SecretRef, region: string, endpoint: string | undefined, answer: SecretAnswer, how: string): Outcome {
  const { SecretString: text, SecretBinary: binary } = answer;
  const present = (value: unknown) => value !== undefined && value !== null;
  if (present(text) && typeof text !== "string") {
    return malformed(ref, `the answer's SecretString is ${jsonKind(text)}, not text`, endpoint, region);
  }
  if (present(binary) && !(binary instanceof Uint8Array)) {
    return malformed(ref, `the answer's SecretBinary is ${jsonKind(binary)}, not base64 text`, endpoint, region);
  }
  if (!present(text) && !present(binary)) {
    return malformed(ref, "the answer has no value (neither SecretString nor SecretBinary)", endpoint, region);
  }
  const arn = typeof answer.ARN === "string" ? answer.ARN : undefined;
  const versionId = typeof answer.VersionId === "string" ? answer.VersionId : undefined;
  log.debug(`fetched ${ref.label} (${arn ?? "?"}, version ${versionId ?? "?"}) from ${region} ${how}`);
  if (typeof text === "string") return { ref, region, arn, versionId, secretString: text };
  return { ref, region, arn, versionId, secretBinary: Buffer.from(binary as Uint8Array).toString("base64") };
}
