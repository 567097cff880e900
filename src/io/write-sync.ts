import { writeSync } from "node:fs";

/**
 * Writes all of `data` to a file descriptor before returning. env-secrets'
 * own output (log lines, --version, help, add-mask lines, --format) goes
 * through here rather than process.stdout/process.stderr: creating those
 * node streams costs Bun several milliseconds at startup (docs/benchmarks.md),
 * and a synchronous write is out before the program starts or execve runs.
 * A descriptor someone made non-blocking is waited on, not given up on.
 */
export function writeAllSync(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  let pause: Int32Array | undefined;
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      pause ??= new Int32Array(new SharedArrayBuffer(4));
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
