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
 * so find where the leading lines stop parsing: with everything before it
 * valid, a prefix that ends between two nodes parses, and one that takes in
 * the error does not. A binary search over those prefixes costs about
 * log2(lines) parses (16,000 lines: 15), where trying every prefix costs as
 * many parses as there are lines, each as long as the file.
 *
 * Only prefixes that end outside a flow collection or quoted scalar spanning
 * lines (`keys: [A,` / `B]`) are tried: cut inside one, a valid file's prefix
 * does not parse, which would mislead the search. The error is reported on the
 * first line after the last prefix that parses, skipping blank and comment lines.
 */
export function lineOfSyntaxError(text: string, parses: (text: string) => boolean): number | undefined {
  if (parses(text)) return undefined;
  const lines = text.split("\n");
  // Prefix lengths (in lines) to try; 0 always parses, the whole text does not.
  const cuts = [0, ...lineEndsOutsideMultilineNodes(lines), lines.length];
  let good = 0;
  let bad = cuts.length - 1;
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    if (parses(lines.slice(0, cuts[middle]).join("\n"))) good = middle;
    else bad = middle;
  }
  let line = cuts[good]!;
  while (line < cuts[bad]! - 1 && /^\s*(#.*)?$/.test(lines[line]!)) line++;
  return line + 1;
}

/**
 * The numbers n (1 to lines.length - 1) such that the first n lines end
 * outside any flow collection (`[...]`, `{...}`) or quoted scalar, and not in
 * the middle of a block scalar's header. A light scan, not a parser: it only
 * has to tell where a node may span lines.
 */
function lineEndsOutsideMultilineNodes(lines: string[]): number[] {
  const cuts: number[] = [];
  const scan = new MultilineScan();
  for (let i = 0; i < lines.length - 1; i++) {
    scan.line(lines[i]!);
    if (scan.closed()) cuts.push(i + 1);
  }
  return cuts;
}

/** Tracks open flow collections and quoted scalars across lines, and skips block scalars' contents. */
class MultilineScan {
  private depth = 0;
  private quote: "'" | '"' | undefined;
  /** While inside a block scalar (`key: |`): the indentation of the line that opened it. */
  private blockIndent: number | undefined;

  closed(): boolean {
    return this.depth === 0 && this.quote === undefined;
  }

  line(line: string): void {
    const indent = line.search(/\S/);
    if (this.blockIndent !== undefined) {
      if (indent === -1 || indent > this.blockIndent) return;
      this.blockIndent = undefined;
    }
    let valueStart = true;
    for (let i = Math.max(indent, 0); i < line.length; i++) {
      const c = line[i]!;
      if (this.quote !== undefined) {
        if (c === "\\" && this.quote === '"') i++;
        else if (c === this.quote && this.quote === "'" && line[i + 1] === "'") i++;
        else if (c === this.quote) {
          this.quote = undefined;
          valueStart = false;
        }
        continue;
      }
      if (c === " " || c === "\t") continue;
      if (c === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "\t")) return;
      if (valueStart && (c === "'" || c === '"')) {
        this.quote = c;
      } else if (valueStart && (c === "&" || c === "!")) {
        // An anchor or tag: the value follows it.
        while (i + 1 < line.length && line[i + 1] !== " ") i++;
        continue;
      } else if (c === "[" || c === "{") {
        if (valueStart || this.depth > 0) this.depth++;
        valueStart = this.depth > 0;
        continue;
      } else if ((c === "]" || c === "}") && this.depth > 0) {
        this.depth--;
      } else if (c === "," && this.depth > 0) {
        valueStart = true;
        continue;
      } else if ((c === ":" || (valueStart && (c === "-" || c === "?"))) && /^[ \t]?$/.test(line[i + 1] ?? "")) {
        // `key: value`, `- item`, `? key`: a value starts after the indicator.
        valueStart = true;
        continue;
      } else if (valueStart && this.depth === 0 && (c === "|" || c === ">") && /^[|>][-+0-9]*[ \t]*(#.*)?$/.test(line.slice(i))) {
        this.blockIndent = Math.max(indent, 0);
        return;
      }
      valueStart = false;
    }
  }
}
