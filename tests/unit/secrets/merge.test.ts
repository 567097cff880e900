import { expect, test } from "bun:test";
import { childEnvironment, keepInherited, mergeSecretVariables } from "../../../src/secrets/merge.ts";

test("a later secret wins and each collision is reported with both secrets", () => {
  const { variables, collisions } = mergeSecretVariables([
    { label: "a", variables: new Map([["X", "1"], ["Y", "2"]]) },
    { label: "b", variables: new Map([["Y", "3"], ["Z", "4"]]) },
    { label: "c", variables: new Map([["X", "5"]]) },
  ]);
  expect(Object.fromEntries(variables)).toEqual({ X: "5", Y: "3", Z: "4" });
  expect(collisions).toEqual([
    { name: "Y", overridden: "a", winner: "b" },
    { name: "X", overridden: "a", winner: "c" },
  ]);
});

test("the child environment is the inherited one with secrets on top", () => {
  const env = childEnvironment({ PATH: "/bin", HOME: "/h", GONE: undefined, X: "old" }, new Map([["X", "new"]]));
  expect(env).toEqual({ PATH: "/bin", HOME: "/h", X: "new" });
});

test("__proto__ is a variable like any other: inherited, from a secret, and with --no-override", () => {
  const inherited = { ...JSON.parse('{"__proto__":"from-parent","PATH":"/bin"}') };
  const env = childEnvironment(inherited, new Map([["__proto__", "from-secret"], ["constructor", "c"]]));
  expect(Object.getPrototypeOf(env)).toBeNull();
  expect(Object.entries(env)).toEqual([
    ["__proto__", "from-secret"],
    ["PATH", "/bin"],
    ["constructor", "c"],
  ]);
  expect(Object.entries(childEnvironment(inherited, new Map()))).toEqual([
    ["__proto__", "from-parent"],
    ["PATH", "/bin"],
  ]);
  expect(keepInherited(new Map([["__proto__", "s"], ["toString", "t"]]), inherited).kept).toEqual(["__proto__"]);
});

test("keepInherited (--no-override) drops the secrets' values for inherited names and says which", () => {
  const { variables, kept } = keepInherited(
    new Map([["HOME", "secret-home"], ["NEW", "n"], ["EMPTY", "e"], ["GONE", "g"]]),
    { HOME: "/home/me", EMPTY: "", GONE: undefined },
  );
  expect(Object.fromEntries(variables)).toEqual({ NEW: "n", GONE: "g" });
  expect(kept).toEqual(["HOME", "EMPTY"]);
});
