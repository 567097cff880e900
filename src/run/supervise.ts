import { constants } from "node:os";
import { resolveCommand } from "./resolve-command.ts";

/** Signals a supervisor passes on to its child, as a process manager or a shell would. */
export const FORWARDED_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH"] as const;

export type ChildExit = { code: number; signal?: undefined } | { code?: undefined; signal: NodeJS.Signals };

export interface SuperviseOptions {
  /**
   * Takes the program's stdout and stderr as pipes instead of letting it
   * inherit ours (--mask-output); `finish` is awaited once the program exited.
   */
  output?: (child: { stdout: ReadableStream<Uint8Array>; stderr: ReadableStream<Uint8Array> }) => { finish(): Promise<void> };
}

/**
 * Starts the program directly (no shell), with stdio inherited, and stays in
 * between only to forward signals and report how the child ended.
 */
export async function supervise(command: string[], env: Record<string, string>, options: SuperviseOptions = {}): Promise<ChildExit> {
  const [name, ...args] = command;
  const file = resolveCommand(name ?? "", env.PATH);
  const child = Bun.spawn({
    cmd: [file, ...args],
    argv0: name,
    env,
    stdin: "inherit",
    stdout: options.output ? "pipe" : "inherit",
    stderr: options.output ? "pipe" : "inherit",
  });
  const output = options.output?.(child as unknown as { stdout: ReadableStream<Uint8Array>; stderr: ReadableStream<Uint8Array> });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    await child.exited;
    await output?.finish();
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
  if (typeof child.signalCode === "string") return { signal: child.signalCode };
  return { code: child.exitCode ?? 1 };
}

/** The exit status a shell reports for a child that died of `signal`. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
