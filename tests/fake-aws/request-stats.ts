/**
 * Counts over the fake's request record, for tests and scripts that need to
 * know how many calls were made, refused or retried and how fast they came:
 * per operation, answered (2xx), dropped, and each error code.
 */

import type { RecordedRequest } from "./server";

export interface OperationStats {
  total: number;
  ok: number;
  dropped: number;
  /** Error code -> count (ThrottlingException, AccessDeniedException, ...). */
  errors: Record<string, number>;
}

export interface RequestStats {
  total: number;
  byOperation: Record<string, OperationStats>;
  /** The most requests that arrived within any one second. */
  peakPerSecond: number;
  /** From the first arrival to the last. */
  durationMs: number;
}

function peakPerSecond(arrivals: number[]): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < arrivals.length; end += 1) {
    while ((arrivals[end] ?? 0) - (arrivals[start] ?? 0) >= 1000) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

export function requestStats(requests: readonly RecordedRequest[]): RequestStats {
  const byOperation: Record<string, OperationStats> = {};
  for (const request of requests) {
    const stats = byOperation[request.operation] ?? { total: 0, ok: 0, dropped: 0, errors: {} };
    byOperation[request.operation] = stats;
    stats.total += 1;
    if (request.status === 0) stats.dropped += 1;
    else if (request.errorCode !== undefined) {
      stats.errors[request.errorCode] = (stats.errors[request.errorCode] ?? 0) + 1;
    } else stats.ok += 1;
  }
  const arrivals = requests.map((request) => request.at).sort((a, b) => a - b);
  return {
    total: requests.length,
    byOperation,
    peakPerSecond: peakPerSecond(arrivals),
    durationMs: arrivals.length === 0 ? 0 : (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0),
  };
}
