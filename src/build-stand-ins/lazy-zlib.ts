/**
 * node:zlib's crc32, for the SDK's CRC-32 checksum module, which the release
 * build points here (scripts/build.ts): it loads node:zlib at startup (about
 * 0.7 ms under Bun) for checksums a Secrets Manager call never computes.
 */
import type * as Zlib from "node:zlib";

export function crc32(data: string | NodeJS.ArrayBufferView, value?: number): number {
  return (require("node:zlib") as typeof Zlib).crc32(data, value);
}
