import { expect, test } from "bun:test";
import { awsArgs, loggingArgs } from "../../../src/commands/_args.ts";
import { parseOptions } from "../../../src/commands/_parse.ts";

const def = { secret: { type: "string", alias: "s" }, ...awsArgs, ...loggingArgs } as const;

test("repeatable options keep every occurrence; aliases map to names", () => {
  const values = parseOptions(def, ["-s", "a", "--secret", "b", "-s=c", "-r", "eu-west-1", "--debug"], ["secret"]);
  expect(values.secret).toEqual(["a", "b", "=c"]);
  expect(values.region).toBe("eu-west-1");
  expect(values.debug).toBe(true);
});

test("unknown options, missing values and stray arguments are usage errors", () => {
  expect(() => parseOptions(def, ["--bogus"], ["secret"])).toThrow("Unknown option '--bogus' — see 'env-secrets --help'");
  expect(() => parseOptions(def, ["-s"], ["secret"])).toThrow("argument missing");
  expect(() => parseOptions(def, ["node", "app.js"], ["secret"])).toThrow("unexpected argument 'node' — put the command to run after --");
});
