import { write as fsWrite } from "node:fs";
import { StreamMasker } from "./masker.ts";

/** The longest a piece of output is held back waiting to see whether it starts a value. */
export const MAX_HOLD_MS = 1000;

export interface MaskPipeOptions {
  /** The value forms to mask (Redactor.registered()). */
  values: string[];
  maxHoldMs?: number;
}

/**
 * Copies a stream (a child's stdout or stderr pipe) to a file descriptor,
 * masking secret values on the way. Reading waits for each write to be taken,
 * so a slow reader of env-secrets' output slows the program down, as it would
 * without the pipe in between. Resolves at the end of the source (or when
 * `stop` is called) once everything has been written; never closes `fd`.
 */
export function maskPipe(source: ReadableStream<Uint8Array>, fd: number, options: MaskPipeOptions) {
  const masker = new StreamMasker(options.values);
  const maxHoldMs = options.maxHoldMs ?? MAX_HOLD_MS;
  const reader = source.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Writes happen one after another, in order, whether from reading or from the timer.
  let writing: Promise<unknown> = Promise.resolve();

  let broken = false;
  const write = (bytes: Uint8Array) => {
    if (bytes.length === 0 || broken) return writing;
    writing = writing.then(async () => {
      if (broken) return;
      try {
        await writeAll(fd, bytes);
      } catch {
        // Whoever reads our output went away (EPIPE): stop reading too, so
        // that the program's own next write fails, as it would without us.
        broken = true;
        void reader.cancel().catch(() => {});
      }
    });
    return writing;
  };
  const armTimer = () => {
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
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch {
          break; // the program's end of the pipe failed: pass on what arrived, as at its end
        }
        if (chunk.done) break;
        await write(masker.push(chunk.value));
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
      void reader.cancel().catch(() => {});
      return done;
    },
  };
}

/**
 * Writes all of bytes to fd. node:fs writes block in the thread pool rather
 * than switching the descriptor to non-blocking mode (Bun's FileSink does
 * that, and the descriptor is shared with whoever gave it to us). A
 * descriptor that someone else made non-blocking is waited on and retried.
 */
async function writeAll(fd: number, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += await new Promise<number>((resolve, reject) =>
        fsWrite(fd, bytes, offset, bytes.length - offset, null, (error, written) => (error ? reject(error) : resolve(written))),
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      await Bun.sleep(2);
    }
  }
}
