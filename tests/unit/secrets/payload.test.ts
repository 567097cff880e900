import { describe, expect, test } from "bun:test";
import { jsonDepthExceeds, parseJsonExact } from "../../../src/secrets/payload.ts";
import { shapeSecret } from "../../../src/secrets/shape.ts";
import { thrownError } from "../../helpers/errors.ts";

function vars(json: string): Record<string, string> {
  return Object.fromEntries(shapeSecret({ label: "app/test", secretId: "app/test" }, { secretString: json }));
}

const errorOf = (fn: () => unknown) => thrownError(fn);

describe("JSON-object secrets", () => {
  test("strings are kept as they are, including newlines and unicode", () => {
    expect(vars('{"A":"x y","B":"line1\\nline2","C":"é€😀","D":""}')).toEqual({ A: "x y", B: "line1\nline2", C: "é€😀", D: "" });
  });

  test("numbers keep their exact source text", () => {
    expect(vars('{"PORT":5432,"PRICE":1.50,"BIG":12345678901234567890,"EXP":1e3,"NEG":-0.0}')).toEqual({
      PORT: "5432",
      PRICE: "1.50",
      BIG: "12345678901234567890",
      EXP: "1e3",
      NEG: "-0.0",
    });
  });

  test("booleans, null, nested objects and arrays", () => {
    expect(vars('{"T":true,"F":false,"N":null,"O":{"a": 1.10, "b": [1, "x"]},"L":[ 1 , 2.50 ]}')).toEqual({
      T: "true",
      F: "false",
      N: "",
      O: '{"a":1.10,"b":[1,"x"]}',
      L: "[1,2.50]",
    });
  });

  test("an invalid key name is an error naming the key, never the value", () => {
    const error = errorOf(() => vars('{"BAD-NAME":"the-value-xyz"}'));
    expect(error.message).toContain('"BAD-NAME"');
    expect(error.message).not.toContain("the-value-xyz");
    expect(errorOf(() => vars('{"1ABC":"v"}')).message).toContain('"1ABC"');
    expect(errorOf(() => vars('{"":"v"}')).message).toContain('""');
  });

  test("a NUL character in a value is an error naming the key", () => {
    const error = errorOf(() => vars('{"TOKEN":"a\\u0000b"}'));
    expect(error.message).toBe("app/test: the value of TOKEN contains a NUL character — an environment variable cannot hold NUL; store the value base64-encoded");
  });

  test("a secret that is not a JSON object is an error showing the fixes", () => {
    const fix = "name the variable for the whole secret: -s VAR=app/test";
    expect(errorOf(() => vars("plain-text-token")).message).toBe(
      `app/test: the secret is not a JSON object — ${fix}; or, if it holds KEY=value lines, read them as dotenv text: -s dotenv:app/test`,
    );
    for (const json of ["[1,2]", "42", "null", '"text"']) {
      expect(errorOf(() => vars(json)).message).toBe(`app/test: the secret is JSON but not an object — ${fix}`);
    }
  });

  test("JSON nested more than 100 levels deep is refused before parsing; 100 levels are read", () => {
    const nested = (levels: number) => `{"A":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;
    expect(vars(nested(100))).toEqual({ A: `${"[".repeat(99)}${"]".repeat(99)}` });
    const fix = "name the variable for the whole secret: -s VAR=app/test";
    for (const text of [nested(101), nested(10_000), `  ${"[".repeat(10_000)}`]) {
      expect(errorOf(() => vars(text)).message).toBe(`app/test: the secret is JSON nested more than 100 levels deep — ${fix}`);
    }
    expect(shapeSecret({ label: "X=app/test", secretId: "app/test", as: "X" }, { secretString: nested(10_000) }).get("X")).toBe(nested(10_000));
  });
});

describe("jsonDepthExceeds", () => {
  test("counts arrays and objects inside each other, not brackets inside strings", () => {
    expect(jsonDepthExceeds('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[\\"[[[[","b":[1,[2]]}', 3)).toBe(false);
    expect(jsonDepthExceeds("[[]][[]][[]]", 2)).toBe(false);
  });
});

describe("parseJsonExact", () => {
  test("returns undefined for invalid JSON", () => {
    expect(parseJsonExact("{")).toBeUndefined();
  });
});
