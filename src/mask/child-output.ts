import { compilePatterns } from "../log/search/patterns.ts";
import { openOutputPipe } from "./output-pipe-linux.ts";
import { MAX_HOLD_MS, maskPipe } from "./pipe.ts";

/**
 * `--mask-output`: the program's stdout and stderr arrive on pipes and are
 * copied to env-secrets' own stdout (fd 1) and stderr (fd 2) with every
 * secret value masked. On Linux the pipes are env-secrets' own, read into a
 * reused buffer (src/mask/output-pipe-linux.ts); elsewhere, or if one cannot
 * be set up, Bun's.
 */
/** What the supervisor takes as the program's stdout and stderr (SuperviseOptions["output"] in src/run/supervise.ts). */
export interface OutputCapture {
  /** Descriptors for the program, or "pipe" for Bun's own pipe. */
  readonly stdio: readonly [number | "pipe", number | "pipe"];
  /** Right after the spawn, with Bun's pipes where "pipe" was asked for; `finish` is awaited once the program exited. */
  started(child: { stdout: ReadableStream<Uint8Array>; stderr: ReadableStream<Uint8Array> }): { finish(): Promise<void> };
  /** The spawn failed: releases what `stdio` holds. */
  abandoned(): void;
}

/**
 * The JIT held back while output is masked, further than during the AWS
 * phase (20, scripts/build.ts): the work per piece of output is a few dozen
 * calls around native searches and copies, which the JIT compiled on its
 * thread for more CPU time than it saved, competing for the cores with the
 * program and with the reading itself; and each compilation brings more of
 * the compiler's code into memory (at 20, 2–6 MiB more peak RSS in some runs
 * of 50 MiB than in others). Loops that run long enough still tier up, only
 * later: the automaton's loop over every byte (many values) is as fast at 100
 * as at 1, and 25 % slower at 1000. docs/benchmarks.md.
 */
const MASK_JIT_POLICY = 100;

export function maskChildOutput(values: string[]): () => OutputCapture {
  return () => {
    const own = [openOutputPipe(), openOutputPipe()] as const;
    const release = () => {
      for (const pipe of own) {
        pipe?.closeWriteEnd();
        pipe?.source.cancel();
      }
    };
    return {
      stdio: [own[0]?.writeFd ?? "pipe", own[1]?.writeFd ?? "pipe"],
      abandoned: release,
      started: (child) => {
        // The program holds its ends now; ours would keep the pipes from ever ending.
        for (const pipe of own) pipe?.closeWriteEnd();
        Bun.unsafe.setJITPolicy(MASK_JIT_POLICY);
        const encoder = new TextEncoder();
        const patterns = compilePatterns(values.map((value) => encoder.encode(value)));
        const pipes = [
          maskPipe(own[0]?.source ?? child.stdout, 1, { values: patterns }),
          maskPipe(own[1]?.source ?? child.stderr, 2, { values: patterns }),
        ];
        return finishing(pipes);
      },
    };
  };
}

function finishing(pipes: ReturnType<typeof maskPipe>[]) {
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
