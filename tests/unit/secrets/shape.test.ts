import { describe, expect, test } from "bun:test";
import type { SecretPayload } from "../../../src/secrets/payload.ts";
import { parseSecretRef, type SecretRef, type ShapingOptions } from "../../../src/secrets/reference.ts";
import { shapeSecret } from "../../../src/secrets/shape.ts";
import { thrownError } from "../../helpers/errors.ts";

function shape(ref: string | SecretRef, payload: SecretPayload | string, options: ShapingOptions = {}): Record<string, string> {
  const secretRef = typeof ref === "string" ? parseSecretRef(ref) : ref;
  const body = typeof payload === "string" ? { secretString: payload } : payload;
  return Object.fromEntries(shapeSecret(secretRef, body, options));
}

const errorOf = (...args: Parameters<typeof shape>) => thrownError(() => shape(...args)).message;

const DB = JSON.stringify({ host: "db.internal", port: 5432, password: "pw-value", nested: { a: 1 } });

describe("#KEY and VAR=", () => {
  test("#KEY selects one key, named as the key", () => {
    expect(shape("app/db#password", DB)).toEqual({ password: "pw-value" });
  });

  test("VAR=...#KEY renames that key", () => {
    expect(shape("PGPASSWORD=app/db#password", DB)).toEqual({ PGPASSWORD: "pw-value" });
    expect(shape("PORT=app/db#port", '{"port": 5432.0}')).toEqual({ PORT: "5432.0" });
  });

  test("a missing key is an error (fail closed), naming the key", () => {
    expect(errorOf("app/db#PASSWORD", DB)).toBe('app/db#PASSWORD: no key "PASSWORD" in the secret — keys are case-sensitive; check the key\'s name in the secret');
  });

  test("VAR= without a key puts the whole secret string in VAR, as it is", () => {
    expect(shape("TOKEN=app/token", "  plain text\nwith lines  ")).toEqual({ TOKEN: "  plain text\nwith lines  " });
    expect(shape("CONFIG=app/db", DB)).toEqual({ CONFIG: DB });
    expect(shape("EMPTY=app/empty", "")).toEqual({ EMPTY: "" });
  });

  test("a config file's keys list selects several keys; one name for several keys is an error", () => {
    const ref: SecretRef = { label: "app/db", secretId: "app/db", keys: ["host", "port"] };
    expect(shape(ref, DB)).toEqual({ host: "db.internal", port: "5432" });
    expect(errorOf({ ...ref, as: "X" }, DB)).toBe("app/db: as names one variable, but keys lists several — list one key with as, or drop as");
    expect(errorOf({ ...ref, keys: ["host", "user"] }, DB)).toStartWith('app/db: no key "user" in the secret');
  });
});

describe("binary secrets", () => {
  const binary = { secretBinary: "AAEC/w==" };
  test("only with VAR=: the variable gets the base64 text", () => {
    expect(shape("CERT=app/cert", binary)).toEqual({ CERT: "AAEC/w==" });
  });

  test("without VAR=, or with #KEY, an error shows the fix", () => {
    expect(errorOf("app/cert", binary)).toBe("app/cert: binary secret — name the variable for the whole secret: -s VAR=app/cert (it gets the base64 text)");
    expect(errorOf("CERT=app/cert#K", binary)).toBe(
      "CERT=app/cert#K: a binary secret has no keys to select — drop the key and name the variable for the whole secret: -s VAR=app/cert (it gets the base64 text)",
    );
  });
});

describe("dotenv text (upstream compatibility)", () => {
  test("a secret of KEY=value lines becomes those variables", () => {
    expect(shape("app/env", "# comment\nexport A=1\r\nB='two words'\n\nC=\"x\\ny\"\n")).toEqual({ A: "1", B: "two words", C: "x\ny" });
  });

  test("#KEY selects from dotenv text as from a JSON object", () => {
    expect(shape("ONLY=app/env#B", "A=1\nB=2")).toEqual({ ONLY: "2" });
  });

  test("text with a line that is not a variable is an error, not half-read", () => {
    expect(errorOf("app/env", "A=1\n-----BEGIN-----")).toBe(
      "app/env: the secret is neither a JSON object nor dotenv text (line 2 is not KEY=value) — name the variable for the whole secret: -s VAR=app/env",
    );
    expect(errorOf("app/env#A", "token")).toBe(
      "app/env#A: the secret is neither a JSON object nor dotenv text (line 1 is not KEY=value) — drop the key and name the variable for the whole secret: -s VAR=app/env",
    );
  });

  test("a base64 token with = padding is not read as an empty variable named after its body", () => {
    const fix = "name the variable for the whole secret: -s VAR=app/t";
    for (const token of ["c2VjcmV0dG9rZW4=", "c2VjcmV0dG9rZW4x==", "dG9r-ZW4=\n"]) {
      expect(errorOf("app/t", token)).toBe(
        `app/t: the secret is neither a JSON object nor dotenv text (no KEY=value line has a value; it reads as a token) — ${fix}`,
      );
    }
    expect(shape("T=app/t", "c2VjcmV0dG9rZW4=")).toEqual({ T: "c2VjcmV0dG9rZW4=" });
    expect(shape("app/t", "EMPTY=\nSET=1")).toEqual({ EMPTY: "", SET: "1" });
  });

  test("dotenv keys follow the same name rules", () => {
    expect(errorOf("app/env", "my.key=1")).toStartWith('app/env: key "my.key" is not a valid environment variable name');
    expect(shape("app/env", "my.key=1", { normalizeNames: true })).toEqual({ my_key: "1" });
  });
});

describe("--flatten", () => {
  const nested = '{"DB":{"HOST":"h","PORT":5432,"OPTS":{"SSL":true}},"LIST":[1,{"a":2}],"EMPTY":{},"TOP":"t"}';

  test("nested objects become PARENT_CHILD variables; arrays and empty objects stay JSON text", () => {
    expect(shape("app/n", nested, { flattenSeparator: "_" })).toEqual({
      DB_HOST: "h",
      DB_PORT: "5432",
      DB_OPTS_SSL: "true",
      LIST: '[1,{"a":2}]',
      EMPTY: "{}",
      TOP: "t",
    });
  });

  test("without --flatten nested objects stay compact JSON text", () => {
    expect(shape("app/n", nested).DB).toBe('{"HOST":"h","PORT":5432,"OPTS":{"SSL":true}}');
  });

  test("another separator; a per-secret separator (config) wins over the run's", () => {
    expect(shape("app/n", nested, { flattenSeparator: "__" }).DB__OPTS__SSL).toBe("true");
    expect(shape({ label: "app/n", secretId: "app/n", flattenSeparator: "_" }, nested, { flattenSeparator: "__" }).DB_OPTS_SSL).toBe("true");
  });

  test("#KEY then flatten: a renamed nested key is the parent of its children", () => {
    expect(shape("PG=app/n#DB", nested, { flattenSeparator: "_" })).toEqual({ PG_HOST: "h", PG_PORT: "5432", PG_OPTS_SSL: "true" });
  });

  test("a collision after flattening is an error naming both paths", () => {
    expect(errorOf("app/n", '{"A_B":1,"A":{"B":2}}', { flattenSeparator: "_" })).toBe(
      'app/n: keys "A_B" and "A"."B" both become the variable A_B — rename one of them in the secret',
    );
  });
});

describe("--prefix and --normalize-names", () => {
  test("the prefix goes in front of every variable, VAR= names included; a secret's own prefix after the run's", () => {
    expect(shape("app/db#host", DB, { prefix: "APP_" })).toEqual({ APP_host: "db.internal" });
    expect(shape("TOKEN=app/t", "x", { prefix: "APP_" })).toEqual({ APP_TOKEN: "x" });
    expect(shape({ label: "app/db", secretId: "app/db", keys: ["port"], prefix: "DB_" }, DB, { prefix: "APP_" })).toEqual({ APP_DB_port: "5432" });
  });

  test("validity applies to the final name: a prefix can make a leading digit valid", () => {
    expect(shape("app/x", '{"1KEY":"v"}', { prefix: "P_" })).toEqual({ P_1KEY: "v" });
    expect(errorOf("app/x", '{"a-b":"v"}', { prefix: "P_" })).toBe(
      'app/x: key "a-b" gives "P_a-b", which is not a valid environment variable name — rename the key in the secret to letters, digits and _ (not starting with a digit), or add --normalize-names',
    );
  });

  test("normalization repairs names instead of failing", () => {
    expect(shape("app/x", '{"db-host":"h","1PASS":"p","a.b c":"s","":"e"}', { normalizeNames: true })).toEqual({
      db_host: "h",
      _1PASS: "p",
      a_b_c: "s",
      _: "e",
    });
    expect(shape("app/x", '{"a":{"b-c":1}}', { normalizeNames: true, flattenSeparator: "." })).toEqual({ a_b_c: "1" });
  });

  test("two keys that normalize to the same name are an error naming both", () => {
    expect(errorOf("app/x", '{"db-host":"1","db.host":"2"}', { normalizeNames: true })).toBe(
      'app/x: keys "db-host" and "db.host" both become the variable db_host — rename one of them in the secret',
    );
  });
});

describe("protected names", () => {
  test("a secret may not set PATH, LD_PRELOAD, DYLD_* and the rest", () => {
    expect(errorOf("app/x", '{"PATH":"/evil"}')).toBe("app/x: PATH is a protected variable — a secret may not set it unless you pass --allow-override PATH");
    expect(errorOf("app/x", '{"DYLD_INSERT_LIBRARIES":"x"}')).toStartWith("app/x: DYLD_INSERT_LIBRARIES is a protected variable");
    expect(errorOf("LD_PRELOAD=app/x", "x")).toStartWith("LD_PRELOAD=app/x: LD_PRELOAD is a protected variable");
  });

  test("the rule applies to the final name, after prefix, flattening and normalization", () => {
    expect(errorOf("app/x", '{"LD":{"PRELOAD":"x"}}', { flattenSeparator: "_" })).toBe(
      'app/x: LD_PRELOAD is a protected variable (from key "LD"."PRELOAD") — a secret may not set it unless you pass --allow-override LD_PRELOAD',
    );
    expect(errorOf("app/x", '{"NODE-OPTIONS":"x"}', { normalizeNames: true })).toStartWith("app/x: NODE_OPTIONS is a protected variable");
    expect(errorOf("app/x", '{"ATH":"x"}', { prefix: "P" })).toStartWith("app/x: PATH is a protected variable");
    expect(shape("app/x", '{"PATH":"x"}', { prefix: "MY_" })).toEqual({ MY_PATH: "x" });
  });

  test("--allow-override NAME lets exactly that name through", () => {
    expect(shape("app/x", '{"PATH":"/opt/bin"}', { allowOverride: ["PATH"] })).toEqual({ PATH: "/opt/bin" });
    expect(errorOf("app/x", '{"PATH":"a","IFS":"b"}', { allowOverride: ["PATH"] })).toStartWith("app/x: IFS is a protected variable");
  });
});

test("a NUL character anywhere is an error naming the variable", () => {
  expect(errorOf("T=app/t", "a\0b")).toBe("T=app/t: the value of T contains a NUL character — an environment variable cannot hold NUL; store the value base64-encoded");
  expect(errorOf("app/t", '{"A":{"B":"a\\u0000"}}', { flattenSeparator: "_" })).toStartWith("app/t: the value of A_B contains a NUL character");
});
