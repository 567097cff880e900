import { describe, expect, test } from "bun:test";
import { parseDotenv } from "../../../src/secrets/dotenv.ts";
import { secretStringFor } from "../../../src/manage/storage.ts";
import { parseSecretObject, serializeSecretObject, textOf } from "../../../src/secrets/secret-object.ts";
import { thrownError } from "../../helpers/errors.ts";

describe("secretStringFor: the one storage rule of create, update and upsert", () => {
  test("a JSON object is stored exactly as given: key order, number digits, layout", () => {
    const input = '{ "b": 1.50, "a": {"x": 12345678901234567890}, "10": "z" }';
    expect(secretStringFor("s", input)).toBe(input);
  });

  test("dotenv text becomes a JSON object read as the run path reads it", () => {
    const input = "export A=1\n# comment\nB='two words'\nC=\"line\\nbreak\"\nA=again\n";
    const stored = secretStringFor("s", input);
    expect(JSON.parse(stored)).toEqual(Object.fromEntries(parseDotenv(input).variables));
    expect(stored).toBe('{"A":"again","B":"two words","C":"line\\nbreak"}');
  });

  test("a URL with a query is never split into a key", () => {
    const error = thrownError(() => secretStringFor("app/url", "https://x/?t=abc"));
    expect(error.message).toBe(
      'app/url: the value is neither a JSON object nor dotenv text (line 1 is not KEY=value) — add --raw to store it as it is, or --key NAME to store it as {"NAME": value}',
    );
    expect(secretStringFor("app/url", "https://x/?t=abc", { raw: true })).toBe("https://x/?t=abc");
    expect(secretStringFor("app/url", "https://x/?t=abc", { key: "URL" })).toBe('{"URL":"https://x/?t=abc"}');
  });

  test("JSON that is not an object, and a base64 token, are refused with the same advice", () => {
    expect(thrownError(() => secretStringFor("s", "[1,2]")).message).toBe(
      's: the value is JSON but not an object — add --raw to store it as it is, or --key NAME to store it as {"NAME": value}',
    );
    expect(thrownError(() => secretStringFor("s", "dG9rZW4=")).message).toBe(
      's: the value is neither a JSON object nor dotenv text — add --raw to store it as it is, or --key NAME to store it as {"NAME": value}',
    );
  });

  test("--key keeps the text exactly, even when it is JSON or dotenv text", () => {
    expect(secretStringFor("s", "A=1\n", { key: "ENV" })).toBe('{"ENV":"A=1\\n"}');
  });

  test("an empty value, --raw with --key, and an empty --key are errors", () => {
    expect(thrownError(() => secretStringFor("s", "")).message).toBe("s: the value is empty — give the value to store; Secrets Manager does not keep empty secrets");
    expect(thrownError(() => secretStringFor("s", "x", { raw: true, key: "K" }), "usage").message).toBe(
      '--raw and --key cannot be combined — --raw stores the text as it is; --key NAME stores {"NAME": text}',
    );
    expect(thrownError(() => secretStringFor("s", "x", { key: "" }), "usage").message).toBe("--key needs a key name — e.g. --key API_TOKEN");
  });
});

describe("SecretObject keeps every value's text and the key order", () => {
  test("round trip of an edited object leaves other values byte for byte", () => {
    const text = '{"2":"two","PORT":5432,"RATE":1.50,"NESTED":{ "b" : [1, "x\\"y"] },"NULL":null,"T":true}';
    const object = parseSecretObject(text)!;
    expect([...object.keys()]).toEqual(["2", "PORT", "RATE", "NESTED", "NULL", "T"]);
    expect(object.get("NESTED")).toBe('{ "b" : [1, "x\\"y"] }');
    object.set("NEW", '"v"');
    expect(serializeSecretObject(object)).toBe('{"2":"two","PORT":5432,"RATE":1.50,"NESTED":{ "b" : [1, "x\\"y"] },"NULL":null,"T":true,"NEW":"v"}');
  });

  test("whitespace around the frame and a repeated key read as JSON.parse reads them", () => {
    const object = parseSecretObject(' \n{ "A" : "1" ,\n "B":2, "A":"3" }\n')!;
    expect([...object]).toEqual([["A", '"3"'], ["B", "2"]]);
  });

  test("text that is not a JSON object has no object", () => {
    for (const text of ["", "[]", "1", '"s"', "A=1", "{", "null"]) expect(parseSecretObject(text)).toBeUndefined();
  });

  test("textOf gives what a variable would get", () => {
    expect(["\"a\\nb\"", "1.50", "true", "null", '{"x": 1}'].map(textOf)).toEqual(["a\nb", "1.50", "true", "", '{"x":1}']);
  });
});
