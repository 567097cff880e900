import { describe, expect, test } from "bun:test";
import { awsArgs, loggingArgs, secretArgs } from "../../../src/commands/_args.ts";
import { parseOptions } from "../../../src/commands/_parse.ts";

const def = { ...secretArgs, ...awsArgs, ...loggingArgs } as const;

test("repeatable options keep every occurrence; aliases map to names", () => {
  const values = parseOptions(def, ["-s", "a", "--secret", "b", "-s=c", "-r", "eu-west-1", "--debug"]);
  expect(values.secret).toEqual(["a", "b", "=c"]);
  expect(values.region).toBe("eu-west-1");
  expect(values.debug).toBe(true);
});

test("absent options: booleans false, repeatable options empty, the rest undefined", () => {
  const values = parseOptions(def, []);
  expect(values.secret).toEqual([]);
  expect(values.debug).toBe(false);
  expect(values.region).toBeUndefined();
});

test("unknown options, missing values and stray arguments are usage errors", () => {
  expect(() => parseOptions(def, ["--bogus"])).toThrow("Unknown option '--bogus' — see 'env-secrets --help'");
  expect(() => parseOptions(def, ["-s"])).toThrow("argument missing");
  expect(() => parseOptions(def, ["node", "app.js"])).toThrow("unexpected argument 'node' — put the command to run after --");
});

test("an enum option takes one of its choices", () => {
  const formats = { format: { type: "enum" as const, options: ["shell", "json"] } };
  expect(parseOptions(formats, ["--format", "json"]).format).toBe("json");
  expect(() => parseOptions(formats, ["--format", "yaml"])).toThrow("invalid value for --format: 'yaml' — expected one of shell, json");
});

describe("options with an optional value", () => {
  const def = { "create-config": { type: "string", optionalValue: ".env-secrets.yml" }, ...secretArgs } as const;
  test("alone: the default; followed by a word or =: that value; followed by an option: the default", () => {
    expect(parseOptions(def, ["--create-config"])["create-config"]).toBe(".env-secrets.yml");
    expect(parseOptions(def, ["--create-config", "team.yml"])["create-config"]).toBe("team.yml");
    expect(parseOptions(def, ["--create-config=x.json"])["create-config"]).toBe("x.json");
    expect(parseOptions(def, ["--create-config", "-s", "a"])).toEqual({ "create-config": ".env-secrets.yml", secret: ["a"] });
  });
});
