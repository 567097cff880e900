import { appendFileSync } from "node:fs";
import { basename } from "node:path";

/**
 * Records that some tests did not run, and why (a missing Debian package, no
 * full release built). `npm test` (scripts/test.ts) lists the reasons once at
 * the end of the run instead of a warning line in the middle of the output;
 * a plain `bun test` counts them as skipped, and each skipped test's name says why.
 */
export function noteSkip(file: string, reason: string, count = 1): void {
  const log = process.env.ENV_SECRETS_SKIP_LOG;
  if (log) appendFileSync(log, `${JSON.stringify({ file: basename(file), reason, count })}\n`);
}
