/** A path to a field of a config file: keys and list indexes, e.g. ["secrets", 0, "keys"]. */
export type FieldPath = Array<string | number>;

/** `secrets[0].keys` */
export function fieldName(path: FieldPath): string {
  return path.map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join("");
}

/**
 * The 1-based line of a field in block-style YAML (or pretty-printed JSON),
 * found by walking the text: Bun's YAML parser gives values, not positions.
 * Stops at the deepest segment it can place (e.g. the key of a flow list),
 * and returns undefined if it cannot place even the first.
 */
export function lineOfField(text: string, path: FieldPath): number | undefined {
  const lines = text.split(/\r\n|\n|\r/);
  let from = 0;
  let found: number | undefined;
  for (const segment of path) {
    if (typeof segment === "string") {
      const key = new RegExp(`^\\s*(?:-\\s+)?(["']?)${escapeRegExp(segment)}\\1\\s*:(?:\\s|$)`);
      const index = findFrom(lines, from, (line) => key.test(line));
      if (index === undefined) break;
      found = index;
      from = index + 1;
    } else {
      // A flow list (`keys: [A, B]`) or scalar on the key's own line: that line is the answer.
      if (found !== undefined && !/:\s*(#.*)?$/.test(lines[found]!)) break;
      const first = findFrom(lines, from, (line) => /^\s*-(\s|$)/.test(line));
      if (first === undefined) break;
      const indent = lines[first]!.search(/\S/);
      let seen = -1;
      let item: number | undefined;
      for (let i = first; i < lines.length; i++) {
        const line = lines[i]!;
        if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
        const lineIndent = line.search(/\S/);
        if (lineIndent < indent) break;
        if (lineIndent === indent && /^\s*-(\s|$)/.test(line) && ++seen === segment) {
          item = i;
          break;
        }
      }
      if (item === undefined) break;
      found = item;
      from = item;
    }
  }
  return found === undefined ? undefined : found + 1;
}

function findFrom(lines: string[], from: number, test: (line: string) => boolean): number | undefined {
  for (let i = from; i < lines.length; i++) if (test(lines[i]!)) return i;
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/**
 * The line of a YAML syntax error. Bun's parser does not say where it failed,
 * so find the longest run of leading lines that still parses: the error is on
 * the line after it.
 */
export function lineOfSyntaxError(text: string, parses: (text: string) => boolean): number | undefined {
  const lines = text.split("\n");
  let good = 0;
  for (let n = 1; n <= lines.length; n++) if (parses(lines.slice(0, n).join("\n"))) good = n;
  return good < lines.length ? good + 1 : undefined;
}
