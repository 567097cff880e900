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

// dotenv's LINE pattern (its classic parser, the default of dotenv.parse in 16.x to 18.x):
// optional `export`, a key of [\w.-], `=` or `: `,
// then a single-, double- or backtick-quoted value (may span lines) or the rest of the line.
const LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

export interface DotenvText {
  /** Every variable, in order of first appearance; a repeated key keeps its last value, as in dotenv. */
  variables: Map<string, string>;
  /** The 1-based line each variable's value came from (its last assignment), so messages can point at a line without quoting it. */
  lines: Map<string, number>;
  /** 1-based number of the first line that is neither a variable, blank, nor a `#` comment. */
  invalidLine?: number;
}

export function parseDotenv(text: string): DotenvText {
  const source = text.replace(/\r\n?/g, "\n");
  const variables = new Map<string, string>();
  const lines = new Map<string, number>();
  const lineOf = lineCounter(source);
  let invalidLine: number | undefined;
  let covered = 0;
  for (const match of lineMatches(source)) {
    invalidLine ??= firstInvalidLine(source, covered, match.index);
    covered = match.index + match[0].length;
    // dotenv fills a plain object, where assigning to __proto__ does nothing; a Map keeps it as the variable it is.
    variables.set(match[1]!, unquote(match[2] ?? ""));
    lines.set(match[1]!, lineOf(match.index));
  }
  invalidLine ??= firstInvalidLine(source, covered, source.length);
  return invalidLine === undefined ? { variables, lines } : { variables, lines, invalidLine };
}

/** Line numbers of increasing indexes, counting each newline once over the whole text. */
function lineCounter(source: string): (index: number) => number {
  let line = 1;
  let counted = 0;
  return (index) => {
    for (let i = source.indexOf("\n", counted); i !== -1 && i < index; i = source.indexOf("\n", i + 1)) line++;
    counted = Math.max(counted, index);
    return line;
  };
}

/**
 * The matches `LINE.exec` would find, in order, without its quadratic cost on
 * runs of blank lines (64 KiB of newlines takes dotenv seconds): `^\s*` makes
 * an attempt from any line start inside a whitespace run equal to one from the
 * line start just before the next non-space character, so only that one is tried.
 */
function* lineMatches(source: string): Generator<RegExpExecArray> {
  const line = new RegExp(LINE.source, "my");
  const nonSpace = /\S/g;
  let position = 0;
  while (position < source.length) {
    nonSpace.lastIndex = position;
    const next = nonSpace.exec(source);
    if (next === null) return;
    let lineStart = next.index;
    while (lineStart > position && !LINE_BREAKS.has(source[lineStart - 1]!)) lineStart--;
    if (lineStart === 0 || LINE_BREAKS.has(source[lineStart - 1]!)) {
      line.lastIndex = lineStart;
      const match = line.exec(source);
      if (match !== null) {
        yield match;
        position = line.lastIndex;
        continue;
      }
    }
    // No variable starts on this line: go on with the next one.
    position = nextLineBreak(source, next.index) + 1;
  }
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
  while (lineStart <= to) {
    const lineEnd = Math.min(nextLineBreak(source, lineStart), to);
    const content = source.slice(lineStart, lineEnd).trimStart();
    if (content !== "" && !content.startsWith("#")) return lineNumber(source, lineStart);
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** Index of the first line break at or after `from`, or the text's length. */
function nextLineBreak(source: string, from: number): number {
  LINE_BREAK.lastIndex = from;
  return LINE_BREAK.exec(source)?.index ?? source.length;
}
const LINE_BREAK = /[\n\r\u2028\u2029]/g;

/** Where a JavaScript multiline `^` may match: after any of these. */
const LINE_BREAKS = new Set(["\n", "\r", "\u2028", "\u2029"]);

function lineNumber(source: string, index: number): number {
  let line = 1;
  for (let i = source.indexOf("\n"); i !== -1 && i < index; i = source.indexOf("\n", i + 1)) line++;
  return line;
}
