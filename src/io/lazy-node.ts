/**
 * Node built-ins that cost Bun milliseconds to load (node:tty about 2 ms,
 * node:util about 1 ms, node:zlib about 0.7 ms: docs/benchmarks.md) but are
 * needed only when options are parsed, a line is logged, help is printed or a
 * CRC-32 computed. Loaded on first use, not at startup.
 */
import type * as Tty from "node:tty";
import type * as Util from "node:util";
import type * as Zlib from "node:zlib";

export function isatty(fd: number): boolean {
  return (require("node:tty") as typeof Tty).isatty(fd);
}

/** node:util's parseArgs: `--version` and `--help` parse nothing, and load nothing for it. */
export const parseArgs: typeof Util.parseArgs = (config) => (require("node:util") as typeof Util).parseArgs(config);

export function inspectValue(value: unknown, options: Util.InspectOptions = {}): string {
  return (require("node:util") as typeof Util).formatWithOptions({ colors: false, ...options }, "%O", value);
}

/**
 * node:zlib's crc32, for the SDK's CRC-32 checksum module, which the release
 * build points here (scripts/build.ts): it loads node:zlib at startup (about
 * 0.7 ms under Bun) for checksums a Secrets Manager call never computes.
 */
export function crc32(data: string | NodeJS.ArrayBufferView, value?: number): number {
  return (require("node:zlib") as typeof Zlib).crc32(data, value);
}
