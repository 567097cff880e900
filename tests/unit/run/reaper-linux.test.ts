import { expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseStat, zombieChildren } from "../../../src/run/reaper-linux.ts";
import { scratchDir } from "../../helpers/run.ts";

test("parseStat reads state and parent past a command name with spaces and parentheses", () => {
  expect(parseStat("77 (a) b (c)) Z 1 77 77 0 -1")).toEqual({ state: "Z", ppid: 1 });
  expect(parseStat("12 (sleep) S 9 12 12 0")).toEqual({ state: "S", ppid: 9 });
  expect(parseStat("garbage")).toBeUndefined();
});

test("zombieChildren lists only exited children of the given parent", () => {
  const proc = scratchDir();
  const entries: Record<string, string> = {
    "10": "10 (app) S 1 10 10 0",
    "11": "11 (orphan) Z 1 11 11 0",
    "12": "12 (not ours) Z 10 12 12 0",
    "13": "13 (zzz (Z 1)) Z 1 13 13 0",
    self: "1 (env-secrets) S 0 1 1 0",
  };
  for (const [pid, stat] of Object.entries(entries)) {
    mkdirSync(join(proc, pid));
    writeFileSync(join(proc, pid, "stat"), stat);
  }
  mkdirSync(join(proc, "14")); // vanished between listing and reading
  expect(zombieChildren(1, proc).sort()).toEqual([11, 13]);
});
