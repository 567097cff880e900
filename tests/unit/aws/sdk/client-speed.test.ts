import { describe, expect, test } from "bun:test";
import { loggerMiddleware } from "@aws-sdk/core/client";
import type { Logger } from "@smithy/types";
import { withoutRequestRecords } from "../../../../src/aws/sdk/client-speed.ts";

/** Runs the SDK's logger middleware around one response; how many times it ran the sensitive-data filters. */
async function filtersRun(logger: Logger): Promise<number> {
  let runs = 0;
  const count = (value: unknown) => {
    runs++;
    return value;
  };
  const next = async () => ({ output: { $metadata: {}, Name: "app/db" }, response: {} });
  const context = { logger, clientName: "SecretsManagerClient", commandName: "GetSecretValueCommand", inputFilterSensitiveLog: count, outputFilterSensitiveLog: count };
  await loggerMiddleware()(next as never, context as never)({ input: { SecretId: "app/db" } } as never);
  return runs;
}

describe("withoutRequestRecords", () => {
  test("the SDK's logger middleware builds no per-request record for it", async () => {
    expect(await filtersRun(withoutRequestRecords({ debug() {}, warn() {} }))).toBe(0);
    // The same middleware with a logger that has info: input and output filtered, every request.
    const plain = { debug() {}, info() {}, warn() {}, error() {} };
    expect(await filtersRun(plain)).toBe(2);
  });

  test("the SDK's debug lines and warnings still reach ours", () => {
    const seen: unknown[][] = [];
    const logger = withoutRequestRecords({ debug: (...args: unknown[]) => seen.push(["debug", ...args]), warn: (...args: unknown[]) => seen.push(["warn", ...args]) });
    logger.debug("@aws-sdk/credential-provider-node - defaultProvider::fromEnv");
    logger.warn("Multiple credential sources detected", "more");
    logger.info("a record");
    logger.error("a failure record");
    expect(seen).toEqual([
      ["debug", "@aws-sdk/credential-provider-node - defaultProvider::fromEnv"],
      ["warn", "Multiple credential sources detected", "more"],
    ]);
  });

  test("its class is not called NoOpLogger, or the SDK would print some warnings to the console instead", () => {
    expect(withoutRequestRecords({ debug() {}, warn() {} }).constructor.name).not.toBe("NoOpLogger");
  });
});
