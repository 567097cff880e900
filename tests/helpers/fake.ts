import { afterAll, beforeAll } from "bun:test";
import { type FakeAws, startFakeAws } from "../fake-aws/server.ts";

/**
 * One local fake AWS for a test file: started before its tests, stopped after.
 * Returns a getter because the server only exists once beforeAll has run.
 */
export function useFakeAws(): () => FakeAws {
  let fake: FakeAws | undefined;
  beforeAll(async () => {
    fake = await startFakeAws();
  });
  afterAll(async () => {
    await fake?.stop();
  });
  return () => {
    if (!fake) throw new Error("fake AWS not started");
    return fake;
  };
}
