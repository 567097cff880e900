import { startCalls } from "../io/start-calls-posix.ts";

/**
 * Makes env-secrets not dumpable (Linux, prctl PR_SET_DUMPABLE 0): whatever
 * signal ends it and whatever `ulimit -c` says, no core file holds the
 * credentials and values it has in memory; other processes of the same user
 * can no longer attach with ptrace or read its /proc/<pid>/mem and environ.
 * The core limit itself is untouched, and execve makes a process dumpable
 * again, so the program starts exactly as it would have without env-secrets.
 * Through the small binding of start-calls-posix.ts, not the rest of libc-posix.ts
 * (about 1 ms to bind). False if libc or prctl failed.
 */
export function makeNotDumpable(): boolean {
  return startCalls()?.makeNotDumpable?.() ?? false;
}
