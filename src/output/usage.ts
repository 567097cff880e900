import { isatty } from "../io/lazy-node.ts";
import { writeAllSync } from "../io/write-sync.ts";
import { STDOUT } from "./stdout.ts";

/**
 * Writes help text: on stdout when asked for, on stderr when it explains a
 * command line that did nothing. Its headings are bold on a terminal; off a
 * terminal, or with NO_COLOR, it is plain text.
 */
export function writeUsage(to: "stdout" | "stderr", text: string, env: Record<string, string | undefined>): void {
  const fd = to === "stdout" ? STDOUT : 2;
  const plain = !isatty(fd) || Boolean(env.NO_COLOR);
  writeAllSync(fd, `${plain ? Bun.stripANSI(text) : text}\n`);
}

/** The width to wrap help to: the terminal's, or 80 columns when it goes to a file or a pipe. */
export function usageWidth(to: "stdout" | "stderr"): number {
  const fd = to === "stdout" ? STDOUT : 2;
  if (!isatty(fd)) return 80;
  return (to === "stdout" ? process.stdout : process.stderr).columns || 80;
}
