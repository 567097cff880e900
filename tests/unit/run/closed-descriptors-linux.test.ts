import { expect, test } from "bun:test";
import { closedAtStart, closingSpawn } from "../../../src/run/closed-descriptors-linux.ts";

test("descriptors the test runner was given open are not reported closed", () => {
  // bun test runs with 0, 1 and 2 inherited (none close-on-exec).
  expect(closedAtStart([1, 2])).toEqual([]);
});

test("a go-between is started only for closed descriptors, and only from the compiled binary", () => {
  expect(closingSpawn([], ["true"])).toBeUndefined();
  // Run from source (as here), there is no compiled binary to start as the go-between.
  expect(closingSpawn([0], ["true"])).toBeUndefined();
});
