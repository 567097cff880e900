import { writeAllSync } from "../io/write-sync.ts";

/**
 * env-secrets' own stdout (fd 1): what a command prints as its result
 * (--version, help, --format, ::add-mask:: lines). Nothing outside src/output/
 * writes there (a lint rule holds it): stdout belongs to the program and to
 * data, never to log lines.
 */
export const STDOUT = 1;

export function writeStdout(text: string): void {
  writeAllSync(STDOUT, text);
}
