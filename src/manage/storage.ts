import { EnvSecretsError, usageError } from "../errors.ts";
import { parseDotenv } from "../secrets/dotenv.ts";
import { parseJsonExact } from "../secrets/payload.ts";
import { jsonString, parseSecretObject, serializeSecretObject } from "../secrets/secret-object.ts";

/**
 * The one storage rule of create, update and upsert: what a value given on
 * the command line becomes in Secrets Manager.
 *
 * - a JSON object: stored exactly as given (key order, number digits, layout);
 * - dotenv text (`KEY=value`, `export KEY=value`, quotes, escapes, read by the
 *   same reader as a run reads a secret): a JSON object of those keys;
 * - `--raw`: the text as it is; `--key NAME`: `{"NAME": text}`;
 * - anything else: an error that names both of those options.
 *
 * So `create` and `update` given the same input store the same secret, and a
 * URL such as `https://x/?t=abc` is never split into a key named after it.
 */
export interface StorageChoice {
  /** `--raw`: store the text as it is. */
  raw?: boolean;
  /** `--key NAME`: store `{"NAME": text}`. */
  key?: string;
}

export function checkStorageChoice(choice: StorageChoice): void {
  if (choice.raw && choice.key !== undefined) {
    throw usageError("--raw and --key cannot be combined", "--raw stores the text as it is; --key NAME stores {\"NAME\": text}");
  }
  if (choice.key === "") throw usageError("--key needs a key name", "e.g. --key API_TOKEN");
}

/** The SecretString to store for `input`, following the rule above. `secret` names the secret in errors. */
export function secretStringFor(secret: string, input: string, choice: StorageChoice = {}): string {
  checkStorageChoice(choice);
  if (input === "") {
    throw new EnvSecretsError({ subject: secret, reason: "the value is empty", hint: "give the value to store; Secrets Manager does not keep empty secrets" });
  }
  if (choice.raw) return input;
  if (choice.key !== undefined) return serializeSecretObject(new Map([[choice.key, jsonString(input)]]));
  if (parseSecretObject(input)) return input;
  const dotenv = dotenvObject(input);
  if (typeof dotenv === "string") return dotenv;
  const reason =
    parseJsonExact(input) !== undefined
      ? "the value is JSON but not an object"
      : dotenv.invalidLine !== undefined
        ? `the value is neither a JSON object nor dotenv text (line ${dotenv.invalidLine} is not KEY=value)`
        : "the value is neither a JSON object nor dotenv text";
  throw new EnvSecretsError({
    subject: secret,
    reason,
    hint: "add --raw to store it as it is, or --key NAME to store it as {\"NAME\": value}",
  });
}

/**
 * Dotenv text as the JSON text of its object, or why it is not dotenv text.
 * Text whose every value is empty or `=` padding is a base64 token, not
 * variables (the run path reads it the same way).
 */
function dotenvObject(text: string): string | { invalidLine?: number } {
  const { variables, invalidLine } = parseDotenv(text);
  if (invalidLine !== undefined) return { invalidLine };
  if (variables.size === 0 || [...variables.values()].every((value) => /^=*$/.test(value))) return {};
  return serializeSecretObject(new Map([...variables].map(([key, value]) => [key, jsonString(value)])));
}
