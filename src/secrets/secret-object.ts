import { isPlainObject, jsonValueToText, parseJsonExact } from "./payload.ts";

/**
 * A JSON-object secret as an ordered map from key to the exact JSON text of
 * its value. Editing one key (append, remove, upsert) rewrites only the
 * object's frame: every other value keeps its source text byte for byte
 * (`1.50` stays `1.50`, nested objects keep their layout), and keys keep their
 * order, integer-like keys included (a plain JavaScript object would move
 * those first).
 */
export type SecretObject = Map<string, string>;

/** The object a text holds, or undefined when the text is not a JSON object. */
export function parseSecretObject(text: string): SecretObject | undefined {
  const parsed = parseJsonExact(text);
  if (!isPlainObject(parsed)) return undefined;
  // Valid JSON from here on, so the scan below needs no error handling.
  const entries: SecretObject = new Map();
  let at = skipSpace(text, text.indexOf("{") + 1);
  while (text[at] !== "}") {
    const keyEnd = endOfString(text, at);
    const key = JSON.parse(text.slice(at, keyEnd)) as string;
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const valueEnd = endOfValue(text, valueStart);
    // A repeated key: JSON.parse keeps the first position and the last value, and so does a Map.
    entries.set(key, text.slice(valueStart, valueEnd));
    at = skipSpace(text, valueEnd);
    if (text[at] === ",") at = skipSpace(text, at + 1);
  }
  return entries;
}

/** Compact JSON text of the object, each value exactly as held. */
export function serializeSecretObject(object: SecretObject): string {
  return `{${[...object].map(([key, raw]) => `${JSON.stringify(key)}:${raw}`).join(",")}}`;
}

/** A string value as JSON text, for a key being set. */
export function jsonString(value: string): string {
  return JSON.stringify(value);
}

/** What a key's value is as text (a variable would get this): strings unquoted, numbers as written, objects as JSON. */
export function textOf(raw: string): string {
  return jsonValueToText(parseJsonExact(raw));
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && " \t\n\r".includes(text[at]!)) at++;
  return at;
}

/** `at` is on an opening quote; returns the index after the closing one. */
function endOfString(text: string, at: number): number {
  let i = at + 1;
  while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i + 1;
}

function endOfValue(text: string, at: number): number {
  const first = text[at];
  if (first === '"') return endOfString(text, at);
  if (first === "{" || first === "[") {
    let depth = 0;
    let i = at;
    do {
      const c = text[i]!;
      if (c === '"') {
        i = endOfString(text, i);
        continue;
      }
      if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") depth--;
      i++;
    } while (depth > 0);
    return i;
  }
  let i = at;
  while (i < text.length && !",}] \t\n\r".includes(text[i]!)) i++;
  return i;
}

/**
 * Every text of a secret a log line could quote: the whole text and, for a
 * JSON object, each value as a variable would get it and as written (a
 * message may quote one value, not the whole object). What the redactor is
 * given the moment a value is read or written.
 */
export function secretTexts(text: string): string[] {
  const texts = [text];
  const object = parseSecretObject(text);
  if (object) {
    for (const raw of object.values()) {
      const value = textOf(raw);
      texts.push(value);
      if (raw !== value) texts.push(raw);
    }
  }
  return texts;
}
