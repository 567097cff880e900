import { describe, expect, test } from "bun:test";
import { checkShapingOptions, isProtected, normalizeName, PROTECTED_NAMES } from "../../../src/secrets/names.ts";
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

test("protected names: the listed ones and every DYLD_ name, case-sensitive", () => {
  for (const name of [...PROTECTED_NAMES, "DYLD_INSERT_LIBRARIES", "DYLD_"]) expect(isProtected(name)).toBe(true);
  for (const name of ["path", "PATHX", "MY_PATH", "LD_PRELOADX", "NODE_ENV", "ENVIRONMENT"]) expect(isProtected(name)).toBe(false);
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
    expect(usageErrorOf({ allowOverride: ["PAHT"] })).toBe(
      `--allow-override PAHT: not a protected name — protected names are ${PROTECTED_NAMES.join(", ")} and DYLD_*; any other name needs no permission`,
    );
  });
});
