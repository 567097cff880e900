import { constants } from "node:os";
import { EnvSecretsError } from "../errors.ts";

/** `--watch` alone, or `watch: true`: check every 5 minutes. */
export const DEFAULT_WATCH_INTERVAL = "5m";
export const DEFAULT_WATCH_SIGNAL: NodeJS.Signals = "SIGTERM";
export const DEFAULT_WATCH_GRACE = "10s";
/** Shorter intervals would hammer Secrets Manager for no gain (rotation takes tens of seconds). */
export const MIN_WATCH_INTERVAL_MS = 1000;
/** EX_TEMPFAIL: `--watch-action exit` ends with it, so an orchestrator starts a fresh copy. */
export const WATCH_EXIT_CODE = 75;

export const WATCH_ACTIONS = ["restart", "exit"] as const;
export type WatchAction = (typeof WATCH_ACTIONS)[number];

/** A duration as people write it: `30s`, `5m`, `1h`, `500ms`; a bare number is seconds. */
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** What `--watch` takes as its value when given one: a word that starts like a duration. */
export const LOOKS_LIKE_DURATION = /^\d/;

/** `--watch [INTERVAL]` / `watch:` → milliseconds, at least one second. */
export function parseWatchInterval(text: string, source = "--watch"): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < MIN_WATCH_INTERVAL_MS) {
    throw new EnvSecretsError({
      subject: source,
      reason: `not an interval of at least 1s: ${text}`,
      hint: `give a duration such as 30s, 5m or 1h (default ${DEFAULT_WATCH_INTERVAL})`,
      kind: "usage",
    });
  }
  return ms;
}

/** `--watch-grace <duration>` → milliseconds (0 sends SIGKILL right after the signal). */
export function parseWatchGrace(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new EnvSecretsError({
      subject: "--watch-grace",
      reason: `not a duration: ${text}`,
      hint: `give a duration such as 10s or 500ms (default ${DEFAULT_WATCH_GRACE})`,
      kind: "usage",
    });
  }
  return ms;
}

/** `--watch-signal TERM|SIGTERM|sigterm` → the signal's name. */
export function parseWatchSignal(text: string): NodeJS.Signals {
  const upper = text.toUpperCase();
  const name = (upper.startsWith("SIG") ? upper : `SIG${upper}`) as NodeJS.Signals;
  if (!(name in constants.signals)) {
    throw new EnvSecretsError({
      subject: "--watch-signal",
      reason: `not a signal: ${text}`,
      hint: "give a signal name such as SIGTERM, SIGINT or SIGHUP",
      kind: "usage",
    });
  }
  return name;
}

function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? "s"]!);
}
