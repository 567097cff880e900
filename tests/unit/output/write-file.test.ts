import { describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appendToFile, replaceFile, type WriteStep, writeNewFile } from "../../../src/output/write-file.ts";
import { thrownError } from "../../helpers/errors.ts";
import { scratchDir } from "../../helpers/run.ts";

const message = (run: () => void) => thrownError(run).message;

describe("writeNewFile", () => {
  test("creates the file with the mode asked for, whatever the umask, and leaves no temporary file", () => {
    for (const umask of [0o000, 0o777, 0o022]) {
      const dir = scratchDir();
      const path = join(dir, "out.env");
      const previous = process.umask(umask);
      try {
        writeNewFile(path, "A='1'\n", 0o400);
      } finally {
        process.umask(previous);
      }
      expect(lstatSync(path).mode & 0o777).toBe(0o400);
      expect(readFileSync(path, "utf8")).toBe("A='1'\n");
      expect(readdirSync(dir)).toEqual(["out.env"]);
    }
  });

  test("refuses an existing file and leaves it untouched", () => {
    const dir = scratchDir();
    const path = join(dir, "out.env");
    writeFileSync(path, "old");
    expect(message(() => writeNewFile(path, "new", 0o400))).toBe(
      `${path}: already exists — env-secrets never overwrites or follows a file it writes; remove it or choose another name`,
    );
    expect(readFileSync(path, "utf8")).toBe("old");
    expect(readdirSync(dir)).toEqual(["out.env"]);
  });

  test("refuses a symlink, dangling or not, and writes nothing through it", () => {
    const dir = scratchDir();
    const target = join(dir, "target");
    const link = join(dir, "link");
    symlinkSync(target, link);
    expect(message(() => writeNewFile(link, "new", 0o400))).toBe(
      `${link}: is a symbolic link — env-secrets never overwrites or follows a file it writes; remove it or choose another name`,
    );
    expect(existsSync(target)).toBe(false);
    expect(readlinkSync(link)).toBe(target);
    writeFileSync(target, "old");
    expect(message(() => writeNewFile(link, "new", 0o400))).toStartWith(`${link}: is a symbolic link`);
    expect(readFileSync(target, "utf8")).toBe("old");
    expect(readdirSync(dir).sort()).toEqual(["link", "target"]);
  });

  test("a missing directory is an error naming the path", () => {
    const path = join(scratchDir(), "missing", "out.env");
    expect(message(() => writeNewFile(path, "x", 0o400))).toBe(
      `${path}: cannot create a file in its directory: no such file or directory (ENOENT) — check the path and its directory's permissions`,
    );
  });

  test("a name the file cannot be created under is an error naming the path", () => {
    // The temporary file is made in the directory; only the final link fails.
    const dir = scratchDir();
    const path = `${join(dir, "out.env")}/`;
    expect(message(() => writeNewFile(path, "x", 0o400))).toBe(
      `${path}: cannot create it: no such file or directory (ENOENT) — check the path and its directory's permissions`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("replaceFile", () => {
  const failure = (step: WriteStep, error: unknown) => new Error(`${step}: ${(error as { code?: string }).code}`);

  test("replaces the file by rename with the mode asked for, whatever the umask, and leaves no temporary file", () => {
    for (const umask of [0o000, 0o777, 0o022]) {
      const dir = scratchDir();
      const path = join(dir, "run.json");
      writeFileSync(path, "old", { mode: 0o644 });
      const inode = lstatSync(path).ino;
      const previous = process.umask(umask);
      try {
        replaceFile(path, "new\n", 0o600, failure);
      } finally {
        process.umask(previous);
      }
      expect(lstatSync(path).mode & 0o777).toBe(0o600);
      expect(lstatSync(path).ino).not.toBe(inode);
      expect(readFileSync(path, "utf8")).toBe("new\n");
      expect(readdirSync(dir)).toEqual(["run.json"]);
    }
  });

  test("hands the failing step and its error to the caller, and leaves no temporary file", () => {
    const missing = join(scratchDir(), "missing", "run.json");
    expect(() => replaceFile(missing, "x", 0o600, failure)).toThrow(/^create: ENOENT$/);
    // A rename cannot put a file over a directory: only the last step fails.
    const dir = scratchDir();
    mkdirSync(join(dir, "run.json"));
    writeFileSync(join(dir, "run.json", "keep"), "");
    expect(() => replaceFile(join(dir, "run.json"), "x", 0o600, failure)).toThrow(/^place: E(ISDIR|NOTEMPTY|EXIST)$/);
    expect(readdirSync(dir)).toEqual(["run.json"]);
  });
});

describe("appendToFile", () => {
  test("appends to an existing file", () => {
    const path = join(scratchDir(), "github_env");
    writeFileSync(path, "EXISTING=1\n");
    appendToFile(path, "A<<D\nx\nD\n", "GITHUB_ENV");
    expect(readFileSync(path, "utf8")).toBe("EXISTING=1\nA<<D\nx\nD\n");
  });
  test("a missing file is an error", () => {
    const path = join(scratchDir(), "nope");
    expect(message(() => appendToFile(path, "x", "GITHUB_ENV"))).toBe(
      `${path}: cannot open GITHUB_ENV: no such file or directory (ENOENT) — check the path and its directory's permissions`,
    );
  });

  test.skipIf(!existsSync("/dev/full"))("a write that fails is an error naming the file", () => {
    expect(message(() => appendToFile("/dev/full", "x", "GITHUB_ENV"))).toBe(
      "/dev/full: cannot write GITHUB_ENV: no space left on device (ENOSPC) — check the path and its directory's permissions",
    );
  });
});
