import { expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findConfigFile } from "../../../src/config/find.ts";
import { configForRun } from "../../../src/config/resolve.ts";
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
