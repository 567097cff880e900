import { constants } from "node:os";
import { terminalAlreadyDelivered } from "./signals-posix.ts";

/** Signals a supervisor passes on to its child, as a process manager or a shell would. */
export const FORWARDED_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH"] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

/** Before the program starts, these end env-secrets (exit 128+S); the others are ignored. */
const STOPPING_SIGNALS: ReadonlySet<string> = new Set(["SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT"]);

/**
 * Signals a terminal sends to its whole foreground process group (Ctrl-C,
 * Ctrl-\, a window resize). When the child shares that group it already got
 * its own copy, and forwarding would deliver a second one.
 */
const TERMINAL_SIGNALS: ReadonlySet<string> = new Set(["SIGINT", "SIGQUIT", "SIGWINCH"]);

export function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}

/** The exit status a shell reports for a child that died of `signal`. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + signalNumber(signal);
}

export interface SignalTarget {
  readonly pid: number;
  kill(signal: NodeJS.Signals): void;
}

export interface SignalRouter {
  /** From now on, pass signals on to `child` instead of stopping env-secrets. */
  forwardTo(child: SignalTarget): void;
  /** Removes the handlers (their signals get their default action back). */
  dispose(): void;
}

export interface RouterOptions {
  /** How env-secrets stops when a signal arrives before the program runs; process.exit by default. */
  exit?: (code: number) => void;
  /** Whether the terminal already delivered `signal` to the child; decided from process groups by default. */
  terminalDelivered?: (child: SignalTarget) => boolean;
}

/**
 * Takes over the forwarded signals for the whole run. Installed as soon as the
 * aws command starts, so that a signal during the fetch ends env-secrets
 * promptly with 128+S and no program started (or is ignored, for SIGWINCH,
 * SIGUSR1 and SIGUSR2, whose default action would otherwise kill it). Once the
 * child runs, every one of them is passed on to it, except a copy the
 * terminal has already delivered to it.
 */
export function routeSignals(options: RouterOptions = {}): SignalRouter {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const terminalDelivered = options.terminalDelivered ?? terminalAlreadyDelivered;
  let child: SignalTarget | undefined;
  const handlers: [NodeJS.Signals, () => void][] = [];
  for (const signal of FORWARDED_SIGNALS) {
    const handler = () => {
      if (child === undefined) {
        if (STOPPING_SIGNALS.has(signal)) exit(exitCodeForSignal(signal));
        return;
      }
      if (TERMINAL_SIGNALS.has(signal) && terminalDelivered(child)) return;
      child.kill(signal);
    };
    try {
      process.on(signal, handler);
      handlers.push([signal, handler]);
    } catch {
      // A platform without this signal (Windows has no SIGUSR1): nothing to route.
    }
  }
  return {
    forwardTo(target) {
      child = target;
    },
    dispose() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}
