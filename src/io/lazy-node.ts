/**
 * Node built-ins that cost Bun milliseconds to load (node:tty about 2 ms,
 * node:util about 1.5 ms: docs/benchmarks.md) but are needed only when a line
 * is logged or help is printed. Loaded on first use, not at startup.
 */
import type * as Tty from "node:tty";
import type * as Util from "node:util";

export function isatty(fd: number): boolean {
  return (require("node:tty") as typeof Tty).isatty(fd);
}

export function inspectValue(value: unknown, options: Util.InspectOptions = {}): string {
  return (require("node:util") as typeof Util).formatWithOptions({ colors: false, ...options }, "%O", value);
}
