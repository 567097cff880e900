import { expect, test } from "bun:test";
import { inspectValue, isatty } from "../../../src/io/lazy-node.ts";

// Each stands in for the node: module's own function: same answers, loaded on first use.

test("isatty and inspectValue answer as node:tty and node:util do", () => {
  expect(isatty(-1)).toBe(false);
  expect(inspectValue({ a: [1, "two"] })).toBe("{ a: [ 1, 'two' ] }");
});
