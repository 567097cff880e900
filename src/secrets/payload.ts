import { EnvSecretsError } from "../errors.ts";

/**
 * Turns a secret's payload into environment variables, one per key of a
 * JSON object. Values keep their source text exactly: a number is the digits
 * as written in the secret (`1.50`, `12345678901234567890`), never a float
 * round trip; nested objects and arrays become their compact JSON text with
 * numbers likewise untouched.
 */
export type Variables = Map<string, string>;

export const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface RawJson {
  readonly rawJSON: string;
}
interface JsonWithSource {
  parse(text: string, reviver: (key: string, value: unknown, context: { source?: string }) => unknown): unknown;
  rawJSON(text: string): RawJson;
  isRawJSON(value: unknown): value is RawJson;
}
// JSON.parse source text access and JSON.rawJSON (TC39 stage 3; in Bun's JavaScriptCore) keep numbers exact.
const JSONS = JSON as unknown as JsonWithSource;

/** Parses JSON, keeping every number as its source text. Returns undefined for text that is not JSON. */
export function parseJsonExact(text: string): unknown {
  try {
    return JSONS.parse(text, (_key, value, context) =>
      typeof value === "number" && context.source !== undefined ? JSONS.rawJSON(context.source) : value,
    );
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !JSONS.isRawJSON(value);
}

/** The environment text of one JSON value. */
export function jsonValueToText(value: unknown): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (JSONS.isRawJSON(value)) return value.rawJSON;
  return JSON.stringify(value);
}

export function checkVariable(secret: string, name: string, value: string): void {
  if (!VALID_NAME.test(name)) {
    throw new EnvSecretsError({
      subject: secret,
      reason: `key ${JSON.stringify(name)} is not a valid environment variable name`,
      hint: "rename the key in the secret to letters, digits and _ (not starting with a digit)",
    });
  }
  if (value.includes("\0")) {
    throw new EnvSecretsError({
      subject: secret,
      reason: `the value of ${name} contains a NUL character`,
      hint: "an environment variable cannot hold NUL; store the value base64-encoded",
    });
  }
}

/** Variables from a SecretString that holds a JSON object. */
export function variablesFromSecretString(secret: string, secretString: string): Variables {
  const parsed = parseJsonExact(secretString);
  if (!isPlainObject(parsed)) {
    throw new EnvSecretsError({
      subject: secret,
      reason: parsed === undefined ? "the secret is not JSON" : "the secret is not a JSON object",
      hint: 'store it as a JSON object of variables, e.g. {"API_KEY":"..."}',
    });
  }
  const variables: Variables = new Map();
  for (const [name, value] of Object.entries(parsed)) {
    const text = jsonValueToText(value);
    checkVariable(secret, name, text);
    variables.set(name, text);
  }
  return variables;
}
