import { describe, expect, test } from "bun:test";
import { parseJsonExact } from "../../../src/secrets/payload.ts";
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

  test("a secret that is neither a JSON object nor dotenv text is an error showing the VAR= fix", () => {
    const fix = "name the variable for the whole secret: -s VAR=app/test";
    expect(errorOf(() => vars("plain-text-token")).message).toBe(
      `app/test: the secret is neither a JSON object nor dotenv text (line 1 is not KEY=value) — ${fix}`,
    );
    expect(errorOf(() => vars("A=1\nnot a variable\nB=2")).message).toBe(
      `app/test: the secret is neither a JSON object nor dotenv text (line 2 is not KEY=value) — ${fix}`,
    );
    expect(errorOf(() => vars("\n# only a comment\n")).message).toBe(
      `app/test: the secret is neither a JSON object nor dotenv text (no KEY=value line) — ${fix}`,
    );
    for (const json of ["[1,2]", "42", "null", '"text"']) {
      expect(errorOf(() => vars(json)).message).toBe(`app/test: the secret is JSON but not an object — ${fix}`);
    }
  });
});

describe("parseJsonExact", () => {
  test("returns undefined for invalid JSON", () => {
    expect(parseJsonExact("{")).toBeUndefined();
  });
});
