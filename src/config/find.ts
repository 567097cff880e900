import { join } from "node:path";
import { nodeFs } from "../io/lazy-node.ts";
import { startCalls } from "../io/start-calls-posix.ts";

export const CONFIG_NAMES = [".env-secrets.yml", ".env-secrets.yaml", ".env-secrets.json"] as const;

/**
 * The config file a run uses when none is named: the first of CONFIG_NAMES in
 * the working directory, then in $HOME.
 */
export function findConfigFile(cwd: string, home: string | undefined): string | undefined {
  const dirs = home && home !== cwd ? [cwd, home] : [cwd];
  for (const dir of dirs) {
    for (const name of CONFIG_NAMES) {
      const path = join(dir, name);
      if (isFile(path)) return path;
    }
  }
  return undefined;
}

/** access(2) first: it rules out a missing file without loading node:fs, and a run without a config file looks for six. */
function isFile(path: string): boolean {
  if (startCalls()?.resolves(path) === false) return false;
  try {
    return nodeFs().statSync(path).isFile();
  } catch {
    return false;
  }
}
