import { describe, expect, test } from "bun:test";
import { StreamMasker } from "../../../../src/mask/masker.ts";
import { compilePatterns, leftmostLongest } from "../../../../src/log/search/patterns.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A small deterministic generator (xorshift32), so a failure can be replayed. */
function generator(seed: number) {
  return (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
}

/** The reference: a regular expression alternation, longest value first (fine for a test's few short values). */
function reference(values: string[], text: string): string {
  const sorted = [...new Set(values)].sort((a, b) => b.length - a.length);
  return text.replace(new RegExp(sorted.map((v) => v.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")).join("|"), "g"), "****");
}

function maskedStream(values: string[], pieces: string[], search: "needles" | "automaton"): string {
  const masker = new StreamMasker(compilePatterns(values.map((v) => enc.encode(v)), search));
  const out: Uint8Array[] = [];
  for (const piece of pieces) out.push(...masker.push(enc.encode(piece)));
  out.push(...masker.flush());
  return dec.decode(Buffer.concat(out));
}

describe("both ways of searching give the reference's result", () => {
  for (const search of ["needles", "automaton"] as const) {
    test(`${search}: random values that contain, extend and overlap each other, short and long, in random pieces`, () => {
      const random = generator(search === "needles" ? 7 : 11);
      // Few letters, so values recur inside each other and keys repeat (the automaton's hard case);
      // six in some rounds, so trie nodes have enough children for full transition rows.
      let letters = "abc";
      const word = (min: number, max: number) => Array.from({ length: min + random(max - min + 1) }, () => letters[random(letters.length)]).join("");
      for (let round = 0; round < 1500; round++) {
        letters = round % 2 === 0 ? "abc" : "abcdef";
        const base = word(4, random(4) === 0 ? 40 : 7);
        const values = [base, `${base}${word(1, 20)}`, `${word(1, 3)}${base}`, `${base.slice(2)}${word(2, 30)}`, word(4, 24)].filter(() => random(3) > 0);
        if (values.length === 0) values.push(base);
        const parts = Array.from({ length: 1 + random(8) }, () => {
          const value = values[random(values.length)]!;
          return [value, value.slice(0, 1 + random(value.length - 1)), word(0, 3)][random(3)]!;
        });
        const output = parts.join("");
        const pieces: string[] = [];
        for (let rest = output; rest.length > 0; ) {
          const cut = 1 + random(rest.length);
          pieces.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        expect({ values, output, masked: maskedStream(values, pieces, search) }).toEqual({ values, output, masked: reference(values, output) });
      }
    });
  }

  test("a value whose start recurs inside it (periodic) is found wherever it occurs", () => {
    const value = `${"ab".repeat(40)}c`;
    const text = `x${"ab".repeat(100)}c y ${"ab".repeat(39)}c`;
    for (const search of ["needles", "automaton"] as const) {
      expect(maskedStream([value], [text], search)).toBe(reference([value], text));
      expect(maskedStream([value], [...text], search)).toBe(reference([value], text));
    }
  });
});

describe("overlapping values", () => {
  test("where two values start at the same byte the longer is masked; the leftmost of two overlapping ones wins", () => {
    for (const search of ["needles", "automaton"] as const) {
      const values = ["CANARY-overlap-1234", "CANARY-overlap-1234-and-more-of-it", "1234-and-more"];
      expect(maskedStream(values, ["a CANARY-overlap-1234-and-more-of-it b"], search)).toBe("a **** b");
      // The first value is complete where the third starts inside it: the first wins, the third's rest stays.
      expect(maskedStream(values, ["a CANARY-overlap-1234-and-more c"], search)).toBe("a ****-and-more c");
      expect(maskedStream(values, ["a 1234-and-more-of-it"], search)).toBe("a ****-of-it");
    }
  });

  test("leftmostLongest keeps the earliest match, the longest at one start, and drops what overlaps it", () => {
    const chosen = leftmostLongest([
      { start: 5, end: 9 },
      { start: 0, end: 4 },
      { start: 0, end: 6 },
      { start: 7, end: 12 },
    ]);
    expect(chosen).toEqual([
      { start: 0, end: 6 },
      { start: 7, end: 12 },
    ]);
  });
});

describe("many and large values", () => {
  test("50 values of 64 KiB and 2,000 small ones: every one is found, with no limit on their number or size", () => {
    const random = generator(3);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const text = (length: number) => Array.from({ length }, () => alphabet[random(64)]).join("");
    const large = Array.from({ length: 50 }, () => text(64 * 1024));
    const small = Array.from({ length: 2000 }, (_, i) => `leaf-${i}-${text(12)}`);
    const patterns = compilePatterns([...large, ...small].map((v) => enc.encode(v)));
    expect(patterns.size).toBe(2050);
    const data = enc.encode(`start ${large[17]} middle ${small[1999]} ${large[49]!.slice(0, 70_000)} ${small[0]} end`);
    const masked = dec.decode(Buffer.concat(new StreamMasker(patterns).push(data)));
    expect(masked).toBe("start **** middle **** **** **** end");
  });
});
