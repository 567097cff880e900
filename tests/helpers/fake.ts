import { afterAll, beforeAll, beforeEach } from "bun:test";
import { type FakeAws, startFakeAws } from "../fake-aws/server.ts";

/**
 * One local fake AWS for a test file: started before its tests, stopped after,
 * and before each test reset to no faults, no denials, no hooks, no quotas,
 * no caller policy, no latency and an empty request log (seeded secrets
 * stay: tests use fresh names).
 * Returns a getter because the server only exists once beforeAll has run.
 */
export function useFakeAws(): () => FakeAws {
  let fake: FakeAws | undefined;
  beforeAll(async () => {
    fake = await startFakeAws();
  });
  beforeEach(() => {
    fake?.reset();
  });
  afterAll(async () => {
    await fake?.stop();
  });
  return () => {
    if (!fake) throw new Error("fake AWS not started");
    return fake;
  };
}
