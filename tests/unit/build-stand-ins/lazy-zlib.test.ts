import { expect, test } from "bun:test";
import * as zlib from "node:zlib";
import { crc32 } from "../../../src/build-stand-ins/lazy-zlib.ts";

// Stands in for node:zlib's crc32 in the SDK's CRC-32 module (release build): same answers, loaded on first use.

test("crc32 is node:zlib's, for strings, bytes and a running value", () => {
  const bytes = new Uint8Array(Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff));
  expect(crc32("")).toBe(0);
  expect(crc32("The quick brown fox jumps over the lazy dog")).toBe(0x414fa339);
  expect(crc32(bytes)).toBe(zlib.crc32(bytes));
  expect(crc32(bytes.subarray(500), crc32(bytes.subarray(0, 500)))).toBe(zlib.crc32(bytes));
});
