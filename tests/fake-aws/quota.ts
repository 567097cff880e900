/**
 * Per-operation request quotas, as AWS enforces them per account and region:
 * a token bucket that refills at `rps` tokens per second up to `burst`
 * tokens. A request that finds the bucket empty is throttled
 * (ThrottlingException "Rate exceeded") and costs nothing.
 */

export interface Quota {
  /** Sustained requests per second. */
  rps: number;
  /** Requests that may arrive at once after a quiet spell; defaults to one second's worth (at least 1). */
  burst: number;
}

interface Bucket {
  tokens: number;
  refilledAt: number;
}

export function checkQuota(operation: string, rps: number, burst?: number): Quota {
  if (!Number.isFinite(rps) || rps <= 0) {
    throw new RangeError(`quota for ${operation}: requests per second must be > 0, got ${rps}`);
  }
  const effectiveBurst = burst ?? Math.max(1, rps);
  if (!Number.isFinite(effectiveBurst) || effectiveBurst < 1) {
    throw new RangeError(`quota for ${operation}: burst must be >= 1, got ${burst}`);
  }
  return { rps, burst: effectiveBurst };
}

export class QuotaPlan {
  private readonly quotas = new Map<string, Quota>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Setting a quota starts its buckets full. */
  set(operation: string, quota: Quota): void {
    this.quotas.set(operation, quota);
    for (const key of [...this.buckets.keys()]) {
      if (key.endsWith(`\n${operation}`)) this.buckets.delete(key);
    }
  }

  clear(): void {
    this.quotas.clear();
    this.buckets.clear();
  }

  /** Takes one token for this call; false when the call must be throttled. */
  take(region: string, operation: string): boolean {
    const quota = this.quotas.get(operation);
    if (!quota) return true;
    const key = `${region}\n${operation}`;
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: quota.burst, refilledAt: now };
    bucket.tokens = Math.min(quota.burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * quota.rps);
    bucket.refilledAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
