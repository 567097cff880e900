import type * as Ffi from "bun:ffi";
import { libcBinding } from "./libc-names.ts";

/**
 * The few system calls every run makes on its way to the program, in one
 * small libc binding. node:fs would answer them too, but loading it costs a
 * compiled Bun program about 2.5 ms of CPU at startup; binding these three
 * costs about 0.3 ms (docs/benchmarks.md). Null on Windows or when libc
 * cannot be opened: callers then ask node:fs (src/io/lazy-node.ts).
 */
export interface StartCalls {
  /** access(path, F_OK): false when the path does not resolve (stat would fail too). */
  resolves(path: string): boolean;
  /** Linux: whether `fd` is close-on-exec (fcntl F_GETFD); undefined when it is not open. */
  closeOnExec?(fd: number): boolean | undefined;
  /** Linux: prctl(PR_SET_DUMPABLE, 0); false when it failed. */
  makeNotDumpable?(): boolean;
}

// Loaded when first needed: bun:ffi costs about 0.4 ms, which --version and --help need not pay.
const ffi = () => require("bun:ffi") as typeof Ffi;

const F_OK = 0;
const F_GETFD = 1;
const FD_CLOEXEC = 1;
const PR_SET_DUMPABLE = 4;

export const startCalls: () => StartCalls | null = libcBinding(bind, (platform) => platform !== "win32");

function bind(name: string): StartCalls {
  const { dlopen, FFIType } = ffi();
  const common = {
    access: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  } as const;
  const linuxOnly = {
    // fcntl is variadic; an int third argument travels as a fixed one on the
    // x86-64 and arm64 Linux ABIs.
    fcntl: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    prctl: { args: [FFIType.i32, FFIType.u64, FFIType.u64, FFIType.u64, FFIType.u64], returns: FFIType.i32 },
  } as const;
  const c = dlopen(name, process.platform === "linux" ? { ...common, ...linuxOnly } : common).symbols as ReturnType<typeof dlopen<typeof common & typeof linuxOnly>>["symbols"];
  const resolves = (path: string) => !path.includes("\0") && c.access(Buffer.from(`${path}\0`), F_OK) === 0;
  if (process.platform !== "linux") return { resolves };
  return {
    resolves,
    closeOnExec: (fd) => {
      const flags = c.fcntl(fd, F_GETFD, 0);
      return flags === -1 ? undefined : (flags & FD_CLOEXEC) !== 0;
    },
    makeNotDumpable: () => c.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) === 0,
  };
}
