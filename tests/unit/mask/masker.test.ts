import { describe, expect, test } from "bun:test";
import { Redactor } from "../../../src/log/redact.ts";
import { StreamMasker } from "../../../src/mask/masker.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Feeds the pieces through a masker and returns everything it passed on. */
function run(values: string[], pieces: Array<string | Uint8Array>): Uint8Array {
  const masker = new StreamMasker(values);
  const out: Uint8Array[] = [];
  for (const piece of pieces) out.push(...masker.push(typeof piece === "string" ? enc.encode(piece) : piece));
  out.push(...masker.flush());
  return Buffer.concat(out);
}

const join = (pieces: Uint8Array[]) => dec.decode(Buffer.concat(pieces));
const text = (values: string[], pieces: string[]) => dec.decode(run(values, pieces));

describe("StreamMasker", () => {
  test("masks a value inside one piece, every occurrence", () => {
    expect(text(["s3cr3t-value"], ["a s3cr3t-value b s3cr3t-value\n"])).toBe("a **** b ****\n");
  });

  test("masks a value split across two pieces at every possible position", () => {
    const value = "CANARY-split-12345678";
    const line = `before ${value} after\n`;
    for (let cut = 0; cut <= line.length; cut++) {
      expect(text([value], [line.slice(0, cut), line.slice(cut)])).toBe("before **** after\n");
    }
  });

  test("masks a value written one byte at a time", () => {
    const value = "byte-by-byte-secret";
    expect(text([value], [...`<${value}>`])).toBe("<****>");
  });

  test("holds back only a tail that could start a value, and passes the rest on at once", () => {
    const masker = new StreamMasker(["SECRETVALUE"]);
    expect(join(masker.push(enc.encode("hello SECR")))).toBe("hello ");
    expect(masker.holding).toBe(true);
    expect(join(masker.push(enc.encode("ET stays")))).toBe("SECRET stays");
    expect(masker.holding).toBe(false);
    expect(join(masker.push(enc.encode("no match here")))).toBe("no match here");
  });

  test("flush passes on a held-back tail that never became a value", () => {
    const masker = new StreamMasker(["SECRETVALUE"]);
    expect(join(masker.push(enc.encode("ends with SECRETVAL")))).toBe("ends with ");
    expect(join(masker.flush())).toBe("SECRETVAL");
    expect(masker.holding).toBe(false);
  });

  test("prefers the longer value where two start at the same byte, and waits for it across pieces", () => {
    expect(text(["abcd", "abcdefgh"], ["x abcdefgh y abcd z"])).toBe("x **** y **** z");
    expect(text(["abcd", "abcdefgh"], ["x abcd", "efgh y"])).toBe("x **** y");
    expect(text(["abcd", "abcdefgh"], ["x abcd", "efXX y"])).toBe("x ****efXX y");
  });

  test("a whole value is masked even where a longer one could start inside it near the end", () => {
    // "wxyz" is complete; "yzLONGER" might follow. The complete value wins.
    expect(text(["wxyz", "yzLONGER"], ["..wxyz", "LONGER"])).toBe("..****LONGER");
  });

  test("each line of a multiline value is masked, whichever way the lines are printed", () => {
    const redactor = new Redactor();
    const pem = "-----BEGIN KEY-----\nMIIEvQIBADANBgkq\nhkiG9w0BAQEFAASC\n-----END KEY-----";
    redactor.register(pem);
    const masked = text(redactor.registered(), [`whole:\n${pem}\nline: hkiG9w0BAQEFAASC\njson: ${JSON.stringify(pem)}\n`]);
    expect(masked).not.toContain("MIIEvQIBADANBgkq");
    expect(masked).not.toContain("hkiG9w0BAQEFAASC");
    expect(masked).not.toContain("BEGIN KEY");
    expect(masked).toContain("whole:\n****\nline: ****\njson: \"****\"\n");
  });

  test("binary output passes through byte for byte, with only the value's bytes replaced", () => {
    const value = "bin-secret-Ω-value"; // non-ASCII: matched as its UTF-8 bytes
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256);
    const input = Buffer.concat([noise, enc.encode(value), noise, Buffer.from([0xff, 0xfe, 0x00, 0xc3])]);
    const expected = Buffer.concat([noise, enc.encode("****"), noise, Buffer.from([0xff, 0xfe, 0x00, 0xc3])]);
    for (const cut of [1, 4095, 4096, 4100, 4110, input.length - 1]) {
      expect(Buffer.from(run([value], [input.subarray(0, cut), input.subarray(cut)]))).toEqual(expected);
    }
  });

  test("without values, output passes through unchanged and nothing is held", () => {
    const masker = new StreamMasker([]);
    const chunk = enc.encode("anything at all");
    expect(masker.push(chunk)).toEqual([chunk]);
    expect(masker.push(chunk)[0]).toBe(chunk);
    expect(masker.holding).toBe(false);
  });

  test("matches a whole-text reference on random output, values and splits", () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const word = (min: number, max: number) => Array.from({ length: min + random(max - min + 1) }, () => "abc"[random(3)]).join("");
    for (let round = 0; round < 2000; round++) {
      // Values that contain, extend and overlap each other, as the forms of one secret do.
      const base = word(4, 6);
      const values = [base, `${base}${word(1, 3)}`, `${word(1, 3)}${base}`, `${base.slice(2)}${word(2, 4)}`, word(4, 6)].filter(
        () => random(3) > 0,
      );
      if (values.length === 0) values.push(base);
      const parts = Array.from({ length: 1 + random(8) }, () => {
        const value = values[random(values.length)]!;
        return [value, value.slice(0, 1 + random(value.length - 1)), word(0, 3)][random(3)]!;
      });
      const output = parts.join("");
      const sorted = [...new Set(values)].sort((a, b) => b.length - a.length);
      const expected = output.replace(new RegExp(sorted.join("|"), "g"), "****");
      const pieces: string[] = [];
      for (let rest = output; rest.length > 0; ) {
        const cut = 1 + random(rest.length);
        pieces.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      expect({ values, output, masked: text(values, pieces) }).toEqual({ values, output, masked: expected });
    }
  });
});
