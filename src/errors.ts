/**
 * The one error type env-secrets shows to people. Its message is the advice:
 * `<subject>: <reason> — <hint>`, printed as one line by `printError` in cli.ts.
 *
 * How it maps to an exit status depends on whether a command was given
 * (env(1) convention: 125 when the wrapper itself failed), so the error keeps
 * its kind and the exit code is decided in one place, `exitCodeFor`.
 */
export type ErrorKind =
  | "usage" // bad command line: 2 without a command, 125 with one
  | "failure" // config, credentials, fetch, validation: 1 without a command, 125 with one
  | "not-executable" // 126
  | "not-found"; // 127

export interface ErrorDetails {
  /** What failed: a secret name, a variable, an option. */
  subject?: string;
  /** An AWS error code or a short local reason. */
  reason: string;
  /** What the person can do about it. */
  hint?: string;
  kind?: ErrorKind;
  cause?: unknown;
}

export class EnvSecretsError extends Error {
  readonly kind: ErrorKind;
  readonly subject: string | undefined;
  readonly reason: string;
  readonly hint: string | undefined;
  /** Further failures reported together with this one (one line each). */
  readonly others: EnvSecretsError[];

  constructor(details: ErrorDetails, others: EnvSecretsError[] = []) {
    const head = details.subject ? `${details.subject}: ${details.reason}` : details.reason;
    super(details.hint ? `${head} — ${details.hint}` : head, { cause: details.cause });
    this.name = "EnvSecretsError";
    this.kind = details.kind ?? "failure";
    this.subject = details.subject;
    this.reason = details.reason;
    this.hint = details.hint;
    this.others = others;
  }

  /** Every line this error prints, itself first. */
  lines(): string[] {
    return [this.message, ...this.others.flatMap((e) => e.lines())];
  }
}

export function usageError(reason: string, hint = "see 'env-secrets --help'"): EnvSecretsError {
  return new EnvSecretsError({ reason, hint, kind: "usage" });
}

/** Combine several failures (e.g. one per secret) into one error that prints them all. */
export function combineErrors(errors: EnvSecretsError[]): EnvSecretsError {
  const [first, ...rest] = errors;
  if (!first) throw new Error("combineErrors needs at least one error");
  if (rest.length === 0) return first;
  return new EnvSecretsError(
    { subject: first.subject, reason: first.reason, hint: first.hint, kind: first.kind, cause: first.cause },
    rest,
  );
}

/**
 * All or nothing, reporting everything: each item's result, or — if any item
 * failed with an EnvSecretsError (or is one: an outcome collected earlier) —
 * every such failure at once, combined. Any other error is a bug and goes
 * straight through.
 */
export function allOrFailures<T, R>(items: Iterable<T | EnvSecretsError>, each: (item: T) => R): R[] {
  const results: R[] = [];
  const failures: EnvSecretsError[] = [];
  for (const item of items) {
    if (item instanceof EnvSecretsError) {
      failures.push(item);
      continue;
    }
    try {
      results.push(each(item));
    } catch (error) {
      if (!(error instanceof EnvSecretsError)) throw error;
      failures.push(error);
    }
  }
  if (failures.length > 0) throw combineErrors(failures);
  return results;
}

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  wrapperFailed: 125,
  notExecutable: 126,
  notFound: 127,
} as const;

export function exitCodeFor(error: EnvSecretsError, commandGiven: boolean): number {
  switch (error.kind) {
    case "not-executable":
      return EXIT.notExecutable;
    case "not-found":
      return EXIT.notFound;
    case "usage":
      return commandGiven ? EXIT.wrapperFailed : EXIT.usage;
    case "failure":
      return commandGiven ? EXIT.wrapperFailed : EXIT.failure;
  }
}
