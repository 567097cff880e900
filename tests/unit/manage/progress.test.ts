import { expect, test } from "bun:test";
import { startProgress } from "../../../src/manage/progress.ts";

test("the progress line appears only after the delay, on a terminal, redraws in place and is erased", async () => {
  const written: string[] = [];
  const progress = startProgress("listing secrets…", { terminal: true, delayMs: 20, write: (t) => written.push(t) });
  progress.update("listing secrets… 100 so far");
  expect(written).toEqual([]);
  await Bun.sleep(40);
  progress.update("listing secrets… 200 so far");
  progress.stop();
  expect(written).toEqual(["\r\x1b[2Klisting secrets… 100 so far", "\r\x1b[2Klisting secrets… 200 so far", "\r\x1b[2K"]);
});

test("quick work and a stderr that is not a terminal show nothing", async () => {
  const written: string[] = [];
  startProgress("x", { terminal: true, delayMs: 20, write: (t) => written.push(t) }).stop();
  const off = startProgress("x", { terminal: false, delayMs: 1, write: (t) => written.push(t) });
  await Bun.sleep(10);
  off.stop();
  expect(written).toEqual([]);
});
