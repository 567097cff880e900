/**
 * Reads a secret's payload: a JSON object whose values keep their source text
 * exactly (a number is the digits as written in the secret, `1.50`,
 * `12345678901234567890`, never a float round trip; nested objects and arrays
 * become their compact JSON text with numbers likewise untouched), dotenv
 * text, or the whole secret for one named variable.
 */
import { EnvSecretsError } from "../errors.ts";
import { parseDotenv } from "./dotenv.ts";
import type { SecretRef } from "./reference.ts";

/** Variable names and their values, in the order they were set. */
export type Variables = Map<string, string>;

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

export function isPlainObject(value: unknown): value is Record<string, unknown> {
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

/** What GetSecretValue returned: the text, or the base64 text of a binary secret. */
export interface SecretPayload {
  secretString?: string;
  secretBinary?: string;
}

/** One value of a secret on its way to becoming a variable. */
export interface Entry {
  /** Where the value sits in the secret (top-level key, then nested keys), for messages. */
  source: string[];
  /**
   * For dotenv text: the line the value came from. Messages then name the
   * line, never the key, which was not meant as a name if the text was not.
   */
  line?: number;
  /** The pieces of its variable name before prefix and normalization. */
  parts: string[];
  /** A JSON value from an object secret, or text. */
  value: unknown;
}

/**
 * JSON nested deeper than this is refused rather than parsed: parsing it
 * with number-preserving revival recurses once per level (and runs out of
 * stack a few thousand levels down), and no secret needs more.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * The values a secret offers, before key selection and naming:
 * - `VAR=` without a key: the whole secret, as it is (binary secrets as base64 text);
 * - a JSON object: one entry per key;
 * - dotenv text, only when the reference asks for it (`dotenv:`, `dotenv: true`),
 *   if all of it reads as variables and some variable has a value.
 * Nothing of a secret's text appears in an error: a line number at most.
 */
export function entriesOf(ref: SecretRef, payload: SecretPayload): Entry[] {
  const whole = (value: string): Entry[] => [{ source: [ref.as!], parts: [ref.as!], value }];
  const fix = fixes(ref);
  if (payload.secretString === undefined) {
    if (ref.keys?.length) {
      throw new EnvSecretsError({ subject: ref.label, reason: "a binary secret has no keys to select", hint: `${fix.dropKeys} and ${fix.nameIt} (it gets the base64 text)` });
    }
    if (ref.as === undefined) {
      throw new EnvSecretsError({ subject: ref.label, reason: "binary secret", hint: `${fix.nameIt} (it gets the base64 text)` });
    }
    return whole(payload.secretBinary ?? "");
  }
  const text = payload.secretString;
  if (ref.as !== undefined && !ref.keys?.length) return whole(text);
  const nameIt = ref.keys?.length ? `${fix.dropKeys} and ${fix.nameIt}` : fix.nameIt;

  if (/^\s*[[{]/.test(text) && jsonDepthExceeds(text, MAX_JSON_DEPTH)) return fail(ref.label, `the secret is JSON nested more than ${MAX_JSON_DEPTH} levels deep`, nameIt);
  const parsed = parseJsonExact(text);
  if (isPlainObject(parsed)) return Object.entries(parsed).map(([key, value]) => ({ source: [key], parts: [key], value }));
  if (parsed !== undefined) return fail(ref.label, "the secret is JSON but not an object", nameIt);
  if (!ref.dotenv) return fail(ref.label, "the secret is not a JSON object", `${nameIt}; or, if it holds KEY=value lines, ${fix.readDotenv}`);

  const dotenv = parseDotenv(text);
  const values = [...dotenv.variables.values()];
  // A base64 token with `=` padding reads as `BODY=` or `BODY==`: dotenv text
  // whose every value is empty or `=` is taken for such a token, never for
  // variables, so the token's body does not become a variable name.
  const onlyPadding = values.every((value) => /^=*$/.test(value));
  if (dotenv.invalidLine === undefined && !onlyPadding) {
    return [...dotenv.variables].map(([key, value]) => ({ source: [key], line: dotenv.lines.get(key)!, parts: [key], value }));
  }
  const why =
    dotenv.invalidLine !== undefined
      ? `line ${dotenv.invalidLine} is not KEY=value`
      : values.length === 0
        ? "no KEY=value line"
        : "no KEY=value line has a value; it reads as a token";
  return fail(ref.label, `the secret is neither a JSON object nor dotenv text (${why})`, nameIt);
}

/** The two ways to use a secret that is not a JSON object, in the words of where it was named. */
function fixes(ref: SecretRef): { nameIt: string; readDotenv: string; dropKeys: string } {
  if (ref.fromConfig) {
    return {
      nameIt: "name the variable for the whole secret with as: VAR in the config file",
      readDotenv: "read them with dotenv: true in the config file",
      dropKeys: "drop keys",
    };
  }
  const as = ref.as === undefined ? "" : `${ref.as}=`;
  const key = ref.keys?.length === 1 ? `#${ref.keys[0]}` : "";
  return {
    nameIt: `name the variable for the whole secret: -s VAR=${ref.secretId}`,
    readDotenv: `read them as dotenv text: -s ${as}dotenv:${ref.secretId}${key}`,
    dropKeys: "drop the key",
  };
}

/**
 * Whether JSON-looking text opens more than `limit` arrays and objects inside
 * each other, by a scan that skips strings: linear, and no recursion.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  // Nesting deeper than the limit takes more openings than the limit: counted
  // with the native search, the usual secret is settled without a scan in the
  // interpreter (about 20 us a secret).
  if (openingsAtMost(text, limit)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function openingsAtMost(text: string, limit: number): boolean {
  let count = 0;
  for (const opening of ["{", "["]) {
    for (let at = text.indexOf(opening); at !== -1; at = text.indexOf(opening, at + 1)) if (++count > limit) return false;
  }
  return true;
}

function fail(subject: string, reason: string, hint: string): never {
  throw new EnvSecretsError({ subject, reason, hint });
}
