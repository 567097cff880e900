import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { constants } from "node:os";
import { libc } from "../../../src/run/libc-posix.ts";

const c = libc();

test("libc loads on this platform", () => {
  expect(c).not.toBeNull();
});

test("process ids and groups agree with /proc", () => {
  if (c === null) return;
  const stat = readFileSync("/proc/self/stat", "utf8");
  const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  expect(c.getpid()).toBe(process.pid);
  expect(c.getpgrp()).toBe(pgrp);
  expect(c.getpgid(process.pid)).toBe(pgrp);
});

test("sees the dispositions Bun sets: SIGPIPE ignored, SIGTERM not", () => {
  if (c === null) return;
  expect(c.isIgnored(constants.signals.SIGPIPE)).toBe(true);
  expect(c.isIgnored(constants.signals.SIGTERM)).toBe(false);
});

test("reapIfExited leaves a running child alone", () => {
  if (c === null) return;
  const child = Bun.spawn({ cmd: ["sleep", "5"] });
  try {
    expect(c.reapIfExited(child.pid)).toBe(0);
  } finally {
    child.kill();
  }
});
