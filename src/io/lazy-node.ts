/**
 * Node built-ins that cost Bun milliseconds to load (node:fs about 2.5 ms,
 * node:tty about 2 ms, node:util about 1.5 ms: docs/benchmarks.md) but that a
 * run needs only now and then: to log a line, print help, read a config
 * file, write -o. Loaded on first use, not at startup. node:fs is reached
 * only through here (lint/node-fs-on-demand.grit); the calls every run makes
 * on its way to the program go through src/io/start-calls-posix.ts instead.
 */
import type * as Fs from "node:fs";
import type * as Tty from "node:tty";
import type * as Util from "node:util";

export type { Stats } from "node:fs";

export function nodeFs(): typeof Fs {
  return require("node:fs") as typeof Fs;
}

export function isatty(fd: number): boolean {
  return (require("node:tty") as typeof Tty).isatty(fd);
}

export function inspectValue(value: unknown, options: Util.InspectOptions = {}): string {
  return (require("node:util") as typeof Util).formatWithOptions({ colors: false, ...options }, "%O", value);
}
