import { expect, test } from "bun:test";
import { addMaskCommands, escapeCommandData } from "../../../src/ci/add-mask.ts";

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
