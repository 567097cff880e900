import { expect, test } from "bun:test";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EnvSecretsError } from "../../../src/errors.ts";
import { resolveCommand } from "../../../src/run/resolve-command.ts";
import { scratchDir } from "../../helpers/run.ts";

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnvSecretsError) return error.kind;
    throw error;
  }
  return "ok";
}

test("looks the name up in the given PATH, first executable match wins", () => {
  const dir = scratchDir();
  const a = join(dir, "a");
  const b = join(dir, "b");
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(join(a, "tool"), "not executable");
  writeFileSync(join(b, "tool"), "#!/bin/sh\n");
  chmodSync(join(b, "tool"), 0o755);
  expect(resolveCommand("tool", `${a}:${b}`)).toBe(join(b, "tool"));
  expect(kindOf(() => resolveCommand("tool", a))).toBe("not-executable");
  expect(kindOf(() => resolveCommand("nope", `${a}:${b}`))).toBe("not-found");
});

test("a name with a slash is used as given", () => {
  const dir = scratchDir();
  expect(kindOf(() => resolveCommand(join(dir, "missing"), "/bin"))).toBe("not-found");
  expect(kindOf(() => resolveCommand(dir, "/bin"))).toBe("not-executable");
  expect(resolveCommand("/bin/sh", "")).toBe("/bin/sh");
});
