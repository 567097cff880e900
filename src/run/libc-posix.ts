import { dlopen, FFIType, read } from "bun:ffi";
import { libcBinding } from "../io/libc-names.ts";

/**
 * The few libc calls that Bun has no API for: execve, signal dispositions and
 * masks, process groups, waitpid for orphans, and switching off core dumps.
 * Loaded on first use only (POSIX only), so a run that never needs them pays
 * nothing. `null` where no libc can be opened: callers then fall back to
 * what Bun offers (for example exit 128+S instead of dying by the signal).
 */
const symbols = {
  execve: { args: [FFIType.cstring, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  signal: { args: [FFIType.i32, FFIType.ptr], returns: FFIType.ptr },
  sigaction: { args: [FFIType.i32, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  pthread_sigmask: { args: [FFIType.i32, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  kill: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  getpid: { args: [], returns: FFIType.i32 },
  getpgrp: { args: [], returns: FFIType.i32 },
  getpgid: { args: [FFIType.i32], returns: FFIType.i32 },
  tcgetpgrp: { args: [FFIType.i32], returns: FFIType.i32 },
  waitpid: { args: [FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  setrlimit: { args: [FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
} as const;

const linuxOnly = {
  prctl: { args: [FFIType.i32, FFIType.u64, FFIType.u64, FFIType.u64, FFIType.u64], returns: FFIType.i32 },
  __errno_location: { args: [], returns: FFIType.ptr },
} as const;

const darwinOnly = {
  __error: { args: [], returns: FFIType.ptr },
} as const;

export interface Libc {
  execve(file: string, argv: NodeJS.TypedArray, envp: NodeJS.TypedArray): number;
  /** Sets the disposition of `signal` to SIG_DFL. */
  setDefaultDisposition(signal: number): void;
  /** Whether `signal` is currently ignored (SIG_IGN), which a new program would inherit. */
  isIgnored(signal: number): boolean;
  /** Empties the calling thread's signal mask. */
  unblockAllSignals(): void;
  kill(pid: number, signal: number): number;
  getpid(): number;
  getpgrp(): number;
  getpgid(pid: number): number;
  tcgetpgrp(fd: number): number;
  /** waitpid(pid, WNOHANG): the pid if it was reaped, 0 if still running, -1 on error. */
  reapIfExited(pid: number): number;
  /** No core file from here on: a dump of this process would write secrets to disk. */
  disableCoreDumps(): void;
  errno(): number;
}

export const libc: () => Libc | null = libcBinding(bind, (platform) => platform !== "win32");

/** SIG_SETMASK differs: 2 on Linux, 3 on macOS and the BSDs. */
const SIG_SETMASK = process.platform === "linux" ? 2 : 3;
const WNOHANG = 1;
const RLIMIT_CORE = 4;
const PR_SET_DUMPABLE = 4;

function bind(name: string): Libc {
  const { symbols: c } = dlopen(name, symbols);
  const extra = process.platform === "linux" ? dlopen(name, linuxOnly).symbols : null;
  const darwin = process.platform === "darwin" ? dlopen(name, darwinOnly).symbols : null;
  // Big enough for any sigset_t (glibc: 128 bytes); all zero = no signal.
  const emptySet = new Uint8Array(128);
  const status = new Int32Array(1);
  const zeroLimit = new BigUint64Array(2);
  return {
    execve: (file, argv, envp) => c.execve(Buffer.from(`${file}\0`), argv, envp),
    setDefaultDisposition: (signal) => {
      c.signal(signal, null);
    },
    isIgnored: (signal) => {
      // struct sigaction starts with the handler on Linux and macOS; SIG_IGN is 1.
      const action = new BigUint64Array(32);
      return c.sigaction(signal, null, action) === 0 && action[0] === 1n;
    },
    unblockAllSignals: () => {
      c.pthread_sigmask(SIG_SETMASK, emptySet, null);
    },
    kill: (pid, signal) => c.kill(pid, signal),
    getpid: () => c.getpid(),
    getpgrp: () => c.getpgrp(),
    getpgid: (pid) => c.getpgid(pid),
    tcgetpgrp: (fd) => c.tcgetpgrp(fd),
    reapIfExited: (pid) => c.waitpid(pid, status, WNOHANG),
    disableCoreDumps: () => {
      c.setrlimit(RLIMIT_CORE, zeroLimit);
      extra?.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    },
    errno: () => {
      const location = extra ? extra.__errno_location() : darwin ? darwin.__error() : null;
      return location === null ? 0 : read.i32(location as never, 0);
    },
  };
}
