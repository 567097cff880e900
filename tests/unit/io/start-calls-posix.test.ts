import { describe, expect, test } from "bun:test";
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCalls } from "../../../src/io/start-calls-posix.ts";
import { scratchDir } from "../../helpers/run.ts";

const calls = startCalls();

describe.skipIf(process.platform === "win32")("startCalls", () => {
  test("libc is bound on this platform", () => {
    expect(calls).not.toBeNull();
  });

  test("resolves: true for what exists (file, directory, link to a file), false for what stat could not reach", () => {
    const dir = scratchDir();
    writeFileSync(join(dir, "file"), "x");
    mkdirSync(join(dir, "sub"));
    symlinkSync(join(dir, "file"), join(dir, "link"));
    symlinkSync(join(dir, "gone"), join(dir, "dangling"));
    expect(["file", "sub", "link"].map((name) => calls?.resolves(join(dir, name)))).toEqual([true, true, true]);
    expect(["gone", "dangling", "file/below"].map((name) => calls?.resolves(join(dir, name)))).toEqual([false, false, false]);
    expect(calls?.resolves(`${join(dir, "file")}\0.yml`)).toBe(false);
  });

  test.skipIf(process.platform !== "linux")("closeOnExec: the flag as the kernel holds it, undefined for a descriptor that is not open", () => {
    // Node opens with O_CLOEXEC; the test runner's 0-2 are inherited, never close-on-exec.
    const fd = openSync("/dev/null", "r");
    try {
      expect(calls?.closeOnExec?.(fd)).toBe(true);
    } finally {
      closeSync(fd);
    }
    expect(calls?.closeOnExec?.(2)).toBe(false);
    expect(calls?.closeOnExec?.(fd)).toBeUndefined();
  });
});
