import { describe, expect, test } from "bun:test";
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

describe("options with an optional value", () => {
  const def = { "create-config": { type: "string" }, secret: { type: "string", alias: "s" } } as const;
  const optional = { "create-config": ".env-secrets.yml" };
  test("alone: the default; followed by a word or =: that value; followed by an option: the default", () => {
    expect(parseOptions(def, ["--create-config"], [], optional)["create-config"]).toBe(".env-secrets.yml");
    expect(parseOptions(def, ["--create-config", "team.yml"], [], optional)["create-config"]).toBe("team.yml");
    expect(parseOptions(def, ["--create-config=x.json"], [], optional)["create-config"]).toBe("x.json");
    expect(parseOptions(def, ["--create-config", "-s", "a"], [], optional)).toEqual({ "create-config": ".env-secrets.yml", secret: "a" });
  });
});
