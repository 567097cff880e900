import { BatchGetSecretValueCommand, GetSecretValueCommand, type SecretValueEntry } from "@aws-sdk/client-secrets-manager";
import { EnvSecretsError } from "../../errors.ts";
import { log, redactor } from "../../log/logger.ts";
import type { SecretRef } from "../../secrets/reference.ts";
import { describeSecretError } from "./errors.ts";
import type { AwsSession } from "./session.ts";

export interface FetchedSecret {
  ref: SecretRef;
  region: string;
  arn?: string;
  versionId?: string;
  secretString?: string;
  /** base64 text of SecretBinary. */
  secretBinary?: string;
}

export type FetchOutcome = FetchedSecret | EnvSecretsError;

export interface FetchOptions {
  /** `--batch` / `batch: true`: current-version secrets through BatchGetSecretValue, 20 per call. */
  batch: boolean;
  /** The configured endpoint, for messages; undefined for AWS's own. */
  endpoint?: string;
}

/** How many requests of a run are in flight at once. */
export const CONCURRENCY = 50;
/** AWS's limit of ids in one BatchGetSecretValue call. */
export const BATCH_SIZE = 20;

/** One request's worth: a distinct secret and version in one region, wanted by one or more references. */
interface Wanted {
  region: string;
  secretId: string;
  versionStage?: string;
  versionId?: string;
  refs: SecretRef[];
}

/** What came back for one wanted secret: its answer, or what the SDK threw. */
type Answer = { output: SecretAnswer; how: string } | { error: unknown };

/** A secret as an answer carries it (GetSecretValue's output, or an entry of BatchGetSecretValue's). */
interface SecretAnswer {
  ARN?: string;
  VersionId?: string;
  SecretString?: string;
  SecretBinary?: Uint8Array;
}

/**
 * Fetches every secret: for each reference, in the order given, the secret or
 * the reason it could not be fetched, so the caller can report every failure
 * at once and fail closed.
 *
 * By default every distinct secret and version is read with GetSecretValue,
 * CONCURRENCY at a time, and nothing else is called: the least-privilege
 * policy (GetSecretValue on the secrets) is enough and no call is refused.
 * With `batch`, current-version secrets are read with BatchGetSecretValue
 * (20 per call, calls in parallel) and pinned versions with GetSecretValue;
 * a refused batch call fails the run with one line naming the permission,
 * never silently falling back.
 */
export async function fetchSecrets(refs: SecretRef[], session: AwsSession, options: FetchOptions): Promise<FetchOutcome[]> {
  const defaultRegion = refs.some((ref) => !ref.arnRegion) ? await session.defaultRegion() : undefined;
  log.debug(`region ${defaultRegion ?? "(from ARNs)"}, endpoint ${options.endpoint ?? "AWS default"}${options.batch ? ", --batch" : ""}`);
  // Once, before any request: a credentials problem is one error, not one per secret.
  await session.credentials();

  const wanted = distinctRequests(refs, defaultRegion);
  const batched = options.batch ? wanted.filter((want) => want.versionStage === undefined && want.versionId === undefined) : [];
  const single = wanted.filter((want) => !batched.includes(want));
  const answers = new Map<Wanted, Answer>();
  const refusals: EnvSecretsError[] = [];
  const jobs = [
    ...single.map((want) => async () => answers.set(want, await getSecretValue(session, want))),
    ...batchesOf(batched).map((batch) => async () => {
      const result = await batchGetSecretValue(session, batch, options.endpoint);
      if (result instanceof EnvSecretsError) refusals.push(result);
      else for (const [want, answer] of result) answers.set(want, answer);
    }),
  ];
  await inParallel(jobs, CONCURRENCY);
  // The whole run fails on a refused batch call: the same line once, whichever region it came from.
  if (refusals.length > 0) throw refusals[0]!;

  const outcomeOf = new Map<SecretRef, FetchOutcome>();
  for (const want of wanted) {
    const answer = answers.get(want)!;
    for (const ref of want.refs) {
      outcomeOf.set(ref, "error" in answer ? describeSecretError(ref.label, want.region, options.endpoint, answer.error) : received(ref, want.region, answer));
    }
  }
  return refs.map((ref) => outcomeOf.get(ref)!);
}

/** The references grouped into distinct requests: a secret named twice (same version, same region) is fetched once. */
function distinctRequests(refs: SecretRef[], defaultRegion: string | undefined): Wanted[] {
  const byKey = new Map<string, Wanted>();
  for (const ref of refs) {
    const region = ref.arnRegion ?? defaultRegion!;
    const key = JSON.stringify([region, ref.secretId, ref.versionStage, ref.versionId]);
    const want = byKey.get(key);
    if (want) want.refs.push(ref);
    else byKey.set(key, { region, secretId: ref.secretId, versionStage: ref.versionStage, versionId: ref.versionId, refs: [ref] });
  }
  return [...byKey.values()];
}

async function getSecretValue(session: AwsSession, want: Wanted): Promise<Answer> {
  const started = performance.now();
  try {
    const output = await session
      .client(want.region)
      .send(new GetSecretValueCommand({ SecretId: want.secretId, VersionStage: want.versionStage, VersionId: want.versionId }));
    registerValues(output);
    return { output, how: `in ${Math.round(performance.now() - started)} ms, ${output.$metadata.attempts ?? 1} attempt(s)` };
  } catch (error) {
    return { error };
  }
}

/** Current-version secrets of one region, BATCH_SIZE at most: what one BatchGetSecretValue call asks for. */
function batchesOf(wanted: Wanted[]): Wanted[][] {
  const byRegion = Map.groupBy(wanted, (want) => want.region);
  return [...byRegion.values()].flatMap((inRegion) =>
    Array.from({ length: Math.ceil(inRegion.length / BATCH_SIZE) }, (_, i) => inRegion.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE)),
  );
}

/**
 * One BatchGetSecretValue call. Each secret gets its value or its own error
 * from the answer; a secret the answer leaves out is an error too. A call
 * refused as a whole (the permission missing, an endpoint without the
 * operation) is the run's error: --batch was asked for and cannot work.
 */
async function batchGetSecretValue(session: AwsSession, batch: Wanted[], endpoint: string | undefined): Promise<Map<Wanted, Answer> | EnvSecretsError> {
  const region = batch[0]!.region;
  const started = performance.now();
  const answers = new Map<Wanted, Answer>();
  let output: Awaited<ReturnType<typeof sendBatch>>;
  try {
    output = await sendBatch(session, region, batch);
  } catch (error) {
    const refusal = batchRefusal(error);
    if (refusal) return refusal;
    for (const want of batch) answers.set(want, { error });
    return answers;
  }
  // Every value of the answer is registered before any member is looked at.
  for (const entry of output.SecretValues ?? []) registerValues(entry);
  const how = `in ${Math.round(performance.now() - started)} ms with BatchGetSecretValue, ${output.$metadata.attempts ?? 1} attempt(s)`;
  for (const want of batch) {
    const value = output.SecretValues?.find((entry) => matches(want.secretId, entry));
    const failure = output.Errors?.find((entry) => entry.SecretId === want.secretId);
    if (value) answers.set(want, { output: value, how });
    else if (failure) answers.set(want, { error: { name: failure.ErrorCode ?? "Error", message: failure.Message, $metadata: output.$metadata } });
    else answers.set(want, { error: missingFromBatch(want, region, endpoint) });
  }
  return answers;
}

function sendBatch(session: AwsSession, region: string, batch: Wanted[]) {
  return session.client(region).send(new BatchGetSecretValueCommand({ SecretIdList: batch.map((want) => want.secretId) }));
}

/** Errors of a whole BatchGetSecretValue call that say it cannot be used here at all. */
const BATCH_REFUSED: Record<string, string> = {
  AccessDeniedException: 'your credentials may not call secretsmanager:BatchGetSecretValue, which --batch needs (allowed on "*": it has no resource of its own)',
  UnknownOperationException: "the endpoint does not offer BatchGetSecretValue, which --batch needs",
  NotImplemented: "the endpoint does not offer BatchGetSecretValue, which --batch needs",
};

function batchRefusal(error: unknown): EnvSecretsError | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  const reason = typeof name === "string" ? BATCH_REFUSED[name] : undefined;
  if (reason === undefined) return undefined;
  return new EnvSecretsError({ subject: "--batch", reason: name as string, hint: `${reason}; allow it, or drop --batch to read each secret with GetSecretValue`, cause: error });
}

function missingFromBatch(want: Wanted, region: string, endpoint: string | undefined): EnvSecretsError {
  return new EnvSecretsError({
    subject: want.refs[0]!.label,
    reason: "not in the BatchGetSecretValue answer",
    hint: `the answer from ${endpoint ?? `secretsmanager.${region}.amazonaws.com`} left it out, which Secrets Manager never does; check --endpoint-url, or drop --batch`,
  });
}

/** Whether a batch answer is the secret asked for by name, full ARN or partial ARN (without the 6-character suffix). */
function matches(secretId: string, entry: SecretValueEntry): boolean {
  if (secretId === entry.Name || secretId === entry.ARN) return true;
  return secretId.startsWith("arn:") && entry.ARN !== undefined && entry.ARN.length === secretId.length + 7 && entry.ARN.startsWith(`${secretId}-`);
}

/** Makes an answer's values known to the redactor before anything can log a line about it. */
function registerValues(answer: SecretAnswer): void {
  if (answer.SecretString !== undefined) redactor.register(answer.SecretString);
  if (answer.SecretBinary) redactor.register(Buffer.from(answer.SecretBinary).toString("base64"));
}

function received(ref: SecretRef, region: string, { output, how }: { output: SecretAnswer; how: string }): FetchedSecret {
  const secretBinary = output.SecretBinary ? Buffer.from(output.SecretBinary).toString("base64") : undefined;
  log.debug(`fetched ${ref.label} (${output.ARN ?? "?"}, version ${output.VersionId ?? "?"}) from ${region} ${how}`);
  return { ref, region, arn: output.ARN, versionId: output.VersionId, secretString: output.SecretString, secretBinary };
}

/** Runs the jobs, at most `limit` at a time. */
async function inParallel(jobs: Array<() => Promise<unknown>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}
