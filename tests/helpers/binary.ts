import { existsSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(import.meta.dir, "..", "..");

/**
 * The binary under test: ENV_SECRETS_BIN (e.g. a release build) or the host
 * build in dist/, which `npm test` builds first.
 */
export function binaryPath(): string {
  const fromEnv = process.env.ENV_SECRETS_BIN;
  if (fromEnv) return fromEnv;
  const built = join(REPO_ROOT, "dist", "env-secrets");
  if (!existsSync(built)) throw new Error(`${built} is missing: run 'npm run build' first (npm test does)`);
  return built;
}
