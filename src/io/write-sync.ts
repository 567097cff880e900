import { nodeFs } from "./lazy-node.ts";
import { EnvSecretsError } from "../errors.ts";

/**
 * Writes all of `data` to a file descriptor before returning. env-secrets'
 * own output (log lines, --version, help, add-mask lines, --format) goes
 * through here rather than process.stdout/process.stderr: creating those
 * node streams costs Bun several milliseconds at startup (docs/benchmarks.md),
 * and a synchronous write is out before the program starts or execve runs.
 * A descriptor someone made non-blocking is waited on, not given up on.
 *
 * The standard streams fail in their own way: stdout that cannot be written
 * (its reader went away: EPIPE) is an error of the run, with one line on
 * stderr and the documented exit status; stderr that cannot be written is
 * given up on, since there is nowhere left to report anything, and must not
 * change how the run ends.
 */
export function writeAllSync(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  let pause: Int32Array | undefined;
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += nodeFs().writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        pause ??= new Int32Array(new SharedArrayBuffer(4));
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (fd === 2) return;
      if (fd === 1) throw stdoutFailed(code, error);
      throw error;
    }
  }
}

function stdoutFailed(code: string | undefined, cause: unknown): EnvSecretsError {
  return new EnvSecretsError({
    subject: "stdout",
    reason: code === "EPIPE" ? "closed by its reader (EPIPE)" : `cannot be written (${code ?? "error"})`,
    hint: "what env-secrets prints there (--format output, ::add-mask:: lines) did not get out; keep the reader open until env-secrets exits, or write the variables to a file with -o",
    cause,
  });
}
