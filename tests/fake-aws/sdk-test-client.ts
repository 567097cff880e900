/**
 * Test support: the real AWS SDK client pointed at a fake. Retries are off
 * unless a test asks for them, and retry back-off is zero so tests stay fast.
 */

import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import type { FakeAws } from "./server";

export const TEST_CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};

export interface TestClientOptions {
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Total attempts including the first; 1 (no retry) by default. */
  maxAttempts?: number;
  /** Keep the SDK's stock back-off instead of retrying immediately. */
  stockBackoff?: boolean;
  /** A fixed pause between attempts instead of none (ignored with stockBackoff). */
  retryDelayMs?: number;
  systemClockOffset?: number;
}

/** `fake` may be a FakeAws or just the URL printed by main.ts. */
export function sdkClient(fake: Pick<FakeAws, "url">, options: TestClientOptions = {}): SecretsManagerClient {
  const maxAttempts = options.maxAttempts ?? 1;
  return new SecretsManagerClient({
    endpoint: fake.url,
    region: options.region ?? "us-east-1",
    credentials: options.credentials ?? TEST_CREDENTIALS,
    ...(options.stockBackoff
      ? { maxAttempts }
      : { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, options.retryDelayMs ?? 0) }),
    ...(options.systemClockOffset === undefined ? {} : { systemClockOffset: options.systemClockOffset }),
  });
}

/** The rejection of a promise that must fail. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error as Error & Record<string, unknown>;
    throw new Error(`Rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("Expected the promise to reject, but it resolved");
}
