/**
 * Per-operation request quotas: the token bucket on its own (with a clock
 * the test moves), and on the fake through the real SDK, where a throttled
 * request is ThrottlingException "Rate exceeded" and shows in the record.
 */

import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { DescribeSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { checkQuota, QuotaPlan } from "./quota";
import { requestStats } from "./request-stats";
import { sdkClient } from "./sdk-test-client";
import { type FakeAws, startFakeAws } from "./server";

describe("QuotaPlan", () => {
  function planAt(startMs = 0) {
    let now = startMs;
    const plan = new QuotaPlan(() => now);
    return { plan, advance: (ms: number) => (now += ms) };
  }

  test("lets a burst through, then refills at rps tokens per second", () => {
    const { plan, advance } = planAt();
    plan.set("GetSecretValue", checkQuota("GetSecretValue", 10, 3));

    const burst = Array.from({ length: 4 }, () => plan.take("us-east-1", "GetSecretValue"));
    advance(100);
    const afterOneToken = [plan.take("us-east-1", "GetSecretValue"), plan.take("us-east-1", "GetSecretValue")];
    advance(10_000);
    const refilled = Array.from({ length: 4 }, () => plan.take("us-east-1", "GetSecretValue"));

    expect(burst).toEqual([true, true, true, false]);
    expect(afterOneToken).toEqual([true, false]);
    expect(refilled).toEqual([true, true, true, false]);
  });

  test("counts per region and per operation; operations without a quota are never throttled", () => {
    const { plan } = planAt();
    plan.set("GetSecretValue", checkQuota("GetSecretValue", 1));

    expect(plan.take("us-east-1", "GetSecretValue")).toBe(true);
    expect(plan.take("us-east-1", "GetSecretValue")).toBe(false);
    expect(plan.take("eu-west-1", "GetSecretValue")).toBe(true);
    expect(Array.from({ length: 100 }, () => plan.take("us-east-1", "DescribeSecret"))).not.toContain(false);
  });

  test("burst defaults to one second's worth; nonsense is refused", () => {
    expect(checkQuota("GetSecretValue", 1000)).toEqual({ rps: 1000, burst: 1000 });
    expect(checkQuota("GetSecretValue", 0.5)).toEqual({ rps: 0.5, burst: 1 });
    expect(() => checkQuota("GetSecretValue", 0)).toThrow(RangeError);
    expect(() => checkQuota("GetSecretValue", 10, 0)).toThrow(RangeError);
  });
});

const fake: FakeAws = await startFakeAws();
fake.seed({ name: "quota/app", secretString: "v" });
const client = sdkClient(fake);
const retryingClient = sdkClient(fake, { maxAttempts: 10, retryDelayMs: 30 });

afterAll(async () => {
  client.destroy();
  retryingClient.destroy();
  await fake.stop();
});

describe("setQuota on the fake", () => {
  beforeEach(() => {
    fake.clearQuotas();
    fake.clearRequests();
  });

  const get = (c = client) => c.send(new GetSecretValueCommand({ SecretId: "quota/app" }));

  test("beyond the burst requests are ThrottlingException 'Rate exceeded', recorded with the code", async () => {
    fake.setQuota("GetSecretValue", 1, 3);

    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => get()));
    const described = await client.send(new DescribeSecretCommand({ SecretId: "quota/app" }));
    const throttled = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");

    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
    expect(throttled).toHaveLength(2);
    expect(throttled[0]?.reason.name).toBe("ThrottlingException");
    expect(throttled[0]?.reason.message).toBe("Rate exceeded");
    expect(throttled[0]?.reason.$metadata.httpStatusCode).toBe(400);
    expect(described.Name).toBe("quota/app");
    expect(requestStats(fake.requests)).toMatchObject({
      total: 6,
      byOperation: { GetSecretValue: { total: 5, ok: 3, errors: { ThrottlingException: 2 } } },
    });
  });

  test("the SDK's retries get through once the bucket refills", async () => {
    fake.setQuota("GetSecretValue", 20, 1);

    const results = await Promise.all(Array.from({ length: 4 }, () => get(retryingClient)));
    const stats = requestStats(fake.requests);

    expect(results.map((r) => r.SecretString)).toEqual(["v", "v", "v", "v"]);
    expect(stats.byOperation.GetSecretValue?.ok).toBe(4);
    expect(stats.byOperation.GetSecretValue?.errors.ThrottlingException).toBeGreaterThan(0);
  });

  test("clearQuotas lifts it; an operation the fake does not serve cannot get one", async () => {
    fake.setQuota("GetSecretValue", 1, 1);
    await get();
    fake.clearQuotas();

    expect((await get()).SecretString).toBe("v");
    expect(() => fake.setQuota("RotateSecret", 1)).toThrow(RangeError);
  });
});

describe("requestStats", () => {
  const record = (at: number, status = 200, errorCode?: string) => ({
    operation: "GetSecretValue",
    service: "secretsmanager",
    region: "us-east-1",
    accessKeyId: "AKID",
    secretIds: [],
    status,
    at,
    ...(errorCode === undefined ? {} : { errorCode }),
  });

  test("peak requests per second is the busiest one-second window; drops are counted apart", () => {
    const stats = requestStats([
      record(0),
      record(100),
      record(900, 400, "ThrottlingException"),
      record(1500),
      record(1600),
      record(1700, 0),
      record(1800),
      record(3000),
    ]);

    expect(stats.peakPerSecond).toBe(5);
    expect(stats.durationMs).toBe(3000);
    expect(stats.byOperation.GetSecretValue).toEqual({
      total: 8,
      ok: 6,
      dropped: 1,
      errors: { ThrottlingException: 1 },
    });
  });
});
