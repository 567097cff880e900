import { compilePatterns } from "../log/search/patterns.ts";
import { MAX_HOLD_MS, maskPipe } from "./pipe.ts";

/**
 * `--mask-output`: the program's stdout and stderr arrive on pipes and are
 * copied to env-secrets' own stdout (fd 1) and stderr (fd 2) with every
 * secret value masked.
 */
export interface ChildOutput {
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
}

export function maskChildOutput(values: string[]) {
  return (child: ChildOutput) => {
    const encoder = new TextEncoder();
    const patterns = compilePatterns(values.map((value) => encoder.encode(value)));
    const pipes = [maskPipe(child.stdout, 1, { values: patterns }), maskPipe(child.stderr, 2, { values: patterns })];
    return {
      /**
       * Called once the program has exited: what it wrote is passed on in
       * full, but a background process that keeps a pipe open does not keep
       * env-secrets waiting more than the hold limit.
       */
      async finish(): Promise<void> {
        const drained = Promise.all(pipes.map((pipe) => pipe.done));
        const timeout = new Promise<"timeout">((resolve) => setTimeout(resolve, MAX_HOLD_MS, "timeout").unref());
        if ((await Promise.race([drained, timeout])) === "timeout") await Promise.all(pipes.map((pipe) => pipe.stop()));
        restoreBlockingStdio();
      },
    };
  };
}

/**
 * Puts env-secrets' stdout and stderr back in blocking mode. The Bun runtime
 * can leave them non-blocking (its node:https client did so during the fetch,
 * and a FileSink does so on first write), and the mode belongs to the open
 * file that env-secrets shares with whoever started it: left so, the next
 * program writing to the same pipe after env-secrets exits may fail with
 * EAGAIN. Without --mask-output, spawning the program with inherited stdio
 * undoes it; here the same is done by asking Bun to spawn, with inherited
 * stdio, a path that can never be a program (Bun sets inherited descriptors
 * to blocking before it tries).
 */
function restoreBlockingStdio(): void {
  try {
    Bun.spawn({ cmd: ["/dev/null/env-secrets-restore-blocking"], stdin: "ignore", stdout: "inherit", stderr: "inherit" }).unref();
  } catch {
    // the expected outcome: nothing was started
  }
}
