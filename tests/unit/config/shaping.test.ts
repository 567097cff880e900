import { expect, test } from "bun:test";
import { shapingForRun } from "../../../src/config/shaping.ts";

test("command-line shaping options win over the config file's, one by one", () => {
  expect(
    shapingForRun(
      { prefix: "CFG_", flattenSeparator: "_", allowOverride: ["PATH"], noOverride: true },
      { prefix: "CLI_", allowOverride: undefined, normalizeNames: true },
    ),
  ).toEqual({ prefix: "CLI_", flattenSeparator: "_", allowOverride: ["PATH"], noOverride: true, normalizeNames: true });
  expect(shapingForRun(undefined, { flattenSeparator: "." })).toEqual({ flattenSeparator: "." });
});
