import { parseDotenv } from "../secrets/dotenv.ts";

/**
 * An env file (`upsert -f .env`) read by the run path's dotenv reader, with
 * the line of every assignment and of every line that is not one, so the
 * report can say "line 7 repeats API_KEY" or "line 9 is not KEY=value".
 *
 * The values always come from reading the whole file at once, exactly as a
 * run would read the same text stored as a secret (a repeated key keeps its
 * last value, as in dotenv). Line numbers come from splitting the file into
 * one piece per assignment (a quoted value may span lines) and reading each
 * piece with the same reader.
 */
export interface Assignment {
  key: string;
  value: string;
  /** 1-based line where the assignment starts. */
  line: number;
}

export interface EnvFile {
  /** Every assignment in file order; a repeated key appears once per line it is set on. */
  assignments: Assignment[];
  /** The key's value as the whole file reads (the last assignment wins). */
  variables: Map<string, string>;
  /** 1-based lines that are neither an assignment, blank, nor a `#` comment. */
  malformed: number[];
}

export function readEnvFile(text: string): EnvFile {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const malformed: number[] = [];
  // The reader names the first line it cannot read; blank it and read again until none is left.
  for (let read = parseDotenv(lines.join("\n")); read.invalidLine !== undefined; read = parseDotenv(lines.join("\n"))) {
    malformed.push(read.invalidLine);
    lines[read.invalidLine - 1] = "";
  }
  const { variables } = parseDotenv(lines.join("\n"));
  const assignments: Assignment[] = [];
  for (let start = 0; start < lines.length; ) {
    const content = lines[start]!.trimStart();
    if (content === "" || content.startsWith("#")) {
      start++;
      continue;
    }
    const end = lastLineOf(lines, start);
    for (const [key, value] of parseDotenv(lines.slice(start, end + 1).join("\n")).variables) {
      assignments.push({ key, value, line: start + 1 });
    }
    start = end + 1;
  }
  return { assignments: consistentWith(variables, assignments, lines), variables, malformed: malformed.sort((a, b) => a - b) };
}

/** `KEY=` followed by an opening quote: the value may run on over the following lines. */
const QUOTED_START = /^\s*(?:export\s+)?[\w.-]+(?:\s*=\s*?|:\s+?)\s*(['"`])/;

/** The index of the last line of the assignment starting at `start`: where its quoted value closes. */
function lastLineOf(lines: string[], start: number): number {
  const opening = QUOTED_START.exec(lines[start]!);
  if (!opening) return start;
  const quote = opening[1]!;
  let from = opening[0].length;
  for (let i = start; i < lines.length; i++, from = 0) {
    const line = lines[i]!;
    for (let at = line.indexOf(quote, from); at !== -1; at = line.indexOf(quote, at + 1)) {
      if (line[at - 1] === "\\") continue;
      // The grammar closes the value only where nothing but a comment follows.
      return /^\s*(?:#.*)?$/.test(line.slice(at + 1)) ? i : start;
    }
  }
  return start;
}

/**
 * The assignments, each with the value the whole file gives its last
 * occurrence; a key the split missed is added at the first line that sets it.
 * (The reader's grammar has corners the split does not model; the values, which
 * are what gets stored, never depend on it.)
 */
function consistentWith(variables: Map<string, string>, assignments: Assignment[], lines: string[]): Assignment[] {
  const result = assignments.filter((a) => variables.has(a.key));
  for (const key of variables.keys()) {
    if (result.some((a) => a.key === key)) continue;
    const pattern = new RegExp(`^\\s*(?:export\\s+)?${key.replace(/[.-]/g, "\\$&")}(?:\\s*=|:\\s)`);
    const index = lines.findIndex((line) => pattern.test(line));
    result.push({ key, value: variables.get(key)!, line: index + 1 });
  }
  result.sort((a, b) => a.line - b.line);
  const lastOf = new Map(result.map((a, i) => [a.key, i]));
  return result.map((a, i) => (lastOf.get(a.key) === i ? { ...a, value: variables.get(a.key)! } : a));
}
