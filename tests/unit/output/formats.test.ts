import { describe, expect, test } from "bun:test";
import { parse as parseDotenv } from "dotenv";
import { DOTENV_GUARD } from "../../../src/output/dotenv.ts";
import { formatVariables } from "../../../src/output/formats.ts";
import { thrownError } from "../../helpers/errors.ts";

const errorLines = (run: () => unknown): string[] => thrownError(run).lines();

describe("shell", () => {
  test("single-quotes every value; a quote becomes '\\''", () => {
    expect(formatVariables("shell", new Map([["A", "it's $HOME"], ["B", ""]]))).toBe(`export A='it'\\''s $HOME'\nexport B=''\n`);
  });
});

describe("dotenv", () => {
  test("prefers single quotes, then double quotes (with \\r for a carriage return), then backticks, then one-line forms", () => {
    const text = formatVariables(
      "dotenv",
      new Map([
        ["PLAIN", "a b#c"],
        ["MULTI", "line1\nline2"],
        ["SINGLE", "it's"],
        ["CR", "a\r\nb"],
        ["BOTH", `it's "x"`],
      ]),
    );
    expect(text).toBe(`PLAIN='a b#c'\nMULTI='line1\nline2'\nSINGLE="it's"\nCR="a\\r\nb"\nBOTH=\`it's "x"\`\n`);
    expect(parseDotenv(text)).toEqual({ PLAIN: "a b#c", MULTI: "line1\nline2", SINGLE: "it's", CR: "a\r\nb", BOTH: `it's "x"` });
  });

  test("a value ending in a backslash is followed by a guard comment so the next line stays its own", () => {
    const text = formatVariables("dotenv", new Map([["A", "C:\\dir\\"], ["B", "#x"]]));
    expect(text).toBe(`A='C:\\dir\\'\n${DOTENV_GUARD}\nB='#x'\n`);
    expect(parseDotenv(text)).toEqual({ A: "C:\\dir\\", B: "#x" });
  });

  test("refuses what dotenv cannot carry, naming each variable and never the value", () => {
    const value = `all 'three" quotes\` # and a hash`;
    const lines = errorLines(() =>
      formatVariables("dotenv", new Map([["FINE", "ok"], ["QUOTES", value], ["CR_AND_ESCAPE", "\\n and \r"]])),
    );
    expect(lines).toEqual([
      "QUOTES: the npm dotenv parser cannot read this value back exactly (it has all three quote characters, a #) — use --format shell or json",
      "CR_AND_ESCAPE: the npm dotenv parser cannot read this value back exactly (it has a carriage return, a backslash before n or r) — use --format shell or json",
    ]);
    expect(lines.join("\n")).not.toContain(value);
  });
});

describe("json", () => {
  test("one object of names to strings", () => {
    expect(JSON.parse(formatVariables("json", new Map([["A", "1"], ["B", "x\ny"]])))).toEqual({ A: "1", B: "x\ny" });
  });
});

describe("docker", () => {
  test("NAME=value, taken literally by docker", () => {
    expect(formatVariables("docker", new Map([["A", ` "quoted" $x `]]))).toBe(`A= "quoted" $x \n`);
  });
  test("refuses a line break", () => {
    expect(errorLines(() => formatVariables("docker", new Map([["KEY", "a\nb"]])))).toEqual([
      "KEY: the value has a line break, which a docker env-file cannot hold — use --format json or dotenv, or -o with the default shell format",
    ]);
    expect(errorLines(() => formatVariables("docker", new Map([["KEY", "a\r"]])))[0]).toStartWith("KEY: the value has a line break");
  });
});

describe("github", () => {
  test("NAME<<DELIMITER blocks with a fresh random delimiter each", () => {
    const text = formatVariables("github", new Map([["A", "x"], ["B", "y\nz"]]));
    const match = /^A<<(ghadelimiter_[0-9a-f-]{36})\nx\n\1\nB<<(ghadelimiter_[0-9a-f-]{36})\ny\nz\n\2\n$/.exec(text);
    expect(match).not.toBeNull();
    expect(match![1]).not.toBe(match![2]);
  });
  test("refuses a carriage return", () => {
    expect(errorLines(() => formatVariables("github", new Map([["TOKEN", "a\r\nb"]])))).toEqual([
      "TOKEN: the value has a carriage return, which the GitHub Actions runner would change — store the value without carriage returns",
    ]);
  });
});

test("every text format refuses a lone surrogate; json carries it", () => {
  const variables = new Map([["ODD", "a\ud800b"]]);
  for (const format of ["shell", "dotenv", "docker", "github"] as const) {
    expect(errorLines(() => formatVariables(format, variables))).toEqual([
      "ODD: the value is not valid Unicode (it holds a lone surrogate) — text formats are written as UTF-8; use --format json",
    ]);
  }
  expect(JSON.parse(formatVariables("json", variables)).ODD).toBe("a\ud800b");
});
