import { isatty, nodeFs } from "../io/lazy-node.ts";
import { StreamMasker } from "./masker.ts";
import type { PatternSet } from "../log/search/patterns.ts";

/** The longest a piece of output is held back waiting to see whether it starts a value. */
export const MAX_HOLD_MS = 1000;

export interface MaskPipeOptions {
  /** The value forms to mask (Redactor.registered()), or those forms compiled once for several pipes. */
  values: string[] | PatternSet;
  maxHoldMs?: number;
}

/**
 * Where a pipe's pieces come from: `read` resolves with the next piece, or
 * null at the end. A piece may be a view of a buffer the source reuses, valid
 * only until the next read: the masker copies what it holds back, and every
 * piece is written before the next read.
 */
export interface ChunkSource {
  read(): Promise<Uint8Array | null>;
  /** Stops reading; a pending read resolves with null. */
  cancel(): void;
}

/**
 * Copies a stream (a child's stdout or stderr pipe) to a file descriptor,
 * masking secret values on the way. Reading waits for each write to be taken,
 * so a slow reader of env-secrets' output slows the program down, as it would
 * without the pipe in between. Resolves at the end of the source (or when
 * `stop` is called) once everything has been written; never closes `fd`.
 */
export function maskPipe(source: ReadableStream<Uint8Array> | ChunkSource, fd: number, options: MaskPipeOptions) {
  const masker = new StreamMasker(options.values);
  const maxHoldMs = options.maxHoldMs ?? MAX_HOLD_MS;
  const reader = source instanceof ReadableStream ? streamSource(source) : source;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Writes happen one after another, in order, whether from reading or from the timer.
  let writing: Promise<unknown> = Promise.resolve();

  const writeAll = writerFor(fd);
  let broken = false;
  const write = (pieces: Uint8Array[]) => {
    if (pieces.length === 0 || broken) return writing;
    writing = writing.then(async () => {
      try {
        if (!broken) await writeAll(pieces);
      } catch {
        // Whoever reads our output went away (EPIPE): stop reading too, so
        // that the program's own next write fails, as it would without us.
        broken = true;
        reader.cancel();
      }
    });
    return writing;
  };
  // The hold limit counts from when the bytes held back now were first held:
  // a program whose every write ends inside a value keeps the masker holding
  // for as long as it writes, each time a different tail.
  const armTimer = () => {
    if (masker.holdingNewTail && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (masker.holding && timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        void write(masker.flush());
      }, maxHoldMs);
    } else if (!masker.holding && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };

  let stopped = false;
  const done = (async () => {
    try {
      for (;;) {
        let chunk: Uint8Array | null;
        try {
          chunk = await reader.read();
        } catch {
          break; // the program's end of the pipe failed: pass on what arrived, as at its end
        }
        if (chunk === null) break;
        await write(masker.push(chunk));
        if (stopped || broken) break;
        armTimer();
      }
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await write(masker.flush());
      await writing;
    }
  })();

  return {
    done,
    /** Stops reading (e.g. when the program exited but a background process keeps the pipe open) and flushes. */
    stop(): Promise<void> {
      stopped = true;
      reader.cancel();
      return done;
    },
  };
}

function streamSource(stream: ReadableStream<Uint8Array>): ChunkSource {
  const reader = stream.getReader();
  return {
    read: async () => {
      const chunk = await reader.read();
      return chunk.done ? null : chunk.value;
    },
    cancel: () => void reader.cancel().catch(() => {}),
  };
}

/**
 * How pieces are written to fd, chosen for what fd is:
 * - a regular file or a device such as /dev/null takes a write at once, so
 *   it is written directly;
 * - a pipe, socket or terminal can make a writer wait as long as its reader
 *   likes, and env-secrets must keep forwarding signals meanwhile: blocking
 *   writes go to the thread pool (node:fs), which leaves the descriptor as it
 *   is (Bun's FileSink would make it non-blocking, and the descriptor is
 *   shared with whoever gave it to us);
 * - once a write finds the descriptor already non-blocking (EAGAIN: the Bun
 *   runtime leaves its stdout so on some paths, and a parent may hand it over
 *   so), Bun's FileSink takes over, which waits for the descriptor to become
 *   writable instead of polling.
 */
function writerFor(fd: number): (pieces: Uint8Array[]) => Promise<void> {
  if (writesNeverWait(fd)) {
    return async (pieces) => {
      for (let left = compact(pieces); left.length > 0; ) left = rest(left, nodeFs().writevSync(fd, left));
    };
  }
  let sink: ReturnType<ReturnType<typeof Bun.file>["writer"]> | undefined;
  return async (pieces) => {
    let left = compact(pieces);
    while (left.length > 0 && sink === undefined) {
      try {
        const written = await new Promise<number>((resolve, reject) =>
          nodeFs().writev(fd, left, null, (error, bytes) => (error ? reject(error) : resolve(bytes))),
        );
        left = rest(left, written);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
        sink = Bun.file(fd).writer();
      }
    }
    if (sink === undefined || left.length === 0) return;
    for (const piece of left) sink.write(piece);
    await sink.flush();
  };
}

/**
 * A regular file or a device such as /dev/null takes a write at once; a pipe,
 * socket or terminal can make a writer wait for as long as its reader likes,
 * and env-secrets must keep forwarding signals meanwhile.
 */
function writesNeverWait(fd: number): boolean {
  try {
    const stat = nodeFs().fstatSync(fd);
    return stat.isFile() || (stat.isCharacterDevice() && !isatty(fd));
  } catch {
    return false;
  }
}

/** Beyond this many pieces (a value on every line), one copy is cheaper than a long iovec. */
const MAX_PIECES = 64;

function compact(pieces: Uint8Array[]): Uint8Array[] {
  return pieces.length > MAX_PIECES ? [Buffer.concat(pieces)] : pieces;
}

/** What is left to write of pieces after `written` bytes went out. */
export function rest(pieces: Uint8Array[], written: number): Uint8Array[] {
  let skip = written;
  let index = 0;
  while (index < pieces.length && skip >= pieces[index]!.length) skip -= pieces[index++]!.length;
  const left = pieces.slice(index);
  if (skip > 0 && left[0]) left[0] = left[0].subarray(skip);
  return left;
}
