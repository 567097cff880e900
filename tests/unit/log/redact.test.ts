import { expect, test } from "bun:test";
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
