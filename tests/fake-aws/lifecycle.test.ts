/**
 * Starting and stopping the fake: addresses, ports and clean shutdown.
 */

import { expect, test } from "bun:test";
import { startFakeAws } from "./server";

test("listens on loopback on a free port by default and reports it in url", async () => {
  const fake = await startFakeAws();

  expect(fake.url).toBe(`http://127.0.0.1:${fake.port}`);
  expect(fake.port).toBeGreaterThan(0);
  await fake.stop();
});

test("a port already in use is an error, not a second listener sharing it", async () => {
  // Bun.serve with development: false silently defaults to SO_REUSEPORT, which
  // would let a stale fake answer half of the requests.
  const fake = await startFakeAws();

  await expect(startFakeAws({ port: fake.port })).rejects.toThrow();
  await fake.stop();
});

test("stop closes the port so it can be reused", async () => {
  const first = await startFakeAws();
  await first.stop();

  const second = await startFakeAws({ port: first.port });

  expect(second.port).toBe(first.port);
  await second.stop();
});

test("invalid latency is refused", async () => {
  await expect(startFakeAws({ latencyMs: -1 })).rejects.toThrow(RangeError);
});
