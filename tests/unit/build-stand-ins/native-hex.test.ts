import { describe, expect, test } from "bun:test";
import { toHex as sdkToHex } from "@smithy/core/serde";
import { toHex } from "../../../src/build-stand-ins/native-hex.ts";

// The release build exports this toHex from the SDK's module in place of the
// SDK's own (scripts/build.ts): SigV4 signs with its text, so it must be the
// SDK's, character for character.

describe("toHex", () => {
  const every = new Uint8Array(Array.from({ length: 256 }, (_, i) => i));
  const cases: Array<[string, Uint8Array]> = [
    ["no bytes", new Uint8Array(0)],
    ["every byte value", every],
    ["a view into the middle of a buffer", every.subarray(13, 77)],
    ["a SHA-256 digest's worth", every.subarray(224)],
  ];
  for (const [name, bytes] of cases) {
    test(`of ${name} is the SDK's`, () => {
      expect(toHex(bytes)).toBe(sdkToHex(bytes));
    });
  }

  test("a view is read from its own offset, not from the start of its buffer", () => {
    expect(toHex(every.subarray(254))).toBe("feff");
  });
});
