import { expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configText } from "../../../src/config/create.ts";
import { findConfigFile } from "../../../src/config/find.ts";
import { configChoiceFromArgv, configForRun } from "../../../src/config/resolve.ts";
import { EnvSecretsError } from "../../../src/errors.ts";
import { scratchDir } from "../../helpers/run.ts";

test("lookup: working directory first, then $HOME; .yml, .yaml, .json in that order", () => {
  const home = scratchDir();
  const cwd = join(home, "project");
  mkdirSync(cwd);
  expect(findConfigFile(cwd, home)).toBeUndefined();
  writeFileSync(join(home, ".env-secrets.json"), "{}");
  expect(findConfigFile(cwd, home)).toBe(join(home, ".env-secrets.json"));
  writeFileSync(join(home, ".env-secrets.yaml"), "");
  expect(findConfigFile(cwd, home)).toBe(join(home, ".env-secrets.yaml"));
  writeFileSync(join(cwd, ".env-secrets.json"), "{}");
  expect(findConfigFile(cwd, home)).toBe(join(cwd, ".env-secrets.json"));
  writeFileSync(join(cwd, ".env-secrets.yml"), "");
  expect(findConfigFile(cwd, home)).toBe(join(cwd, ".env-secrets.yml"));
});

test("--config and --no-config skip the lookup, so a broken file there is never read", () => {
  const home = scratchDir();
  writeFileSync(join(home, ".env-secrets.yml"), "secrets: [\n");
  expect(() => configForRun({}, home, home)).toThrow(EnvSecretsError);
  expect(configForRun({ disabled: true }, home, home)).toBeUndefined();
  const named = join(scratchDir(), "good.yml");
  writeFileSync(named, "region: eu-west-1\n");
  expect(configForRun({ file: named }, home, home)?.region).toBe("eu-west-1");
  expect(() => configForRun({ file: named, disabled: true }, home, home)).toThrow("--config and --no-config cannot be combined");
});

test("--config naming a directory or nothing", () => {
  const dir = scratchDir();
  expect(() => configForRun({ file: dir }, dir, dir)).toThrow(`${dir}: cannot read the config file (EISDIR) — check the --config path, or run with --no-config`);
  expect(() => configForRun({ file: "" }, dir, dir)).toThrow("--config needs a file name — see 'env-secrets --help'");
});

test("--config / --no-config are read from the words before --", () => {
  expect(configChoiceFromArgv(["--config", "a.yml", "-s", "x"])).toEqual({ file: "a.yml" });
  expect(configChoiceFromArgv(["--config=b.yml"])).toEqual({ file: "b.yml" });
  expect(configChoiceFromArgv(["--no-config"])).toEqual({ disabled: true });
});

test("a new config lists provider, region, the profile if given, and secret names only", () => {
  expect(configText(".env-secrets.yml", { region: "us-east-1", secrets: ["a/b", "c"] })).toBe(
    "provider: aws\nregion: us-east-1\nsecrets:\n  - name: a/b\n  - name: c\n",
  );
  expect(JSON.parse(configText("x.json", { region: "us-east-1", profile: "dev", secrets: ["a"] }))).toEqual({
    provider: "aws",
    region: "us-east-1",
    profile: "dev",
    secrets: [{ name: "a" }],
  });
  expect(configText(".env-secrets.yml", { region: "us-east-1", secrets: ["a/b", { name: "c/env", dotenv: true }] })).toBe(
    "provider: aws\nregion: us-east-1\nsecrets:\n  - name: a/b\n  - name: c/env\n    dotenv: true\n",
  );
});
