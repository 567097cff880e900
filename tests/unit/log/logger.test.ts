import { describe, expect, test } from "bun:test";
import { createConsola } from "consola/core";
import { createRedactingReporter, wantsColor } from "../../../src/log/logger.ts";
import { Redactor } from "../../../src/log/redact.ts";

function logger(options: { stacks?: boolean; color?: boolean } = {}) {
  const redactor = new Redactor();
  const lines: string[] = [];
  const log = createConsola({
    level: 4,
    throttle: 0,
    reporters: [
      createRedactingReporter({
        redactor,
        write: (text) => lines.push(text),
        showStacks: () => options.stacks ?? false,
        color: () => options.color ?? false,
      }),
    ],
  });
  return { log, redactor, output: () => lines.join("") };
}

describe("the redacting reporter", () => {
  test("masks values in strings, objects and every line of a multiline message, prefixing each line", () => {
    const { log, redactor, output } = logger();
    redactor.register("CANARY-logger-value");
    log.warn("got CANARY-logger-value\nand again CANARY-logger-value");
    log.debug({ body: '{"password":"CANARY-logger-value"}', nested: { deep: ["CANARY-logger-value"] } });
    expect(output()).not.toContain("CANARY-logger-value");
    expect(output()).toBe(
      "env-secrets: warning: got ****\nenv-secrets: warning: and again ****\n" +
        "env-secrets: debug: { body: '{\"password\":\"****\"}', nested: { deep: [ '****' ] } }\n",
    );
  });

  test("an error's message is masked; in debug mode its stack and whole cause chain too", () => {
    const value = "CANARY-in-an-error";
    const error = new Error(`outer saw ${value}`, { cause: new Error(`inner saw ${value}`, { cause: { body: value } }) });
    const plain = logger();
    plain.redactor.register(value);
    plain.log.error(error);
    expect(plain.output()).toBe("env-secrets: outer saw ****\n");

    const debug = logger({ stacks: true });
    debug.redactor.register(value);
    debug.log.error(error);
    expect(debug.output()).not.toContain(value);
    expect(debug.output()).toContain("env-secrets: Error: outer saw ****\n");
    expect(debug.output()).toContain("env-secrets: caused by: Error: inner saw ****\n");
    expect(debug.output()).toContain("env-secrets: caused by: { body: '****' }\n");
  });

  test("a value that is an object's message (which consola unpacks) is still masked", () => {
    const { log, redactor, output } = logger();
    redactor.register("CANARY-message-field");
    log.warn({ message: "CANARY-message-field", additional: "more CANARY-message-field" });
    expect(output()).not.toContain("CANARY-message-field");
  });

  test("colour only on the prefix, and only when asked for", () => {
    const colored = logger({ color: true });
    colored.log.warn("careful");
    expect(colored.output()).toBe("\x1b[33menv-secrets: warning: \x1b[0mcareful\n");
    const plain = logger({ color: false });
    plain.log.warn("careful");
    expect(plain.output()).toBe("env-secrets: warning: careful\n");
  });

  test("colour needs a terminal, and NO_COLOR or TERM=dumb turn it off", () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColor({ isTTY: true }, { TERM: "dumb" })).toBe(false);
  });

  test("control characters and bidi overrides from a message are shown as escapes, after masking; the prefix keeps its colour", () => {
    const { log, redactor, output } = logger({ color: true });
    redactor.register("CANARY-\x1b[31m-in-a-value");
    log.error(
      "AccessDenied: \x1b]0;pwned\x07 \x1b[2J\rfake line\x9b \u202eevil\u2066 \x00\x7f\ttab CANARY-\x1b[31m-in-a-value\r\nnext",
    );
    expect(output()).toBe(
      "\x1b[31menv-secrets: \x1b[0mAccessDenied: \\x1b]0;pwned\\x07 \\x1b[2J\\x0dfake line\\x9b \\u202eevil\\u2066 \\x00\\x7f\\x09tab ****\n" +
        "\x1b[31menv-secrets: \x1b[0mnext\n",
    );
  });

  test("a value longer than inspect's string limit is masked in full inside an object", () => {
    const { log, redactor, output } = logger();
    const value = `CANARY-long-${"y".repeat(20_000)}`;
    redactor.register(value);
    log.debug({ body: value });
    expect(output()).toBe("env-secrets: debug: { body: '****' }\n");
  });
});
