import { usageError } from "../errors.ts";
import { log } from "../log/logger.ts";
import { findConfigFile } from "./find.ts";
import { type Config, loadConfigFile } from "./load.ts";

/** `--config <file>` / `--no-config`. */
export interface ConfigChoice {
  file?: string;
  disabled?: boolean;
}

/**
 * The config of a run: the one named by --config, none with --no-config,
 * otherwise the first found in the working directory or $HOME. A named or
 * disabled config means the lookup never happens, so a broken file elsewhere
 * cannot block the run.
 */
export function configForRun(choice: ConfigChoice, cwd: string, home: string | undefined): Config | undefined {
  if (choice.disabled) {
    if (choice.file !== undefined) throw usageError("--config and --no-config cannot be combined");
    return undefined;
  }
  if (choice.file === "") throw usageError("--config needs a file name");
  const path = choice.file ?? findConfigFile(cwd, home);
  if (path === undefined) return undefined;
  log.debug(`config file ${path}`);
  return loadConfigFile(path);
}
