import type { SignalRouter, SignalTarget } from "./signals.ts";
import { type SuperviseOptions, supervise } from "./supervise.ts";
import type { RunningProgram } from "./watch.ts";

/**
 * Starts the program supervised (signals forwarded, orphans reaped, output
 * masked if asked) as a program the watch can stop: resolves once it runs,
 * or rejects as `supervise` does when it cannot be started.
 */
export async function startSupervised(
  command: string[],
  env: Record<string, string>,
  signals: SignalRouter,
  output: SuperviseOptions["output"],
): Promise<RunningProgram> {
  let started: (child: SignalTarget) => void = () => {};
  const running = new Promise<SignalTarget>((resolve) => {
    started = resolve;
  });
  const exited = supervise(command, env, signals, { output, onStart: started });
  const child = await Promise.race([running, exited.then(() => undefined)]);
  if (child === undefined) throw new Error("the program ended before it started");
  return { exited, kill: (signal) => child.kill(signal) };
}

/** Signals that ask env-secrets itself to stop: the router passes them on to the program, and the watch ends with it. */
const STOP_SIGNALS: NodeJS.Signals[] = ["SIGTERM", "SIGINT"];

export function onStopRequest(listener: (signal: NodeJS.Signals) => void): () => void {
  const handlers = STOP_SIGNALS.map((signal) => [signal, () => listener(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
