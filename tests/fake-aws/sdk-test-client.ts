/**
 * Test support: the real AWS SDK client pointed at a fake. Retries are off
 * unless a test asks for them, and retry back-off is zero so tests stay fast.
 */

import { afterAll, beforeEach } from "bun:test";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { type FakeAws, startFakeAws } from "./server";

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

/**
 * One fake for a test file, with a client that does not retry and one that
 * makes up to 3 attempts: reset before each test (no faults, denials, hooks,
 * quotas, policy or latency; an empty request log), stopped after the file.
 * Seeded secrets stay, so tests use fresh names (see nameSequence).
 */
export async function useFakeAwsWithClients(): Promise<{ fake: FakeAws; client: SecretsManagerClient; retryingClient: SecretsManagerClient }> {
  const fake = await startFakeAws();
  const client = sdkClient(fake);
  const retryingClient = sdkClient(fake, { maxAttempts: 3 });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    client.destroy();
    retryingClient.destroy();
    await fake.stop();
  });
  return { fake, client, retryingClient };
}

/** Fresh secret names for tests that share one fake but not state: `${prefix}-1`, `${prefix}-2`, ... */
export function nameSequence(defaultPrefix: string): (prefix?: string) => string {
  let counter = 0;
  return (prefix = defaultPrefix) => `${prefix}-${++counter}`;
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
