import { isatty } from "../io/lazy-node.ts";
import { writeAllSync } from "../io/write-sync.ts";
import { STDOUT } from "./stdout.ts";

/**
 * Writes help text: on stdout when asked for, on stderr when it explains a
 * command line that did nothing. citty colours it; colour stays for terminals
 * only, and NO_COLOR turns it off.
 */
export function writeUsage(to: "stdout" | "stderr", text: string, env: Record<string, string | undefined>): void {
  const fd = to === "stdout" ? STDOUT : 2;
  const plain = !isatty(fd) || Boolean(env.NO_COLOR);
  writeAllSync(fd, `${plain ? Bun.stripANSI(text) : text}\n`);
}
