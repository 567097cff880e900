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
    const pipes = [maskPipe(child.stdout, 1, { values }), maskPipe(child.stderr, 2, { values })];
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
      },
    };
  };
}
