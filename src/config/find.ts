import { statSync } from "node:fs";
import { join } from "node:path";

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

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
