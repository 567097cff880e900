import { expect, test } from "bun:test";
import { outputRequest } from "../../../src/output/deliver.ts";
import { thrownError } from "../../helpers/errors.ts";

const usage = (run: () => unknown): string => thrownError(run, "usage").message;

test("no output option: a command runs instead", () => {
  expect(outputRequest({}, true, {})).toBeUndefined();
});

test("-o defaults to nothing more; --format alone means stdout; --github-env reads GITHUB_ENV", () => {
  expect(outputRequest({ output: "f" }, false, {})).toEqual({ file: "f" });
  expect(outputRequest({ format: "json" }, false, {})).toEqual({ format: "json" });
  expect(outputRequest({ output: "f", format: "dotenv", "github-env": true }, false, { GITHUB_ENV: "/g" })).toEqual({
    file: "f",
    format: "dotenv",
    githubEnv: "/g",
  });
});

test("usage errors name every output option given next to a command, and bad values", () => {
  expect(usage(() => outputRequest({ output: "f", format: "json", "github-env": true }, true, {}))).toBe(
    "-o and --format and --github-env and a command cannot be combined — either write the variables out or run a command after --, not both",
  );
  expect(usage(() => outputRequest({ format: "yaml" }, false, {}))).toBe(
    "invalid value for --format: 'yaml' — expected one of shell, dotenv, json, docker, github",
  );
});
