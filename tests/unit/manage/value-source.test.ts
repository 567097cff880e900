import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { redactor } from "../../../src/log/logger.ts";
import { chooseValueSource, readValue } from "../../../src/manage/value-source.ts";
import { thrownError } from "../../helpers/errors.ts";
import { scratchDir } from "../../helpers/run.ts";

function readers(stdin: string | Uint8Array = "") {
  const warnings: string[] = [];
  return {
    warnings,
    stdin: async () => (typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin),
    prompt: async (label: string, confirm: boolean) => `typed for ${label}${confirm ? " twice" : ""}`,
    warn: (message: string) => warnings.push(message),
  };
}

describe("chooseValueSource", () => {
  test("exactly one source", () => {
    expect(chooseValueSource({ value: "v" }, true)).toEqual({ kind: "argument", text: "v" });
    expect(chooseValueSource({ prompt: true, confirm: true }, true)).toEqual({ kind: "prompt", confirm: true });
    expect(chooseValueSource({}, false)).toBeUndefined();
    expect(thrownError(() => chooseValueSource({ file: "f", prompt: true }, true), "usage").message).toBe(
      "give the value one way only, not -f and --prompt — choose one of -v VALUE, --value-stdin, -f FILE or --prompt",
    );
    expect(thrownError(() => chooseValueSource({}, true), "usage").message).toBe("no value given — give it with -v VALUE, --value-stdin, -f FILE or --prompt");
    expect(thrownError(() => chooseValueSource({ value: "v", confirm: true }, true), "usage").message).toBe("--confirm needs --prompt — it asks for the typed value a second time");
  });
});

describe("readValue", () => {
  test("-v warns that the value is visible; the value is registered with the redactor", async () => {
    const r = readers();
    expect(await readValue({ kind: "argument", text: "argument-value-1" }, "x", r)).toBe("argument-value-1");
    expect(r.warnings).toEqual([
      "a value given with -v is visible to other users in the process list and stays in your shell history; prefer --prompt, --value-stdin or -f FILE",
    ]);
    expect(redactor.redact("argument-value-1")).toBe("****");
  });

  test("stdin: exact bytes, one trailing newline removed", async () => {
    expect(await readValue({ kind: "stdin" }, "x", readers("  a\n\n"))).toBe("  a\n");
    expect(await readValue({ kind: "stdin" }, "x", readers("a\r\n"))).toBe("a");
    expect(await readValue({ kind: "stdin" }, "x", readers("a"))).toBe("a");
  });

  test("a file exactly as it is", async () => {
    const path = join(scratchDir(), "v.txt");
    writeFileSync(path, "A=1\n\n");
    expect(await readValue({ kind: "file", path }, "x", readers())).toBe("A=1\n\n");
  });

  test("the prompt gets the label and --confirm", async () => {
    expect(await readValue({ kind: "prompt", confirm: true }, "TOKEN", readers())).toBe("typed for TOKEN twice");
  });
});
