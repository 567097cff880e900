import { expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeSize, LocalFileError, readRegularFile } from "../../../src/io/read-file.ts";
import { scratchDir } from "../../helpers/run.ts";

function failure(path: string, maxBytes = 1024): LocalFileError {
  try {
    readRegularFile(path, maxBytes);
  } catch (error) {
    if (error instanceof LocalFileError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be refused`);
}

test("a regular file up to the limit is read as UTF-8 text, also through a symlink", () => {
  const dir = scratchDir();
  const path = join(dir, "ok");
  // 1,023 characters, 1,024 bytes: é takes two.
  writeFileSync(path, "région: 1\n".padEnd(1023, "x"));
  expect(readRegularFile(path, 1024)).toStartWith("région: 1\n");
  symlinkSync(path, join(dir, "link"));
  expect(readRegularFile(join(dir, "link"), 1024)).toBe(readRegularFile(path, 1024));
  writeFileSync(join(dir, "empty"), "");
  expect(readRegularFile(join(dir, "empty"), 1024)).toBe("");
});

test("anything else is refused with a code and a reason", () => {
  const dir = scratchDir();
  writeFileSync(join(dir, "big"), "x".repeat(1025));
  mkdirSync(join(dir, "sub"));
  const fifo = join(dir, "fifo");
  expect(Bun.spawnSync({ cmd: ["mkfifo", fifo] }).exitCode).toBe(0);
  const cases: Array<[string, string, string]> = [
    [join(dir, "missing"), "ENOENT", "no such file"],
    [join(dir, "sub"), "EISDIR", "it is a directory"],
    [join(dir, "big"), "EFBIG", "larger than 1 KiB"],
    ["/dev/zero", "ENOTREG", "not a regular file (a character device)"],
    [fifo, "ENOTREG", "not a regular file (a FIFO)"],
  ];
  for (const [path, code, reason] of cases) {
    const error = failure(path);
    expect([error.code, error.reason]).toEqual([code, reason]);
  }
});

test("sizes read as people write them", () => {
  expect(describeSize(1024 * 1024)).toBe("1 MiB");
  expect(describeSize(4 * 1024 * 1024)).toBe("4 MiB");
  expect(describeSize(1024)).toBe("1 KiB");
  expect(describeSize(1000)).toBe("1000 bytes");
});
