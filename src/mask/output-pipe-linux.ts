import { dlopen, FFIType, ptr, read as readPointer } from "bun:ffi";
import { libcBinding } from "../io/libc-names.ts";
import type { ChunkSource } from "./pipe.ts";

/**
 * A pipe for one of the program's output streams under --mask-output, read
 * without Bun's per-read buffers (docs/benchmarks.md, "Output masking").
 *
 * Bun.spawn's "pipe" is a socket read into a fresh buffer of up to 256 KiB for
 * every read, and those buffers are what the peak RSS of a loud program is
 * made of. Here the program writes into a real pipe (enlarged to 1 MiB) and
 * env-secrets reads it into one buffer it reuses. The read end is
 * non-blocking; once it is empty, it is set to raise SIGURG when data or the
 * end of the stream arrives (O_ASYNC, F_SETSIG): the event loop wakes the
 * reader, so no thread of Bun's pool waits on it (a blocking read there holds
 * one of only as many threads as cores, and with stdout and stderr both
 * waiting on a 2-core machine no file operation of env-secrets ran). SIGURG
 * is ignored by default, so a late one can never end env-secrets, and nothing
 * else here uses it.
 *
 * The signal is on only while the reader waits: the kernel raises it for
 * every write to the pipe, and a program writing 50 MiB in 4 KiB writes
 * raised 12,000 of them, each interrupting one of env-secrets' threads;
 * now about 400. The pipe holds 1 MiB, but a read takes at most READ_SIZE
 * of it (docs/benchmarks.md, "--mask-output and memory").
 *
 * Linux only; null elsewhere or when any step fails, and the caller then uses
 * Bun's pipe.
 */
export interface OutputPipe {
  /** The program's end: give it to the spawn, then `closeWriteEnd`. */
  readonly writeFd: number;
  closeWriteEnd(): void;
  /** env-secrets' end. A piece it returns is valid until the next read. */
  readonly source: ChunkSource;
}

const O_NONBLOCK = 0o4000;
const O_ASYNC = 0o20000;
const O_CLOEXEC = 0o2000000;
const F_GETFL = 3;
const F_SETFL = 4;
const F_SETOWN = 8;
const F_SETSIG = 10;
const F_SETPIPE_SZ = 1031;
const SIGURG = 23;
const EINTR = 4;
const EAGAIN = 11;
const PIPE_SIZE = 1 << 20;
/**
 * The buffer each pipe is read into. Its allocation counts towards the
 * JavaScript heap's next collection like any other: with two buffers of
 * 1 MiB, a program writing 50 MiB saw a collection start during the masking
 * in 5 of 10 runs (the collector's code and threads then count in the peak
 * RSS), with 256 KiB in none of 10.
 */
const READ_SIZE = 256 << 10;

const symbols = {
  pipe2: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  fcntl: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  read: { args: [FFIType.i32, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
  close: { args: [FFIType.i32], returns: FFIType.i32 },
  __errno_location: { args: [], returns: FFIType.ptr },
} as const;

type Calls = ReturnType<typeof dlopen<typeof symbols>>["symbols"];
const calls: () => Calls | null = libcBinding((name) => dlopen(name, symbols).symbols, (platform) => platform === "linux");

/** Readers waiting for SIGURG; one listener serves them all. */
const waiting = new Set<() => void>();
let listening = false;
/**
 * A signal listener does not keep the event loop alive: without this, a run
 * whose only pending work is a reader waiting for the program's last output
 * would end (with status 0) before reading it.
 */
let keepAlive: ReturnType<typeof setInterval> | undefined;

function wait(wake: () => void): void {
  waiting.add(wake);
  // One timer, held only while a reader waits: a reader can wait once per piece of output.
  keepAlive ??= setInterval(() => {}, 1 << 30);
  keepAlive.ref();
}

function stopWaiting(wake: () => void): void {
  waiting.delete(wake);
  if (waiting.size === 0) keepAlive?.unref();
}

function wakeAll(): void {
  for (const wake of [...waiting]) {
    stopWaiting(wake);
    wake();
  }
}

export function openOutputPipe(): OutputPipe | null {
  const c = calls();
  if (c === null) return null;
  const fds = new Int32Array(2);
  // Close-on-exec: the program gets the write end through the spawn's dup2, and no other program gets either.
  if (c.pipe2(ptr(fds), O_CLOEXEC) !== 0) return null;
  const [readFd, writeFd] = [fds[0]!, fds[1]!];
  // Only the read end is non-blocking: the mode belongs to the open file, and the program's end must block as any pipe would.
  const flags = c.fcntl(readFd, F_GETFL, 0);
  if (flags < 0 || c.fcntl(readFd, F_SETOWN, process.pid) !== 0 || c.fcntl(readFd, F_SETSIG, SIGURG) !== 0 || c.fcntl(readFd, F_SETFL, flags | O_NONBLOCK) !== 0) {
    c.close(readFd);
    c.close(writeFd);
    return null;
  }
  // A larger pipe means fewer, larger reads; the default (64 KiB) where the system allows no more.
  c.fcntl(readFd, F_SETPIPE_SZ, PIPE_SIZE);
  if (!listening) {
    process.on("SIGURG", wakeAll);
    listening = true;
  }
  let writeOpen = true;
  return {
    writeFd,
    closeWriteEnd() {
      if (writeOpen) c.close(writeFd);
      writeOpen = false;
    },
    source: reader(c, readFd, flags | O_NONBLOCK),
  };
}

function reader(c: Calls, fd: number, flags: number): ChunkSource {
  const buffer = new Uint8Array(READ_SIZE);
  const address = ptr(buffer);
  let open = true;
  let wake: (() => void) | undefined;
  /** Whether the pipe raises SIGURG: only from when it was found empty until data is read again. */
  let signalling = false;
  const signal = (on: boolean) => {
    signalling = on;
    return c.fcntl(fd, F_SETFL, on ? flags | O_ASYNC : flags) === 0;
  };
  const close = () => {
    if (open) c.close(fd);
    open = false;
  };
  const errno = () => readPointer.i32(c.__errno_location() as never, 0);
  return {
    async read() {
      while (open) {
        const n = Number(c.read(fd, address, buffer.length));
        if (n > 0) {
          if (signalling && !signal(false)) break;
          return buffer.subarray(0, n);
        }
        if (n === 0) break;
        const code = errno();
        if (code === EINTR) continue;
        if (code !== EAGAIN) break;
        if (!signalling) {
          // What arrived before the signal was on raised none: read once more before waiting.
          if (!signal(true)) break;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          wait(resolve);
        });
        wake = undefined;
      }
      close();
      return null;
    },
    cancel() {
      close();
      if (wake) {
        stopWaiting(wake);
        wake();
      }
    },
  };
}
