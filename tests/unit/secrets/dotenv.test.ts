/**
 * The dotenv-text reader against the real npm `dotenv` package (a
 * devDependency): fixed examples of its documented rules, then thousands of
 * random texts built from the characters its grammar cares about.
 */
import { describe, expect, test } from "bun:test";
import dotenv from "dotenv";
import { parseDotenv } from "../../../src/secrets/dotenv.ts";
import { seededRandom as random } from "../../helpers/random-values.ts";

function ours(text: string): Record<string, string> {
  return Object.fromEntries(parseDotenv(text).variables);
}

const EXAMPLES = [
  "A=1\nB=2",
  "export A=1\nexport   B = two words  \n",
  "# a comment\n\nA=x # inline comment\nB=x#not-a-comment-without-space",
  "A='single # not a comment'\nB=\"double\\nnewline\"\nC=`back 'tick' \"quotes\"`\nD='no \\n expansion'",
  "A=1\r\nB=2\r\nC=\"x\\ry\"\r\n",
  'MULTI="line one\nline two"\nNEXT=after',
  "PRIVATE_KEY='-----BEGIN KEY-----\nabc\n-----END KEY-----'",
  "EMPTY=\nSPACES=   \nQUOTED_EMPTY=''",
  "A: colon form\nB:nospace",
  "dotted.key=1\ndashed-key=2",
  "A=first\nA=second",
  'A="unterminated\nB=2',
  "A='x' trailing\nB=\"y\" # comment",
  "  indented=1\n\t\ttabbed=2",
  "export=1\nexportX=2\nexport  =3",
  "A=\n'next line quoted'",
  "A=caf\u00e9 \u20ac \u{1f600}\nB=\u00a0nbsp\u00a0",
  "A=1\u2028B=2",
  'A="escaped \\" quote"\nB=\'escaped \\\' quote\'',
  "=novalue\nA=1",
  "constructor=y\ntoString=z",
];

describe("parseDotenv reads dotenv text exactly as dotenv.parse", () => {
  test.each(EXAMPLES.map((text) => [JSON.stringify(text), text]))("%s", (_label, text) => {
    expect(ours(text)).toEqual(dotenv.parse(text));
  });

  /** Random texts of up to `maxPieces` of `pieces`, each parsed by both; any difference fails with the text. */
  function expectSameAsDotenv(pieces: string[], texts: number, maxPieces: number, seedFactor: number): void {
    for (let seed = 1; seed <= texts; seed++) {
      const next = random(seed * seedFactor);
      const length = Math.floor(next() * maxPieces);
      let text = "";
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      const expected = dotenv.parse(text);
      const actual = ours(text);
      if (!Bun.deepEquals(actual, expected)) throw new Error(`seed ${seed}: ${JSON.stringify(text)} gave ${JSON.stringify(actual)}, dotenv ${JSON.stringify(expected)}`);
    }
  }

  test("10,000 random texts from the grammar's own characters", () => {
    const pieces = [
      "A", "B", "KEY", "x", "_", ".", "-", "1", "export", "export ", " ", "  ", "\t", "=", ":", ": ", "'", '"', "`",
      "\\", "\\n", "\\r", "#", " #", "\n", "\r\n", "\r", "\u2028", "\u00a0", "\u00e9", "\u{1f600}", "$", "$(x)", "{", "}",
    ];
    expectSameAsDotenv(pieces, 10_000, 40, 1);
  });

  test("2,000 longer random texts heavy in blank lines and whitespace runs (where the matcher skips ahead)", () => {
    const pieces = ["\n", "\n\n\n", "   ", "\t", "\u00a0", "\u2028", "\ufeff", " \n ", "A", "K_1", "=", ": ", "'", '"', "`", "#", "x y", "export "];
    expectSameAsDotenv(pieces, 2_000, 300, 7919);
  });
});

test("__proto__ is kept as a variable (dotenv.parse fills a plain object, where it is lost)", () => {
  expect([...parseDotenv("__proto__=x\nconstructor=y\ntoString=z").variables]).toEqual([
    ["__proto__", "x"],
    ["constructor", "y"],
    ["toString", "z"],
  ]);
});

describe("lines that are not variables", () => {
  test("blank lines and comments are fine; any other line is reported by number", () => {
    expect(parseDotenv("# c\n\n  # indented comment\nA=1\n\n").invalidLine).toBeUndefined();
    expect(parseDotenv("A=1\nnot a variable\nB=2").invalidLine).toBe(2);
    expect(parseDotenv("A=1\r\nB=2\r\n-----BEGIN CERTIFICATE-----\r\n").invalidLine).toBe(3);
    expect(parseDotenv("plain-token").invalidLine).toBe(1);
    expect(parseDotenv("https://example.com/x").invalidLine).toBe(1);
    expect(parseDotenv("").invalidLine).toBeUndefined();
    expect(parseDotenv("").variables.size).toBe(0);
  });

  test("a quoted value spanning lines is one variable, not invalid lines", () => {
    const parsed = parseDotenv("KEY='-----BEGIN-----\nbody line\n-----END-----'\nNEXT=1");
    expect(parsed.invalidLine).toBeUndefined();
    expect([...parsed.variables.keys()]).toEqual(["KEY", "NEXT"]);
  });

  test("random files of valid lines have no invalid line; one inserted garbage line is found", () => {
    const keys = ["A", "B_2", "export X", "lower", "dotted.key", "  INDENTED"];
    const values = ["", "plain", "two words", "'single quoted'", '"double\\nquoted"', "`back`", "x # comment", "'multi\nline'"];
    const others = ["", "# comment", "   ", "\t# tabbed comment"];
    for (let seed = 1; seed <= 2_000; seed++) {
      const next = random(seed);
      const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
      const lines: string[] = [];
      const count = 1 + Math.floor(next() * 8);
      for (let i = 0; i < count; i++) {
        if (next() < 0.3) lines.push(pick(others));
        lines.push(`${pick(keys)}${pick(["=", " = ", ": "])}${pick(values)}`);
      }
      const eol = pick(["\n", "\r\n"]);
      const valid = lines.join(eol);
      const parsed = parseDotenv(valid);
      expect(parsed.invalidLine, `seed ${seed}: ${JSON.stringify(valid)}`).toBeUndefined();
      expect(parsed.variables.size).toBeGreaterThan(0);

      // Insert a garbage line between two whole entries (never inside a multi-line value).
      const at = Math.floor(next() * (lines.length + 1));
      const withGarbage = [...lines.slice(0, at), pick(["garbage", "two words", "-----BEGIN-----", "a b=c"]), ...lines.slice(at)];
      const lineOf = withGarbage.slice(0, at).join("\n").split("\n").length + (at === 0 ? 0 : 1);
      expect(parseDotenv(withGarbage.join(eol)).invalidLine, `seed ${seed}`).toBe(lineOf);
    }
  });
});
