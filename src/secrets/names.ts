import { EnvSecretsError, usageError } from "../errors.ts";
import type { ShapingOptions } from "./reference.ts";

/**
 * Variable names: what makes one valid, how --normalize-names repairs one,
 * and which names a secret may not set unless the user allows it.
 */
export const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Variables that change what code the program runs: through the dynamic
 * loader, a shell, an interpreter or runtime, or a tool it starts (git, a
 * pager). A secret that sets one can take over the program, so each must be
 * allowed by name (--allow-override). The list starts from sudo's built-in
 * table of unsafe variables and adds the option variables of common runtimes
 * and tools; docs/protected-names.md gives the reason for every entry, and a
 * test keeps the two lists equal. An entry ending in `*` covers every name
 * that starts with what comes before it.
 */
export const PROTECTED_PATTERNS: readonly string[] = [
  // Dynamic loaders and libraries they load.
  "PATH",
  "LD_*",
  "DYLD_*",
  "_RLD*",
  "LDR_*",
  "LIBPATH",
  "SHLIB_PATH",
  "AUTHSTATE",
  "GCONV_PATH",
  "OPENSSL_CONF",
  "OPENSSL_ENGINES",
  "OPENSSL_MODULES",
  // Files the C library and system libraries read.
  "LOCALDOMAIN",
  "RES_OPTIONS",
  "HOSTALIASES",
  "NLSPATH",
  "PATH_LOCALE",
  "LOCPATH",
  "TERMINFO",
  "TERMINFO_DIRS",
  "TERMPATH",
  "TERMCAP",
  "KRB5_CONFIG*",
  "KRB5_KTNAME",
  "VAR_ACE",
  "USR_ACE",
  "DLC_ACE",
  // Shells.
  "IFS",
  "CDPATH",
  "ENV",
  "BASH_ENV",
  "SHELLOPTS",
  "BASHOPTS",
  "GLOBIGNORE",
  "PROMPT_COMMAND",
  "PS0",
  "PS1",
  "PS2",
  "PS4",
  "FPATH",
  "NULLCMD",
  "READNULLCMD",
  "ZDOTDIR",
  "TMPPREFIX",
  "HOME",
  "XDG_CONFIG_HOME",
  // Commands other programs run.
  "EDITOR",
  "VISUAL",
  "PAGER",
  "MANPAGER",
  "LESSOPEN",
  "LESSCLOSE",
  "BROWSER",
  "SUDO_ASKPASS",
  "SSH_ASKPASS",
  // git.
  "GIT_CONFIG",
  "GIT_CONFIG_*",
  "GIT_DIR",
  "GIT_EXEC_PATH",
  "GIT_TEMPLATE_DIR",
  "GIT_SSH",
  "GIT_SSH_COMMAND",
  "GIT_ASKPASS",
  "GIT_PROXY_COMMAND",
  "GIT_EXTERNAL_DIFF",
  "GIT_EDITOR",
  "GIT_SEQUENCE_EDITOR",
  "GIT_PAGER",
  // Runtimes and interpreters.
  "NODE_OPTIONS",
  "NODE_PATH",
  "NODE_REPL_EXTERNAL_MODULE",
  "BUN_OPTIONS",
  "PYTHONPATH",
  "PYTHONHOME",
  "PYTHONSTARTUP",
  "PYTHONINSPECT",
  "PYTHONUSERBASE",
  "PYTHONBREAKPOINT",
  "PYTHONWARNINGS",
  "PYTHONPYCACHEPREFIX",
  "PERL5OPT",
  "PERL5LIB",
  "PERLLIB",
  "PERL5DB",
  "PERLIO_DEBUG",
  "RUBYOPT",
  "RUBYLIB",
  "JAVA_TOOL_OPTIONS",
  "JDK_JAVA_OPTIONS",
  "_JAVA_OPTIONS",
  "CLASSPATH",
  "PHPRC",
  "PHP_INI_SCAN_DIR",
  "LUA_INIT*",
  "LUA_PATH*",
  "LUA_CPATH*",
  "ERL_AFLAGS",
  "ERL_FLAGS",
  "ERL_ZFLAGS",
  "DOTNET_STARTUP_HOOKS",
  "CORECLR_ENABLE_PROFILING",
  "CORECLR_PROFILER*",
  "COR_ENABLE_PROFILING",
  "COR_PROFILER*",
];

const PROTECTED_NAMES = new Set(PROTECTED_PATTERNS.filter((pattern) => !pattern.endsWith("*")));
const PROTECTED_PREFIXES = PROTECTED_PATTERNS.filter((pattern) => pattern.endsWith("*")).map((pattern) => pattern.slice(0, -1));

export function isProtected(name: string): boolean {
  return PROTECTED_NAMES.has(name) || PROTECTED_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** Where the list of protected names, with the reason for each, is published. */
export const PROTECTED_NAMES_DOC = "https://github.com/env-secrets/env-secrets/blob/main/docs/protected-names.md";

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
    if (!VALID_NAME.test(name)) {
      throw usageError(`--allow-override '${name}': not a variable name`, "name each protected variable to allow, e.g. --allow-override LD_PRELOAD (repeat the option for more)");
    }
    if (!isProtected(name)) {
      throw usageError(`--allow-override ${name}: not a protected name`, `any other name needs no permission; the protected ones: ${PROTECTED_NAMES_DOC}`);
    }
  }
}

/** Where a variable's name came from, for messages: `"DB"."HOST"` for a flattened key, `"API_KEY"` for a plain one. */
export function describePath(path: readonly string[]): string {
  return path.map((segment) => JSON.stringify(segment)).join(".");
}

/** How messages point at where a variable came from: a JSON key path, or the line of dotenv text (never its key). */
export interface NameSource {
  /** Top-level key, then nested keys. */
  source: readonly string[];
  /** For dotenv text: the line; the key is then not quoted. */
  line?: number;
}

export function describeSource({ source, line }: NameSource): string {
  return line === undefined ? `key ${describePath(source)}` : `line ${line}`;
}

/** `` (the key is the name), or ` (from key "DB"."HOST")`, ` (from line 3)`. */
export function fromSource(entry: NameSource, name: string): string {
  return entry.line === undefined && entry.source.length === 1 && entry.source[0] === name ? "" : ` (from ${describeSource(entry)})`;
}

/**
 * Every final name (after prefix, flattening and normalization) must be a
 * valid name. The message names the key, or for dotenv text only the line:
 * a name that is not accepted is never printed from text that may not have
 * been meant as names.
 */
export function checkValidName(secret: string, entry: NameSource, name: string): void {
  if (VALID_NAME.test(name)) return;
  if (entry.line !== undefined) {
    throw new EnvSecretsError({
      subject: secret,
      reason: `the variable on line ${entry.line} does not have a valid environment variable name`,
      hint: "rename it in the secret to letters, digits and _ (not starting with a digit), or add --normalize-names",
    });
  }
  const becomes = entry.source.length === 1 && entry.source[0] === name ? "" : ` gives ${JSON.stringify(name)}, which`;
  throw new EnvSecretsError({
    subject: secret,
    reason: `key ${describePath(entry.source)}${becomes} is not a valid environment variable name`,
    hint: "rename the key in the secret to letters, digits and _ (not starting with a digit), or add --normalize-names",
  });
}

/** The error for protected names a secret would set: each name (all valid names), and the flags that allow them. */
export function protectedNamesError(secret: string, names: Array<{ name: string; from: string }>): EnvSecretsError {
  const allow = names.map(({ name }) => `--allow-override ${name}`).join(" ");
  if (names.length === 1) {
    const [{ name, from }] = names as [{ name: string; from: string }];
    return new EnvSecretsError({ subject: secret, reason: `${name} is a protected variable${from}`, hint: `a secret may not set it unless you pass ${allow}` });
  }
  const listed = names.map(({ name, from }) => `${name}${from}`);
  const all = `${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}`;
  return new EnvSecretsError({ subject: secret, reason: `${all} are protected variables`, hint: `a secret may not set them unless you pass ${allow}` });
}
