import { EnvSecretsError } from "../errors.ts";

/** A value a format cannot carry exactly: the error names the variable, never the value. */
export function refusal(name: string, reason: string, hint: string): EnvSecretsError {
  return new EnvSecretsError({ subject: name, reason, hint });
}
