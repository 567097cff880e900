import { refusal } from "./refusal.ts";

/**
 * `NAME=value` lines that the npm `dotenv` package (`dotenv.parse`, its
 * default parser and its opt-in fast one) reads back as exactly `value`, or a
 * refusal naming the variable. What the parsers do, and so what each quoting
 * can carry:
 * - Every CR and CRLF of the file becomes LF before parsing: a raw carriage
 *   return never survives. Only `\r` inside double quotes gives one back.
 * - Double-quoted text turns `\n` into LF and `\r` into CR, and has no other
 *   escape: a value holding those two-character sequences cannot be
 *   double-quoted.
 * - A quoted value runs to the last quote of its kind that ends a line,
 *   without crossing a quote of that kind not preceded by a backslash (`\'`
 *   stays `\'`). So a value may hold its quote character only as `\'`, and a
 *   value ending in a backslash could run on into the next lines: such a line
 *   is followed by a comment holding all three quote characters, which stops
 *   that search.
 * - A line whose quoted form does not parse is read unquoted up to `#`,
 *   trimmed, and then stripped of matching outer quotes (and unescaped when
 *   they are double quotes). That carries a value holding its own quote
 *   character, as long as it is one line with no `#`.
 * - The fast parser also ends a line at U+2028 and U+2029.
 * A value that none of these carries exactly is refused: one that (1) has a
 * CR, or both an unescaped ' and `; and (2) has an unescaped " or a `\n`/`\r`
 * pair of characters; and (3) has a # or U+2028/U+2029, or such a pair
 * together with a line break. (Plain unquoted text adds nothing: whatever it
 * could carry, the one-line quoted forms carry too.)
 */
export function dotenvLine(name: string, value: string): string {
  const encoded = encodeDotenvValue(value);
  if (encoded === undefined) {
    throw refusal(
      name,
      `the npm dotenv parser cannot read this value back exactly (it has ${dotenvObstacles(value).join(", ")})`,
      "use --format shell or json",
    );
  }
  return `${name}=${encoded}\n`;
}

/** Stops a quoted value that ends in a backslash from running on into later lines. */
export const DOTENV_GUARD = "#'\"`.";

export function encodeDotenvValue(value: string): string | undefined {
  const guard = value.endsWith("\\") ? `\n${DOTENV_GUARD}` : "";
  if (!value.includes("\r") && quotesEscaped(value, "'")) return `'${value}'${guard}`;
  if (!ESCAPE_SEQUENCE.test(value) && quotesEscaped(value, '"')) return `"${value.replaceAll("\r", "\\r")}"${guard}`;
  if (!value.includes("\r") && quotesEscaped(value, "`")) return `\`${value}\`${guard}`;
  // One line read unquoted, then stripped of its outer quotes.
  if (!value.includes("#") && !SEPARATOR.test(value)) {
    if (!ESCAPE_SEQUENCE.test(value)) return `"${value.replaceAll("\n", "\\n").replaceAll("\r", "\\r")}"`;
    if (!/[\r\n]/.test(value)) return `'${value}'`;
  }
  return undefined;
}

/** Every `quote` in the value is preceded by a backslash. */
function quotesEscaped(value: string, quote: string): boolean {
  for (let i = value.indexOf(quote); i !== -1; i = value.indexOf(quote, i + 1)) {
    if (value[i - 1] !== "\\") return false;
  }
  return true;
}

const ESCAPE_SEQUENCE = /\\[nr]/;
// The fast parser (`parse(text, { fast: true })`) also ends lines at U+2028 and U+2029.
const SEPARATOR = /[\u2028\u2029]/;

function dotenvObstacles(value: string): string[] {
  const found: string[] = [];
  if (["'", '"', "`"].every((quote) => value.includes(quote))) found.push("all three quote characters");
  if (value.includes("\r")) found.push("a carriage return");
  if (ESCAPE_SEQUENCE.test(value)) found.push("a backslash before n or r");
  if (value.includes("#")) found.push("a #");
  if (/[\n\u2028\u2029]/.test(value)) found.push("a line break");
  return found;
}
