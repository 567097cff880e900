import { describe, expect, test } from "bun:test";
import { debugRequestedByEnv } from "../../../src/log/logger.ts";
import { Redactor } from "../../../src/log/redact.ts";

test("registered values are masked in their raw, JSON-escaped and URL-encoded forms", () => {
  const redactor = new Redactor();
  redactor.register('p@ss "word"/1');
  expect(redactor.redact('raw p@ss "word"/1 end')).toBe("raw **** end");
  expect(redactor.redact(`json ${JSON.stringify({ v: 'p@ss "word"/1' })}`)).toBe('json {"v":"****"}');
  expect(redactor.redact(`url ?v=${encodeURIComponent('p@ss "word"/1')}`)).toBe("url ?v=****");
});

test("a value with a lone surrogate registers without throwing, and is masked raw, JSON-escaped and as a URL writes it", () => {
  const redactor = new Redactor();
  const value = "tok\ud800en-value";
  expect(() => redactor.register(value)).not.toThrow();
  expect(redactor.redact(`raw ${value} end`)).toBe("raw **** end");
  expect(redactor.redact(`json ${JSON.stringify({ v: value })}`)).toBe('json {"v":"****"}');
  expect(redactor.redact(`url ${new URL(`https://h/?v=${value}`).search}`)).toBe("url ?v=****");
});

test("each line of a multiline value is masked on its own", () => {
  const redactor = new Redactor();
  redactor.register("-----BEGIN KEY-----\nMIIEvQIBADANBg\n-----END KEY-----");
  expect(redactor.redact("partial: MIIEvQIBADANBg")).toBe("partial: ****");
  expect(redactor.redact("escaped: -----BEGIN KEY-----\\nMIIEvQIBADANBg")).toBe("escaped: ****\\n****");
});

test("regex metacharacters in values are matched literally; short values are not masked", () => {
  const redactor = new Redactor();
  redactor.register("a.b*c(d)");
  redactor.register("abc");
  expect(redactor.redact("a.b*c(d) axbbc(d) abc")).toBe("**** axbbc(d) abc");
});

test("DEBUG patterns as upstream users type them", () => {
  for (const value of ["env-secrets", "env-secrets:*", "*", "foo,env-secrets", "env-secrets:secretsmanager"]) {
    expect(debugRequestedByEnv(value)).toBe(true);
  }
  for (const value of [undefined, "", "other", "env-secretsx"]) expect(debugRequestedByEnv(value)).toBe(false);
});

describe("every encoding of a value is masked", () => {
  const value = 'CANARY p@ss/"wörd"&<1>(2)!';
  const redactor = new Redactor();
  redactor.register(value);
  const json = JSON.stringify(value).slice(1, -1);
  const python = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const cases: Array<[string, string]> = [
    ["JSON-escaped", json],
    ["JSON-escaped twice", JSON.stringify(json).slice(1, -1)],
    ["\\uXXXX for non-ASCII, lower-case hex (Python's json.dumps)", python],
    ["\\uXXXX for non-ASCII, upper-case hex", python.replace("\\u00f6", "\\u00F6")],
    ["<, >, & as \\u003c... (Go's encoding/json)", json.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")],
    ["encodeURIComponent", encodeURIComponent(value)],
    ["percent-encoded with lower-case hex", encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
    ["percent-encoded leaving / alone", encodeURIComponent(value).replaceAll("%2F", "/")],
    ["encodeURI", encodeURI(value)],
    ["form-encoded, + for a space", new URLSearchParams({ v: value }).toString().slice(2)],
    ["strictly percent-encoded (Python's quote)", "CANARY%20p%40ss/%22w%C3%B6rd%22%26%3C1%3E%282%29%21"],
    ["base64", Buffer.from(value).toString("base64")],
    ["base64 without padding", Buffer.from(value).toString("base64").replace(/=+$/, "")],
    ["URL-safe base64", Buffer.from(value).toString("base64url")],
  ];
  for (const [label, form] of cases) {
    test(label, () => {
      expect(form).not.toBe(value);
      expect(redactor.redact(`before ${form} after`)).toBe("before **** after");
    });
  }

  test("forms of a short value are not registered, as the value itself is not", () => {
    const short = new Redactor();
    short.register("abc");
    expect(short.registered()).toEqual([]);
    expect(short.redact(`abc ${Buffer.from("abc").toString("base64")}`)).toBe("abc YWJj");
  });
});

describe("a value split over lines", () => {
  test("is masked after the lines are joined and trimmed, as a message put on one line is", () => {
    const redactor = new Redactor();
    const value = "CANARY-first-line\n    CANARY-second\n  ab";
    redactor.register(value);
    const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim();
    expect(redactor.redact(oneLine(`rejected: ${value}; fix it`))).toBe("rejected: ****; fix it");
    expect(redactor.redact("only CANARY-second here")).toBe("only **** here");
  });
});

test("a blank line of a multiline value is not a form: indentation elsewhere stays", () => {
  const redactor = new Redactor();
  redactor.register("CANARY-top\n        \nCANARY-bottom");
  expect(redactor.redact("at x\n        at y CANARY-bottom")).toBe("at x\n        at y ****");
});

describe("AWS credentials", () => {
  test("credential material shorter than 16 characters is not masked; secret values of 4 and more are", () => {
    const redactor = new Redactor();
    redactor.registerCredential("test");
    redactor.registerCredential("short-token-15c");
    expect(redactor.redact("my-test-secret short-token-15c")).toBe("my-test-secret short-token-15c");
    redactor.registerCredential("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    expect(redactor.redact("key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toBe("key ****");
    redactor.register("test");
    expect(redactor.redact("my-test-secret")).toBe("my-****-secret");
  });
});

describe("any number of values of any size", () => {
  test("50 JSON secrets of 64 KiB with every leaf registered, then text quoting some of them", () => {
    const redactor = new Redactor();
    const secrets: Array<Record<string, string>> = [];
    for (let s = 0; s < 50; s++) {
      const secret: Record<string, string> = {};
      for (let k = 0; k < 40; k++) secret[`KEY_${k}`] = `v${s}-${k}-${crypto.randomUUID()}-${"x".repeat(1550)}`;
      secrets.push(secret);
      const text = JSON.stringify(secret);
      expect(text.length).toBeGreaterThan(60_000);
      redactor.register(text);
      for (const leaf of Object.values(secret)) redactor.register(leaf);
      // A log line between two fetches, as --debug writes.
      expect(redactor.redact(`fetched secret ${s}`)).toBe(`fetched secret ${s}`);
    }
    for (let i = 0; i < 2000; i++) redactor.register(`small-leaf-${i}`);
    const quoted = `a ${secrets[3]!.KEY_7} b ${JSON.stringify(JSON.stringify(secrets[41]))} c small-leaf-1999 d ${encodeURIComponent(secrets[0]!.KEY_0!)}`;
    expect(redactor.redact(quoted)).toBe("a **** b \"****\" c **** d ****");
  });
});
