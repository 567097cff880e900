import { describe, expect, test } from "bun:test";
import { awsArgs, loggingArgs, secretArgs } from "../../../src/commands/_args.ts";
import { parseOptions, splitAtProgram } from "../../../src/commands/_parse.ts";
import { awsRunArgs } from "../../../src/commands/aws-plan.ts";

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
  expect(() => parseOptions(def, ["--bogus"])).toThrow("unknown option '--bogus' — see 'env-secrets --help'");
  expect(() => parseOptions(def, ["-s"])).toThrow("-s needs a value: -s <ref> — see 'env-secrets --help'");
  expect(() => parseOptions(def, ["node", "app.js"])).toThrow("unexpected argument 'node' — put the command to run after --");
});

test("the parser's complaints in our words: lower-case, the value named as in the help, pointing at the command's help", () => {
  const aws = { command: "aws", runsProgram: true };
  expect(() => parseOptions(def, ["--bogus"], aws)).toThrow("unknown option '--bogus' — see 'env-secrets aws --help'");
  expect(() => parseOptions(def, ["-qx"], aws)).toThrow("unknown option '-q' — see 'env-secrets aws --help'");
  expect(() => parseOptions(def, ["-s"], aws)).toThrow("-s needs a value: -s <ref> — see 'env-secrets aws --help'");
  expect(() => parseOptions(def, ["--secret"], aws)).toThrow("--secret needs a value: --secret <ref> — see 'env-secrets aws --help'");
  // `-s -- true`: the splitter gave -s the `--`, which the parser will not take as a secret's name.
  expect(() => parseOptions(def, ["-s", "--"], aws)).toThrow("-s needs a value: -s <ref> — see 'env-secrets aws --help'");
  expect(() => parseOptions(def, ["-r", "--debug"], aws)).toThrow("-r needs a value: -r <region> — see 'env-secrets aws --help'");
  expect(() => parseOptions(def, ["--debug=yes"], aws)).toThrow("--debug takes no value — give it alone: --debug; see 'env-secrets aws --help'");
});

test("positionals: in order, a missing required one and an extra one are usage errors naming the command's help", () => {
  const defs = { shell: { type: "positional", required: true, valueHint: "shell" }, ...loggingArgs } as const;
  const who = { command: "completion", runsProgram: false };
  expect(parseOptions(defs, ["zsh", "--debug"], who)).toMatchObject({ shell: "zsh", debug: true });
  expect(() => parseOptions(defs, [], who)).toThrow("missing <shell> — see 'env-secrets completion --help'");
  expect(() => parseOptions(defs, ["zsh", "fish"], who)).toThrow("unexpected argument 'fish' — see 'env-secrets completion --help'");
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

describe("options end at the program (POSIX, env(1)) or at --", () => {
  const split = (...words: string[]) => splitAtProgram(awsRunArgs, words);
  test("the first word that is not an option starts the program; nothing after it is an option", () => {
    expect(split("-s", "app", "node", "app.js", "--port", "3000")).toEqual({ options: ["-s", "app"], program: ["node", "app.js", "--port", "3000"] });
    expect(split("-s", "app", "printf", "%s", "--debug")).toEqual({ options: ["-s", "app"], program: ["printf", "%s", "--debug"] });
    expect(split("--debug", "sh", "-c", "x", "--", "y")).toEqual({ options: ["--debug"], program: ["sh", "-c", "x", "--", "y"] });
  });

  test("-- ends the options; the program follows it, -- not included", () => {
    expect(split("-s", "app", "--", "--help")).toEqual({ options: ["-s", "app"], program: ["--help"] });
    expect(split("--")).toEqual({ options: [], program: [] });
    expect(split("-s", "app")).toEqual({ options: ["-s", "app"], program: [] });
  });

  test("an option that takes a value takes the next word, whatever it is", () => {
    expect(split("-s", "node", "--region", "eu-west-1", "true")).toEqual({ options: ["-s", "node", "--region", "eu-west-1"], program: ["true"] });
    expect(split("-s", "--", "true")).toEqual({ options: ["-s", "--"], program: ["true"] });
    expect(split("--secret=a", "-sb", "-hs", "c", "true")).toEqual({ options: ["--secret=a", "-sb", "-hs", "c"], program: ["true"] });
  });

  test("an optional value is taken when the next word is not an option", () => {
    expect(split("-s", "a", "--create-config", "team.yml")).toEqual({ options: ["-s", "a", "--create-config", "team.yml"], program: [] });
    expect(split("--create-config", "-s", "a")).toEqual({ options: ["--create-config", "-s", "a"], program: [] });
  });

  test("unknown options stay options, for the parser to report; a lone - is a program's word", () => {
    expect(split("--bogus", "x")).toEqual({ options: ["--bogus"], program: ["x"] });
    expect(split("-s", "a", "-", "x")).toEqual({ options: ["-s", "a"], program: ["-", "x"] });
  });
});

test("words read as the POSIX conventions and GNU long options have it", () => {
  const flags = { ...def, quiet: { type: "boolean", alias: "q" } } as const;
  // A group of short flags, the last of them taking the next word or the rest of the word.
  expect(parseOptions(flags, ["-qs", "a", "-qsb"])).toMatchObject({ quiet: true, secret: ["a", "b"] });
  // An empty value after = is a value; a lone - is a value too.
  expect(parseOptions(flags, ["--region=", "-s", "-"])).toMatchObject({ region: "", secret: ["-"] });
  // A value that looks like an option needs the = form.
  expect(parseOptions(flags, ["--secret=-x"]).secret).toEqual(["-x"]);
  expect(() => parseOptions(flags, ["--secret", "-x"])).toThrow("--secret needs a value: --secret <ref>");
  // An option given twice that is not repeatable: the last one counts.
  expect(parseOptions(flags, ["-r", "a", "--region", "b"]).region).toBe("b");
  // Names of Object.prototype are unknown options, not lookups on a plain object.
  expect(() => parseOptions(flags, ["--constructor"])).toThrow("unknown option '--constructor'");
  expect(() => parseOptions(flags, ["-qz"])).toThrow("unknown option '-z'");
});
