/**
 * The spellings a secret value takes when it is embedded in other text, each
 * of which the redactor masks. Every encoding here is applied to the value
 * alone (no combinations of two encodings, except JSON escaped twice), so a
 * value has at most about twenty forms, most of them equal for ordinary
 * values and kept once:
 *
 * - the raw value, and for a multiline value each line, each line trimmed,
 *   and the value with its line breaks joined by one space (as a message is
 *   put on one line);
 * - JSON string escaping, and JSON escaping applied twice (JSON inside a
 *   JSON string);
 * - JSON with every non-ASCII character as `\uXXXX` (Python's json.dumps),
 *   in lower- and upper-case hex, and with `<`, `>`, `&` as `\u003c`...
 *   (Go's encoding/json);
 * - percent-encoding as encodeURIComponent writes it, with lower-case hex,
 *   with `/` left alone, as encodeURI writes it, as a form (`+` for a space),
 *   and strictly (`!'()*` encoded too, Python's quote) with and without `/`;
 * - base64 of the value's UTF-8 bytes, standard and URL-safe, with and
 *   without padding.
 */

/** Shorter values would turn ordinary words of a log line into `****`. */
export const MIN_MASKED_LENGTH = 4;

export function formsOf(value: string): string[] {
  if (value.length < MIN_MASKED_LENGTH) return [];
  const forms = new Set<string>([value, ...encodedForms(value)]);
  const lines = value.split(/\r\n|\r|\n/);
  if (lines.length > 1) {
    for (const line of lines) {
      forms.add(line);
      forms.add(line.trim());
      forms.add(jsonEscaped(line));
    }
    forms.add(value.replace(/\s*\n\s*/g, " ").trim());
  }
  // A line of blanks is no secret, and masking it would eat the indentation of every stack trace.
  return [...forms].filter((form) => form.length >= MIN_MASKED_LENGTH && form.trim() !== "");
}

function encodedForms(value: string): string[] {
  const json = jsonEscaped(value);
  const ascii = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return [
    json,
    jsonEscaped(json),
    ascii,
    upperHexEscapes(ascii),
    json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    ...percentForms(value),
    ...base64Forms(value),
  ];
}

/** The value as it appears between the quotes of a JSON string. */
function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** `\u001b` → `\u001B`, taking escapes pair by pair so `\\u0041` (a backslash, then text) stays. */
function upperHexEscapes(json: string): string {
  return json.replace(/\\(u[0-9a-f]{4}|.)/g, (pair, body: string) => (body.length === 5 ? `\\u${body.slice(1).toUpperCase()}` : pair));
}

function percentForms(value: string): string[] {
  // encodeURI* throw on a lone surrogate; a URL carries one as U+FFFD (as the URL
  // parser writes it), so that is the form to mask. Registering runs the moment a
  // value arrives, before shaping refuses such a value: it must not throw.
  const wellFormed = value.toWellFormed();
  const component = encodeURIComponent(wellFormed);
  const uri = encodeURI(wellFormed);
  const strict = component.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return [
    component,
    component.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    component.replaceAll("%2F", "/"),
    uri,
    new URLSearchParams({ v: wellFormed }).toString().slice(2),
    strict,
    strict.replaceAll("%2F", "/"),
  ];
}

function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const standard = bytes.toString("base64");
  const url = bytes.toString("base64url");
  return [standard, standard.replace(/=+$/, ""), url, url.padEnd(standard.length, "=")];
}
