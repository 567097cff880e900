/**
 * What the SDK would otherwise redo on every request of a run, for a run that
 * sends the same command many times over (one GetSecretValue per secret).
 * Each saving is measured in docs/benchmarks.md.
 */
import { NoOpLogger } from "@smithy/core/client";
import type { Logger } from "@smithy/types";
import { SecretsManagerProtocol } from "./protocol.ts";

/** Settings for every Secrets Manager client of a run. */
export const CLIENT_SPEED_SETTINGS = {
  // The middleware stack is resolved once per command class instead of on
  // every send. The SDK's condition for this is that nobody changes the stack
  // after the first send and no send passes options: env-secrets does neither.
  cacheMiddleware: true,
  // Successful answers read along a plan made once per operation (protocol.ts).
  protocol: SecretsManagerProtocol,
} as const;

/**
 * The SDK's logger with the per-request records left out at the source. For
 * every response the SDK's logger middleware copies the output and runs the
 * schema's sensitive-data filter over input and output, then hands the record
 * to `info`, which env-secrets drops (client.ts says why); it skips all of that
 * for a NoOpLogger. So the logger is one, with the SDK's debug lines and
 * warnings still passed on. Its class has a name of its own: parts of the SDK
 * send warnings to the console instead when the logger's class is called
 * NoOpLogger.
 */
export function withoutRequestRecords(logger: Pick<Logger, "debug" | "warn">): Required<Logger> {
  class SdkLogger extends NoOpLogger {
    override debug(...content: unknown[]): void {
      logger.debug(...content);
    }
    override warn(...content: unknown[]): void {
      logger.warn(...content);
    }
  }
  return new SdkLogger();
}
