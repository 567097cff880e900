import { writeAllSync } from "../io/write-sync.ts";
import { MIN_MASKED_LENGTH } from "../log/redact.ts";
import { STDOUT } from "./stdout.ts";

/**
 * `::add-mask::` workflow commands that make the GitHub Actions runner mask
 * values in the job log. The runner masks per line, so a multiline value is
 * registered line by line; lines shorter than MIN_MASKED_LENGTH are skipped
 * (masking them would garble the log and protect nothing).
 */
export function addMaskCommands(values: Iterable<string>): string {
  const lines = new Set<string>();
  for (const value of values) {
    for (const line of value.split(/\r\n|\n|\r/)) if (line.length >= MIN_MASKED_LENGTH) lines.add(line);
  }
  return [...lines].map((line) => `::add-mask::${escapeCommandData(line)}\n`).join("");
}

/** The runner's escaping of workflow command data. */
export function escapeCommandData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/**
 * Prints the add-mask commands for `values` on stdout (or `fd`), all of them
 * before returning: the program starts right after, and a value whose command
 * had not gone out could reach the job log unmasked.
 */
export function printAddMaskCommands(values: Iterable<string>, fd = STDOUT): void {
  writeAllSync(fd, addMaskCommands(values));
}
