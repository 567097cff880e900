import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkShapingOptions, isProtected, normalizeName, PROTECTED_NAMES_DOC, PROTECTED_PATTERNS } from "../../../src/secrets/names.ts";
import type { ShapingOptions } from "../../../src/secrets/reference.ts";
import { thrownError } from "../../helpers/errors.ts";

const usageErrorOf = (options: ShapingOptions) => thrownError(() => checkShapingOptions(options), "usage").message;

test("normalizeName: invalid characters become _, a leading digit or nothing gets a _ in front", () => {
  expect(normalizeName("db-host")).toBe("db_host");
  expect(normalizeName("a.b c/d")).toBe("a_b_c_d");
  expect(normalizeName("1PASSWORD")).toBe("_1PASSWORD");
  expect(normalizeName("é")).toBe("_");
  expect(normalizeName("")).toBe("_");
  expect(normalizeName("ALREADY_OK")).toBe("ALREADY_OK");
});

test("protected names: the listed ones and every name under a listed prefix, case-sensitive", () => {
  const names = PROTECTED_PATTERNS.filter((pattern) => !pattern.endsWith("*"));
  const covered = ["DYLD_INSERT_LIBRARIES", "DYLD_", "LD_PRELOAD", "LD_PRELOADX", "LD_AUDIT", "GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_12", "GIT_CONFIG_PARAMETERS", "LUA_INIT_5_4", "_RLDLIST", "KRB5_CONFIG"];
  for (const name of [...names, ...covered]) expect(isProtected(name)).toBe(true);
  for (const name of ["path", "PATHX", "MY_PATH", "LD", "NODE_ENV", "ENVIRONMENT", "GIT_AUTHOR_NAME", "JAVA_HOME", "PYTHONUNBUFFERED", "DATABASE_URL"]) {
    expect(isProtected(name)).toBe(false);
  }
});

// sudo's plugins/sudoers/env.c, initial_badenv_table (all platforms); "*=()*" is bash's function syntax,
// whose variables (BASH_FUNC_name%%) are never valid names.
const SUDO_BADENV = ["IFS", "CDPATH", "LOCALDOMAIN", "RES_OPTIONS", "HOSTALIASES", "NLSPATH", "PATH_LOCALE", "LD_*", "_RLD*", "SHLIB_PATH", "LDR_*", "LIBPATH", "AUTHSTATE", "DYLD_*", "KRB5_CONFIG*", "KRB5_KTNAME", "VAR_ACE", "USR_ACE", "DLC_ACE", "TERMINFO", "TERMINFO_DIRS", "TERMPATH", "TERMCAP", "ENV", "BASH_ENV", "PS4", "GLOBIGNORE", "BASHOPTS", "SHELLOPTS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH", "PERLIO_DEBUG", "PERLLIB", "PERL5LIB", "PERL5OPT", "PERL5DB", "FPATH", "NULLCMD", "READNULLCMD", "ZDOTDIR", "TMPPREFIX", "PYTHONHOME", "PYTHONPATH", "PYTHONINSPECT", "PYTHONUSERBASE", "PYTHONSTARTUP", "RUBYLIB", "RUBYOPT", "NODE_OPTIONS", "NODE_PATH", "GIT_SSH_COMMAND", "GIT_CONFIG_*", "GCONV_PATH"];

test("the list covers every name and prefix of sudo's built-in table of unsafe variables", () => {
  expect(SUDO_BADENV.filter((pattern) => !PROTECTED_PATTERNS.includes(pattern))).toEqual([]);
});

test("docs/protected-names.md has one row for each entry, in the same order, sudo's marked as such", () => {
  const rows = readFileSync(join(import.meta.dir, "../../../docs/protected-names.md"), "utf8")
    .split("\n")
    .filter((line) => /^\| `[^`]+` \|/.test(line))
    .map((line) => line.split(" | "));
  expect(rows.map((row) => row[0]!.replace(/^\| `|`$/g, ""))).toEqual([...PROTECTED_PATTERNS]);
  const marked = (source: string) => rows.filter((row) => row.at(-1) === `${source} |`).map((row) => row[0]!.replace(/^\| `|`$/g, ""));
  expect(marked("sudo").sort()).toEqual([...SUDO_BADENV].sort());
  expect(marked("sudo").length + marked("added").length).toBe(rows.length);
});


describe("checkShapingOptions", () => {
  test("accepts sound options", () => {
    expect(() => checkShapingOptions({ prefix: "APP_", flattenSeparator: "__", allowOverride: ["PATH", "DYLD_X"] })).not.toThrow();
    expect(() => checkShapingOptions({ prefix: "" })).not.toThrow();
    expect(() => checkShapingOptions({ prefix: "my-app.", flattenSeparator: ".", normalizeNames: true })).not.toThrow();
  });

  test("a prefix or separator that can never give a valid name is a usage error", () => {
    expect(usageErrorOf({ prefix: "my-app_" })).toBe(
      "--prefix 'my-app_' cannot start a variable name — use letters, digits and _, not starting with a digit (or add --normalize-names)",
    );
    expect(usageErrorOf({ prefix: "1_" })).toStartWith("--prefix '1_' cannot start a variable name");
    expect(usageErrorOf({ flattenSeparator: "." })).toBe(
      "--flatten-separator '.' cannot be part of a variable name — use letters, digits and _ (or add --normalize-names)",
    );
    expect(usageErrorOf({ flattenSeparator: "" })).toBe("--flatten-separator is empty — give a separator such as _ or __");
  });

  test("--allow-override of a name that is not protected is a usage error (catches typos)", () => {
    expect(usageErrorOf({ allowOverride: ["PAHT"] })).toBe(`--allow-override PAHT: not a protected name — any other name needs no permission; the protected ones: ${PROTECTED_NAMES_DOC}`);
  });

  test("--allow-override takes names one by one, never a pattern", () => {
    expect(usageErrorOf({ allowOverride: ["GIT_CONFIG_*"] })).toBe(
      "--allow-override 'GIT_CONFIG_*': not a variable name — name each protected variable to allow, e.g. --allow-override LD_PRELOAD (repeat the option for more)",
    );
    expect(() => checkShapingOptions({ allowOverride: ["GIT_CONFIG_KEY_0", "LD_AUDIT"] })).not.toThrow();
  });
});
