import { expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addMaskCommands, escapeCommandData, printAddMaskCommands } from "../../../src/output/add-mask.ts";

test("one command per line of at least 4 characters, escaped as the runner expects", () => {
  expect(addMaskCommands(["s3cr%t", "abc", "line-one\nxy\nline%two\r\n"])).toBe(
    "::add-mask::s3cr%25t\n::add-mask::line-one\n::add-mask::line%25two\n",
  );
});

test("duplicates are registered once", () => {
  expect(addMaskCommands(["same-value", "same-value"])).toBe("::add-mask::same-value\n");
});

test("workflow command data escapes %, CR and LF", () => {
  expect(escapeCommandData("100%\r\nnext\rline\n")).toBe("100%25%0D%0Anext%0Dline%0A");
});

test("printAddMaskCommands writes every command to the descriptor", () => {
  const file = join(mkdtempSync(join(tmpdir(), "add-mask-")), "out");
  const fd = openSync(file, "w");
  const values = Array.from({ length: 5000 }, (_, i) => `value-number-${i}`);
  printAddMaskCommands(values, fd);
  closeSync(fd);
  expect(readFileSync(file, "utf8")).toBe(addMaskCommands(values));
});
