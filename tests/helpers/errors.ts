import { EnvSecretsError } from "../../src/errors.ts";

/**
 * The EnvSecretsError `run` throws (of `kind`, when given). Anything else it
 * throws is rethrown, and returning normally fails the test.
 */
export function thrownError(run: () => unknown, kind?: EnvSecretsError["kind"]): EnvSecretsError {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvSecretsError && (kind === undefined || error.kind === kind)) return error;
    throw error;
  }
  throw new Error(`expected an EnvSecretsError${kind === undefined ? "" : ` of kind ${kind}`}`);
}
