import { describe, expect, test } from "bun:test";
import { EnvSecretsError } from "../../../src/errors.ts";
import { parseJsonExact, variablesFromSecretString } from "../../../src/secrets/payload.ts";

function vars(json: string): Record<string, string> {
  return Object.fromEntries(variablesFromSecretString("app/test", json));
}

function errorOf(fn: () => unknown): EnvSecretsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnvSecretsError) return error;
    throw error;
  }
  throw new Error("expected an EnvSecretsError");
}

describe("variablesFromSecretString", () => {
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

  test("a secret that is not a JSON object is an error with a hint", () => {
    expect(errorOf(() => vars("plain text token")).message).toContain("the secret is not JSON");
    expect(errorOf(() => vars("[1,2]")).message).toContain("not a JSON object");
    expect(errorOf(() => vars("42")).message).toContain("not a JSON object");
    expect(errorOf(() => vars("null")).message).toContain("not a JSON object");
  });
});

describe("parseJsonExact", () => {
  test("returns undefined for invalid JSON", () => {
    expect(parseJsonExact("{")).toBeUndefined();
  });
});
