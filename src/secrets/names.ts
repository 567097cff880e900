import { EnvSecretsError, usageError } from "../errors.ts";
import type { ShapingOptions } from "./reference.ts";

/**
 * Variable names: what makes one valid, how --normalize-names repairs one,
 * and which names a secret may not set unless the user allows it.
 */
export const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Variables that change how the child (or a shell, interpreter or the dynamic
 * loader it starts) runs code. A secret that sets one can take over the
 * program, so it must be allowed by name (--allow-override).
 */
export const PROTECTED_NAMES: readonly string[] = [
  "PATH",
  "LD_PRELOAD",
  "LD_LIBRARY_PATH",
  "LD_AUDIT",
  "NODE_OPTIONS",
  "BUN_OPTIONS",
  "BASH_ENV",
  "ENV",
  "IFS",
  "PROMPT_COMMAND",
  "PS4",
  "SHELLOPTS",
  "PYTHONSTARTUP",
  "PERL5OPT",
  "RUBYOPT",
  "JAVA_TOOL_OPTIONS",
];
/** Every name starting with this is protected too (macOS dynamic loader). */
export const PROTECTED_PREFIX = "DYLD_";

export function isProtected(name: string): boolean {
  return name.startsWith(PROTECTED_PREFIX) || PROTECTED_NAMES.includes(name);
}

/** Invalid characters become `_`; a leading digit (or nothing at all) gets a `_` in front. */
export function normalizeName(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(replaced) ? replaced : `_${replaced}`;
}

/**
 * Checks the run-wide shaping options before anything is fetched, so a typo
 * costs no AWS call: a prefix or separator that could never give a valid name
 * (unless names are normalized), and --allow-override of a name that is not protected.
 */
export function checkShapingOptions(options: ShapingOptions): void {
  const { prefix, flattenSeparator, normalizeNames, allowOverride = [] } = options;
  if (prefix !== undefined && prefix !== "" && !normalizeNames && !VALID_NAME.test(prefix)) {
    throw usageError(
      `--prefix '${prefix}' cannot start a variable name`,
      "use letters, digits and _, not starting with a digit (or add --normalize-names)",
    );
  }
  if (flattenSeparator === "") {
    throw usageError("--flatten-separator is empty", "give a separator such as _ or __");
  }
  if (flattenSeparator !== undefined && !normalizeNames && !/^[A-Za-z0-9_]+$/.test(flattenSeparator)) {
    throw usageError(
      `--flatten-separator '${flattenSeparator}' cannot be part of a variable name`,
      "use letters, digits and _ (or add --normalize-names)",
    );
  }
  for (const name of allowOverride) {
    if (!isProtected(name)) {
      throw usageError(
        `--allow-override ${name}: not a protected name`,
        `protected names are ${PROTECTED_NAMES.join(", ")} and ${PROTECTED_PREFIX}*; any other name needs no permission`,
      );
    }
  }
}

/** Where a variable's name came from, for messages: `"DB"."HOST"` for a flattened key, `"API_KEY"` for a plain one. */
export function describePath(path: readonly string[]): string {
  return path.map((segment) => JSON.stringify(segment)).join(".");
}

/**
 * The rules every final name (after prefix, flattening and normalization)
 * must pass: valid, not protected unless allowed. `source` is where the name
 * came from, for the message.
 */
export function checkName(secret: string, source: readonly string[], name: string, allowOverride: readonly string[]): void {
  const key = describePath(source);
  if (!VALID_NAME.test(name)) {
    const becomes = source.length === 1 && source[0] === name ? "" : ` gives ${JSON.stringify(name)}, which`;
    throw new EnvSecretsError({
      subject: secret,
      reason: `key ${key}${becomes} is not a valid environment variable name`,
      hint: "rename the key in the secret to letters, digits and _ (not starting with a digit), or add --normalize-names",
    });
  }
  if (isProtected(name) && !allowOverride.includes(name)) {
    throw new EnvSecretsError({
      subject: secret,
      reason: `${name} is a protected variable${source.length === 1 && source[0] === name ? "" : ` (from key ${key})`}`,
      hint: `a secret may not set it unless you pass --allow-override ${name}`,
    });
  }
}
