import { expect, test } from "bun:test";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EnvSecretsError } from "../../../src/errors.ts";
import { resolveCommand, startFailure } from "../../../src/run/resolve-command.ts";
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

test("a program that fails to start maps like env(1): missing interpreter 127, anything else 126", () => {
  const missing = startFailure("./tool", "ENOENT");
  expect([missing.kind, missing.message]).toEqual([
    "not-found",
    "./tool: cannot execute: ENOENT — the file exists, but the interpreter on its #! line (or its loader) was not found",
  ]);
  const format = startFailure("./tool", "ENOEXEC");
  expect([format.kind, format.message]).toEqual([
    "not-executable",
    "./tool: cannot execute: ENOEXEC — not a program for this machine, or a script without a #! line (run it with its interpreter, e.g. -- sh script)",
  ]);
  const denied = startFailure("./tool", "EACCES");
  expect([denied.kind, denied.message]).toEqual([
    "not-executable",
    "./tool: cannot execute: EACCES — check the file's mode and whether its filesystem is mounted noexec",
  ]);
});
