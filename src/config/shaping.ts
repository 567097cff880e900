import type { ShapingOptions } from "../secrets/reference.ts";

/**
 * The run-wide shaping options: each one from the command line when given
 * there, otherwise from the config file (CLI flags win, option by option).
 */
export function shapingForRun(fromConfig: ShapingOptions | undefined, fromFlags: ShapingOptions): ShapingOptions {
  const merged: ShapingOptions = { ...fromConfig };
  for (const [key, value] of Object.entries(fromFlags) as Array<[keyof ShapingOptions, ShapingOptions[keyof ShapingOptions]]>) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
