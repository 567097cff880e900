import { startCalls } from "../io/start-calls-posix.ts";

/**
 * argv[0] under which env-secrets starts itself as a go-between that closes
 * descriptors and then execs the program (src/run/exec-closing.ts). Not a
 * command anyone types: it is never parsed as options.
 */
export const CLOSING_ARGV0 = "env-secrets (closing descriptors)";

/**
 * Which of `fds` (0, 1, 2) were closed when env-secrets was started. Bun
 * opens /dev/null in their place, close-on-exec, before any of our code runs;
 * a descriptor inherited through execve can never be close-on-exec, so that
 * flag tells them apart from a /dev/null the caller gave. Linux only (fcntl
 * F_GETFD); elsewhere, or without libc, none are reported.
 */
export function closedAtStart(fds: readonly number[]): number[] {
  const closeOnExec = process.platform === "linux" ? startCalls()?.closeOnExec : undefined;
  if (closeOnExec === undefined) return [];
  return fds.filter((fd) => closeOnExec(fd) === true);
}

/**
 * How to start `command` so that it finds `closed` closed, as a direct start
 * would leave them: Bun.spawn always hands a child something for 0, 1 and 2
 * (/dev/null for a closed one), so the compiled env-secrets binary starts
 * itself as a go-between that closes them and execs the program (same PID).
 * Undefined when nothing is closed, or when not running as the compiled
 * binary (there is no go-between to start).
 */
export function closingSpawn(closed: number[], command: string[]): { cmd: string[]; argv0: string } | undefined {
  if (closed.length === 0 || !process.argv[1]?.startsWith("/$bunfs/")) return undefined;
  return { cmd: [process.execPath, closed.join(","), ...command], argv0: CLOSING_ARGV0 };
}
