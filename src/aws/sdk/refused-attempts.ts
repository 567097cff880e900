/**
 * The requests of a run that AWS answered with an error and the SDK is about
 * to retry. When --timeout cuts a run off while the SDK waits out a retry
 * delay (a throttled burst of many runs above all), the error says what AWS
 * answered and how many attempts were made, not that the network was silent.
 */
import type { FinalizeRequestMiddleware, Pluggable } from "@smithy/types";

export interface RefusedAttempt {
  /** The AWS error code of the latest answer, e.g. ThrottlingException. */
  code: string;
  /** Attempts made so far for that request, the refused one included. */
  attempts: number;
}

// Set by the SDK's retry middleware on each request: one id per send, and the attempt number.
const INVOCATION_ID = "amz-sdk-invocation-id";
const ATTEMPT = /attempt=(\d+)/;

const headersOf = (request: unknown): Record<string, string> => (request as { headers?: Record<string, string> }).headers ?? {};

export function recordRefusedAttempts() {
  const waiting = new Map<string, RefusedAttempt>();
  // Inside the retry loop: sees the answer to every attempt.
  const eachAttempt =
    <Input extends object, Output extends object>(): FinalizeRequestMiddleware<Input, Output> =>
    (next) =>
    async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const headers = headersOf(args.request);
        const id = headers[INVOCATION_ID];
        // Only answers: an error without an HTTP status is the network's, which the time-out message is about.
        const answered = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined;
        if (id !== undefined && answered) {
          waiting.set(id, { code: (error as Error).name, attempts: Number(ATTEMPT.exec(headers["amz-sdk-request"] ?? "")?.[1] ?? 1) });
        }
        throw error;
      }
    };
  // Around the retry loop: once it is over, the request waits for nothing.
  const wholeSend =
    <Input extends object, Output extends object>(): FinalizeRequestMiddleware<Input, Output> =>
    (next) =>
    async (args) => {
      try {
        return await next(args);
      } finally {
        const id = headersOf(args.request)[INVOCATION_ID];
        if (id !== undefined) waiting.delete(id);
      }
    };
  return {
    /** For a client's middleware stack, before its first send. */
    plugin: <Input extends object, Output extends object>(): Pluggable<Input, Output> => ({
      applyToStack(stack) {
        stack.addRelativeTo(eachAttempt<Input, Output>(), { relation: "after", toMiddleware: "retryMiddleware", name: "envSecretsEachAttempt" });
        stack.addRelativeTo(wholeSend<Input, Output>(), { relation: "before", toMiddleware: "retryMiddleware", name: "envSecretsWholeSend" });
      },
    }),
    /** Of the requests AWS refused that wait for their next attempt, the one with the most attempts. */
    latest(): RefusedAttempt | undefined {
      return [...waiting.values()].sort((a, b) => b.attempts - a.attempts)[0];
    },
  };
}
