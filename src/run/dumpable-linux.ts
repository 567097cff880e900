import { dlopen, FFIType } from "bun:ffi";
import { libcCandidates } from "./libc-posix.ts";

const PR_SET_DUMPABLE = 4;

/**
 * Makes env-secrets not dumpable (Linux, prctl PR_SET_DUMPABLE 0): whatever
 * signal ends it and whatever `ulimit -c` says, no core file holds the
 * credentials and values it has in memory; other processes of the same user
 * can no longer attach with ptrace or read its /proc/<pid>/mem and environ.
 * The core limit itself is untouched, and execve makes a process dumpable
 * again, so the program starts exactly as it would have without env-secrets.
 * Binds prctl alone, not the rest of libc-posix.ts: about 0.3 ms instead of 1 ms.
 * False if libc or prctl failed.
 */
export function makeNotDumpable(): boolean {
  for (const name of libcCandidates()) {
    let library: { symbols: { prctl: (...args: number[]) => number }; close(): void };
    try {
      library = dlopen(name, { prctl: { args: [FFIType.i32, FFIType.u64, FFIType.u64, FFIType.u64, FFIType.u64], returns: FFIType.i32 } });
    } catch {
      continue;
    }
    try {
      return library.symbols.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) === 0;
    } finally {
      library.close();
    }
  }
  return false;
}
