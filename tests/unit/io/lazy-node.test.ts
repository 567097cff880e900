import { expect, test } from "bun:test";
import * as zlib from "node:zlib";
import { crc32, inspectValue, isatty } from "../../../src/io/lazy-node.ts";

// Each stands in for the node: module's own function (crc32 for the SDK's
// CRC-32 module in the release build): same answers, loaded on first use.

test("crc32 is node:zlib's, for strings, bytes and a running value", () => {
  const bytes = new Uint8Array(Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff));
  expect(crc32("")).toBe(0);
  expect(crc32("The quick brown fox jumps over the lazy dog")).toBe(0x414fa339);
  expect(crc32(bytes)).toBe(zlib.crc32(bytes));
  expect(crc32(bytes.subarray(500), crc32(bytes.subarray(0, 500)))).toBe(zlib.crc32(bytes));
});

test("isatty and inspectValue answer as node:tty and node:util do", () => {
  expect(isatty(-1)).toBe(false);
  expect(inspectValue({ a: [1, "two"] })).toBe("{ a: [ 1, 'two' ] }");
});
