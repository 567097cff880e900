import { combineErrors, EnvSecretsError } from "../errors.ts";
import type { Variables } from "../secrets/payload.ts";
import { dockerLine } from "./docker.ts";
import { dotenvLine } from "./dotenv.ts";
import { githubBlock } from "./github.ts";
import { refusal } from "./refusal.ts";
import { shellLine } from "./shell.ts";

export const FORMATS = ["shell", "dotenv", "json", "docker", "github"] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(text: string): text is Format {
  return (FORMATS as readonly string[]).includes(text);
}

/**
 * The text of every variable in one format. A value the format cannot carry
 * exactly is refused, naming the variable (never the value): every refusal of
 * the run at once, one line each, and nothing is written.
 */
export function formatVariables(format: Format, variables: Variables): string {
  const failures: EnvSecretsError[] = [];
  const parts: string[] = [];
  if (format === "json") return `${JSON.stringify(Object.fromEntries(variables), null, 2)}\n`;
  for (const [name, value] of variables) {
    try {
      checkWellFormed(name, value);
      parts.push(lineFor(format, name, value));
    } catch (error) {
      if (!(error instanceof EnvSecretsError)) throw error;
      failures.push(error);
    }
  }
  if (failures.length > 0) throw combineErrors(failures);
  return parts.join("");
}

function lineFor(format: Exclude<Format, "json">, name: string, value: string): string {
  switch (format) {
    case "shell":
      return shellLine(name, value);
    case "dotenv":
      return dotenvLine(name, value);
    case "docker":
      return dockerLine(name, value);
    case "github":
      return githubBlock(name, value);
  }
}

/** A lone surrogate (possible through a `\ud800` escape in a JSON secret) has no UTF-8 form. */
function checkWellFormed(name: string, value: string): void {
  if (!value.isWellFormed()) {
    throw refusal(name, "the value is not valid Unicode (it holds a lone surrogate)", "text formats are written as UTF-8; use --format json");
  }
}
