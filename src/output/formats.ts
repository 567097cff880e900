import { allOrFailures } from "../errors.ts";
import type { Variables } from "../secrets/payload.ts";
import { dockerLine } from "./docker.ts";
import { dotenvLine } from "./dotenv.ts";
import { githubBlock } from "./github.ts";
import { refusal } from "./refusal.ts";
import { shellLine } from "./shell.ts";

/**
 * Every format and how it writes one variable (json writes them all at once).
 * The list of formats anywhere else (the option's choices, its help, its
 * errors) is derived from this table.
 */
const LINE_WRITERS = {
  shell: shellLine,
  dotenv: dotenvLine,
  json: undefined,
  docker: dockerLine,
  github: githubBlock,
} as const satisfies Record<string, ((name: string, value: string) => string) | undefined>;

export type Format = keyof typeof LINE_WRITERS;
export const FORMATS = Object.keys(LINE_WRITERS) as Format[];

export function isFormat(text: string): text is Format {
  return (FORMATS as readonly string[]).includes(text);
}

/**
 * The text of every variable in one format. A value the format cannot carry
 * exactly is refused, naming the variable (never the value): every refusal of
 * the run at once, one line each, and nothing is written.
 */
export function formatVariables(format: Format, variables: Variables): string {
  if (format === "json") return `${JSON.stringify(Object.fromEntries(variables), null, 2)}\n`;
  const lines = allOrFailures(variables, ([name, value]) => {
    checkWellFormed(name, value);
    return lineFor(format, name, value);
  });
  return lines.join("");
}

function lineFor(format: Exclude<Format, "json">, name: string, value: string): string {
  return LINE_WRITERS[format](name, value);
}

/** A lone surrogate (possible through a `\ud800` escape in a JSON secret) has no UTF-8 form. */
function checkWellFormed(name: string, value: string): void {
  if (!value.isWellFormed()) {
    throw refusal(name, "the value is not valid Unicode (it holds a lone surrogate)", "text formats are written as UTF-8; use --format json");
  }
}
