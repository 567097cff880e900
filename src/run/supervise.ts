import { closedAtStart, closingSpawn } from "./closed-descriptors-linux.ts";
import { startReaper } from "./reaper-linux.ts";
import { resolveCommand, startFailure } from "./resolve-command.ts";
import type { SignalRouter, SignalTarget } from "./signals.ts";

export type ChildExit = { code: number; signal?: undefined } | { code?: undefined; signal: NodeJS.Signals };

export interface SuperviseOptions {
  /**
   * Takes the program's stdout and stderr instead of letting it inherit ours
   * (--mask-output): called once per start.
   */
  output?: () => OutputCapture;
  /** Called once the program runs (--watch stops it for a restart). */
  onStart?: (child: SignalTarget) => void;
  /** The program's file, found already in the same PATH (resolveCommand); otherwise it is looked up here. */
  file?: string;
}

export type ChildPipes = { stdout: ReadableStream<Uint8Array>; stderr: ReadableStream<Uint8Array> };

export interface OutputCapture {
  /** What the program gets as its stdout and stderr: a descriptor, or "pipe" for Bun's own pipe. */
  readonly stdio: readonly [number | "pipe", number | "pipe"];
  /** Right after the spawn, with Bun's pipes where "pipe" was asked for; `finish` is awaited once the program exited. */
  started(child: ChildPipes): { finish(): Promise<void> };
  /** The spawn failed: releases what `stdio` holds. */
  abandoned(): void;
}

/**
 * Starts the program directly (no shell) with stdio and the terminal
 * inherited, and stays in between only to pass signals on, reap orphans when
 * it is PID 1, and report how the child ended. `signals` has been routing
 * signals since the run began; from the spawn on it forwards them to the child.
 */
export async function supervise(
  command: string[],
  env: Record<string, string>,
  signals: SignalRouter,
  options: SuperviseOptions = {},
): Promise<ChildExit> {
  const [name, ...args] = command;
  const file = options.file ?? resolveCommand(name ?? "", env.PATH);
  // What the caller closed stays closed, as if the program had been started directly.
  const closing = closingSpawn(closedAtStart(options.output ? [0] : [0, 1, 2]), command);
  const capture = options.output?.();
  let child: Bun.Subprocess;
  try {
    child = Bun.spawn({
      ...(closing ?? { cmd: [file, ...args], argv0: name }),
      env,
      stdin: "inherit",
      stdout: capture?.stdio[0] ?? "inherit",
      stderr: capture?.stdio[1] ?? "inherit",
    });
  } catch (error) {
    capture?.abandoned();
    throw startFailure(name ?? "", errorCode(error));
  }
  // Bun.spawn is synchronous and signal handlers run on the event loop, so no
  // signal can fall between the spawn and this switch.
  signals.forwardTo(child);
  options.onStart?.(child);
  const output = capture?.started(child as unknown as ChildPipes);
  const reaper = process.pid === 1 ? startReaper(child.pid) : undefined;
  try {
    await child.exited;
    await output?.finish();
  } finally {
    reaper?.stop();
  }
  // The handlers stay until env-secrets exits: a late signal must not end it
  // with some other status than the child's.
  if (typeof child.signalCode === "string") return { signal: child.signalCode };
  return { code: child.exitCode ?? 1 };
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "unknown error";
}
