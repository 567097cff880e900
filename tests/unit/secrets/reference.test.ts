import { describe, expect, test } from "bun:test";
import { parseSecretRef, secretRefFor } from "../../../src/secrets/reference.ts";
import { thrownError } from "../../helpers/errors.ts";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:my-app/prod-AbCdEf";

const usageErrorOf = (text: string) => thrownError(() => parseSecretRef(text), "usage").message;

test("a name is fetched from the default region", () => {
  expect(parseSecretRef("my-app/prod")).toEqual({ label: "my-app/prod", secretId: "my-app/prod" });
});

test("an ARN carries its own region", () => {
  expect(parseSecretRef(ARN)).toEqual({ label: ARN, secretId: ARN, arnRegion: "eu-west-1" });
});

describe("[VAR=]<name-or-arn>[#KEY]", () => {
  test("#KEY selects a key; VAR= names the variable; both together rename the key", () => {
    expect(parseSecretRef("app/prod#DB_PASSWORD")).toEqual({ label: "app/prod#DB_PASSWORD", secretId: "app/prod", keys: ["DB_PASSWORD"] });
    expect(parseSecretRef("TOKEN=app/token")).toEqual({ label: "TOKEN=app/token", secretId: "app/token", as: "TOKEN" });
    expect(parseSecretRef("PGPASS=app/db#password")).toEqual({
      label: "PGPASS=app/db#password",
      secretId: "app/db",
      as: "PGPASS",
      keys: ["password"],
    });
  });

  test("with an ARN: its colons and dashes stay in the ARN, # still starts the key", () => {
    expect(parseSecretRef(`${ARN}#API_KEY`)).toEqual({ label: `${ARN}#API_KEY`, secretId: ARN, arnRegion: "eu-west-1", keys: ["API_KEY"] });
    expect(parseSecretRef(`_X1=${ARN}`)).toEqual({ label: `_X1=${ARN}`, secretId: ARN, arnRegion: "eu-west-1", as: "_X1" });
  });

  test("VAR= is recognised only when VAR is a valid variable name; other names keep their =", () => {
    // Secret names may contain = (and + . @ - /).
    expect(parseSecretRef("team+a=b/x@y.z")).toEqual({ label: "team+a=b/x@y.z", secretId: "team+a=b/x@y.z" });
    expect(parseSecretRef("1X=app")).toEqual({ label: "1X=app", secretId: "1X=app" });
    expect(parseSecretRef("a-b=c#K")).toEqual({ label: "a-b=c#K", secretId: "a-b=c", keys: ["K"] });
    // Only the first VAR= counts: the rest is the name.
    expect(parseSecretRef("V=a=b")).toEqual({ label: "V=a=b", secretId: "a=b", as: "V" });
  });

  test("dotenv: after VAR= marks a secret read as dotenv text; no name contains a colon, so nothing else reads so", () => {
    expect(parseSecretRef("dotenv:app/env")).toEqual({ label: "dotenv:app/env", secretId: "app/env", dotenv: true });
    expect(parseSecretRef("PG=dotenv:app/env#password")).toEqual({ label: "PG=dotenv:app/env#password", secretId: "app/env", as: "PG", keys: ["password"], dotenv: true });
    expect(parseSecretRef(`dotenv:${ARN}#K`)).toEqual({ label: `dotenv:${ARN}#K`, secretId: ARN, arnRegion: "eu-west-1", keys: ["K"], dotenv: true });
    // Not at the start (after VAR=): part of the name, which AWS then refuses.
    expect(parseSecretRef("app/dotenv:x")).toEqual({ label: "app/dotenv:x", secretId: "app/dotenv:x" });
    expect(usageErrorOf("dotenv:")).toBe("dotenv:: empty secret name — give a secret name or ARN: -s [VAR=]<name-or-arn>[#KEY]");
  });

  test("VAR=dotenv:<name> without #KEY would read nothing as dotenv text: a usage error showing both readings", () => {
    expect(usageErrorOf("ALL=dotenv:app/env")).toBe(
      "ALL=dotenv:app/env: VAR= puts the whole secret in one variable, so dotenv: has no lines to read — drop dotenv: (-s ALL=app/env), or drop ALL= to read its KEY=value lines (-s dotenv:app/env)",
    );
  });

  test("the first # starts the key, so a key may itself contain #", () => {
    expect(parseSecretRef("app#a#b")).toEqual({ label: "app#a#b", secretId: "app", keys: ["a#b"] });
  });

  test("empty parts are usage errors that show the syntax", () => {
    expect(usageErrorOf("")).toBe("-s: empty secret name — give a secret name or ARN: -s [VAR=]<name-or-arn>[#KEY]");
    expect(usageErrorOf("VAR=")).toBe("VAR=: empty secret name — give a secret name or ARN: -s [VAR=]<name-or-arn>[#KEY]");
    expect(usageErrorOf("#KEY")).toBe("#KEY: empty secret name — give a secret name or ARN: -s [VAR=]<name-or-arn>[#KEY]");
    expect(usageErrorOf("app#")).toBe("app#: empty key after # — name the key to select, e.g. -s my-app/prod#DB_PASSWORD, or drop the #");
  });

  test("a malformed ARN is a usage error", () => {
    expect(usageErrorOf("arn:aws:s3:::bucket")).toBe(
      "arn:aws:s3:::bucket: not a Secrets Manager ARN — expected arn:aws:secretsmanager:<region>:<account>:secret:<name>",
    );
    expect(usageErrorOf("V=arn:aws:s3:::bucket#K")).toStartWith("V=arn:aws:s3:::bucket#K: not a Secrets Manager ARN");
  });
});

test("secretRefFor reads a bare name or ARN (a config file's name) without the -s syntax", () => {
  expect(secretRefFor("team=a/x#1")).toEqual({ label: "team=a/x#1", secretId: "team=a/x#1" });
  expect(secretRefFor(ARN)).toEqual({ label: ARN, secretId: ARN, arnRegion: "eu-west-1" });
  expect(() => secretRefFor("arn:aws:s3:::bucket", "secrets[0]")).toThrow("secrets[0]: not a Secrets Manager ARN");
});
