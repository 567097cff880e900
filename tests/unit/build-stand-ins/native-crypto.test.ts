import { describe, expect, test } from "bun:test";
import * as node from "node:crypto";
import { createHash, createHmac, getRandomValues } from "../../../src/build-stand-ins/native-crypto.ts";

// The release build gives the SDK's hashing modules these functions in place of
// node:crypto's (scripts/build.ts): every result must be node:crypto's, byte for byte.

const bytes = new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff));
const inputs: Array<[string, string | Uint8Array | DataView | ArrayBuffer]> = [
  ["an empty string", ""],
  ["ASCII text", "AWS4-HMAC-SHA256\n20261128T000000Z\n20261128/us-east-1/secretsmanager/aws4_request\n"],
  ["non-ASCII text", "naïve ☃ 秘密"],
  ["bytes", bytes],
  ["a view into the middle of a buffer", bytes.subarray(17, 211)],
  ["a DataView", new DataView(bytes.buffer, 5, 100)],
  ["an ArrayBuffer", bytes.slice(0, 64).buffer],
];

function nodeView(data: string | Uint8Array | DataView | ArrayBuffer): string | Uint8Array {
  if (typeof data === "string" || data instanceof Uint8Array) return data;
  return data instanceof DataView ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

describe("createHash", () => {
  for (const algorithm of ["sha256", "sha1", "md5"] as const) {
    for (const [name, data] of inputs) {
      test(`${algorithm} of ${name}`, () => {
        const expected = node.createHash(algorithm).update(nodeView(data)).digest();
        expect(new Uint8Array(createHash(algorithm).update(data).digest())).toEqual(new Uint8Array(expected));
        expect(createHash(algorithm).update(data).digest("hex")).toBe(expected.toString("hex"));
      });
    }
  }

  test("updates add up, and a copy continues on its own", () => {
    const ours = createHash("sha256").update("part one, ").update(bytes);
    const theirs = node.createHash("sha256").update("part one, ").update(bytes);
    const ourCopy = ours.copy().update("only in the copy");
    const theirCopy = theirs.copy().update("only in the copy");
    expect(ours.digest("hex")).toBe(theirs.digest("hex"));
    expect(ourCopy.digest("hex")).toBe(theirCopy.digest("hex"));
  });

  test("a string with an input encoding", () => {
    expect(createHash("sha256").update("68656c6c6f", "hex").digest("hex")).toBe(node.createHash("sha256").update("hello").digest("hex"));
  });
});

describe("createHmac", () => {
  const keys: Array<[string, string | Uint8Array | ArrayBuffer]> = [
    ["a string key", "AWS4wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
    ["a byte key", bytes.subarray(3, 35)],
    ["an ArrayBuffer key", bytes.slice(0, 32).buffer],
    ["a key longer than the block", bytes],
  ];
  for (const [keyName, key] of keys) {
    for (const [name, data] of inputs) {
      test(`HMAC-SHA256 with ${keyName} of ${name}`, () => {
        const nodeKey = typeof key === "string" ? key : new Uint8Array(key);
        const expected = node.createHmac("sha256", nodeKey).update(nodeView(data)).digest("hex");
        expect(createHmac("sha256", key).update(data).digest("hex")).toBe(expected);
      });
    }
  }

  test("chained HMACs, as SigV4 derives its signing key", () => {
    const derive = (hmac: (key: string | Uint8Array, data: string) => Uint8Array) =>
      ["20261128", "eu-west-1", "secretsmanager", "aws4_request"].reduce<string | Uint8Array>((key, part) => hmac(key, part), "AWS4secret");
    const ours = derive((key, data) => new Uint8Array(createHmac("sha256", key).update(data).digest()));
    const theirs = derive((key, data) => new Uint8Array(node.createHmac("sha256", key).update(data).digest()));
    expect(ours).toEqual(theirs);
  });
});

test("getRandomValues fills the array it is given and returns it", () => {
  const array = new Uint8Array(64);
  expect(getRandomValues(array)).toBe(array);
  expect(array.some((byte) => byte !== 0)).toBe(true);
  expect(getRandomValues(new Uint8Array(64))).not.toEqual(array);
});
