/**
 * Reads dotenv text (`KEY=value` lines) exactly as the npm `dotenv` package's
 * `parse` does (its default, regex-based parser), so secrets stored that way
 * by other tools keep working. The grammar below is dotenv's own, kept
 * verbatim; tests compare this module with the real package on random input.
 *
 * dotenv skips any line it cannot read. We also report the first such line,
 * because a secret that is mostly not `KEY=value` text (a token, a
 * certificate) must not be half-read as variables.
 */

// From dotenv's lib/main.js (LINE): optional `export`, a key of [\w.-], `=` or `: `,
// then a single-, double- or backtick-quoted value (may span lines) or the rest of the line.
const LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

export interface DotenvText {
  /** Every variable, in order of first appearance; a repeated key keeps its last value, as in dotenv. */
  variables: Map<string, string>;
  /** 1-based number of the first line that is neither a variable, blank, nor a `#` comment. */
  invalidLine?: number;
}

export function parseDotenv(text: string): DotenvText {
  const source = text.replace(/\r\n?/g, "\n");
  const variables = new Map<string, string>();
  let invalidLine: number | undefined;
  let covered = 0;
  const line = new RegExp(LINE.source, LINE.flags);
  for (let match = line.exec(source); match !== null; match = line.exec(source)) {
    invalidLine ??= firstInvalidLine(source, covered, match.index);
    covered = match.index + match[0].length;
    // dotenv fills a plain object, where assigning a string to __proto__ does nothing.
    if (match[1] !== "__proto__") variables.set(match[1]!, unquote(match[2] ?? ""));
  }
  invalidLine ??= firstInvalidLine(source, covered, source.length);
  return invalidLine === undefined ? { variables } : { variables, invalidLine };
}

/** dotenv's value rules: trim, strip one pair of matching quotes, expand \n and \r inside double quotes. */
function unquote(raw: string): string {
  let value = raw.trim();
  const quote = value[0];
  value = value.replace(/^(['"`])([\s\S]*)\1$/gm, "$2");
  if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
  return value;
}

/**
 * Text the grammar did not match lies between matches, which start at a line
 * start and end at a line end, so it consists of whole lines. Each must be blank
 * or a comment. Scanned line by line (a regex here could backtrack badly).
 */
function firstInvalidLine(source: string, from: number, to: number): number | undefined {
  let lineStart = from;
  for (let i = from; i <= to; i++) {
    if (i < to && !LINE_BREAKS.has(source[i]!)) continue;
    const content = source.slice(lineStart, i).trimStart();
    if (content !== "" && !content.startsWith("#")) return lineNumber(source, lineStart);
    lineStart = i + 1;
  }
  return undefined;
}

/** Where a JavaScript multiline `^` may match: after any of these. */
const LINE_BREAKS = new Set(["\n", "\r", "\u2028", "\u2029"]);

function lineNumber(source: string, index: number): number {
  let line = 1;
  for (let i = source.indexOf("\n"); i !== -1 && i < index; i = source.indexOf("\n", i + 1)) line++;
  return line;
}
