import { describe, expect, test } from "bun:test";
import { readEnvFile } from "../../../src/manage/env-file.ts";
import { removeKeys, setKey } from "../../../src/manage/keys.ts";
import { parseSecretObject, serializeSecretObject } from "../../../src/secrets/secret-object.ts";
import { planUpsert, upsertCounts } from "../../../src/manage/upsert.ts";
import { thrownError } from "../../helpers/errors.ts";

const object = (text: string) => parseSecretObject(text)!;

describe("planUpsert merges the file's keys over the secret's object", () => {
  test("created, updated, unchanged and skipped rows, in line order, other keys untouched", () => {
    const file = readEnvFile("NEW=n\nSAME=s\nPORT=5432\nCHANGED=new\noops\nNEW=n2\n");
    const plan = planUpsert(".env", file, object('{"KEEP":1.50,"SAME":"s","PORT":5432,"CHANGED":"old"}'));
    expect(plan.rows).toEqual([
      { action: "skipped", key: "NEW", line: 1, note: "repeated on line 6, which wins" },
      { action: "unchanged", key: "SAME", line: 2 },
      { action: "unchanged", key: "PORT", line: 3 },
      { action: "updated", key: "CHANGED", line: 4 },
      { action: "skipped", line: 5, note: "not KEY=value" },
      { action: "created", key: "NEW", line: 6 },
    ]);
    expect(plan.changed).toBe(true);
    // The number keeps its JSON type and digits: "5432" from the file is the same text.
    expect(serializeSecretObject(plan.object)).toBe('{"KEEP":1.50,"SAME":"s","PORT":5432,"CHANGED":"new","NEW":"n2"}');
    expect(upsertCounts(plan.rows)).toEqual({ created: 1, updated: 1, unchanged: 2, skipped: 2 });
  });

  test("nothing new: no change to write", () => {
    const plan = planUpsert(".env", readEnvFile("A=1\n"), object('{"A":"1"}'));
    expect(plan.changed).toBe(false);
  });

  test("no secret yet: every key is created", () => {
    const plan = planUpsert(".env", readEnvFile("A=1\nB=2\n"), undefined);
    expect(plan.rows.map((r) => r.action)).toEqual(["created", "created"]);
    expect(plan.changed).toBe(true);
  });

  test("a file without any assignment is an error naming its bad lines", () => {
    expect(thrownError(() => planUpsert("prod.env", readEnvFile("# only\nnope\n"), undefined)).message).toBe(
      "prod.env: no KEY=value line — line 2 is not KEY=value",
    );
    expect(thrownError(() => planUpsert("prod.env", readEnvFile("\n# c\n"), undefined)).message).toBe(
      "prod.env: no KEY=value line — the file has only blank lines and comments",
    );
  });
});

describe("setKey and removeKeys edit one object", () => {
  test("setKey creates, updates or leaves a key, other values byte for byte", () => {
    const start = object('{"A":1.50,"B":"b"}');
    expect(setKey(start, "C", "c").action).toBe("created");
    const updated = setKey(start, "B", 'quote " and \\');
    expect(updated.action).toBe("updated");
    expect(serializeSecretObject(updated.object)).toBe('{"A":1.50,"B":"quote \\" and \\\\"}');
    expect(setKey(start, "A", "1.50").action).toBe("unchanged");
  });

  test("removeKeys removes what is there and names what is missing", () => {
    const result = removeKeys("app", object('{"A":1,"B":2,"C":3}'), ["A", "X", "A"]);
    expect(serializeSecretObject(result.object)).toBe('{"B":2,"C":3}');
    expect(result.removed).toEqual(["A"]);
    expect(result.missing).toEqual(["X"]);
  });

  test("removeKeys refuses to remove every key, and when none of the keys is there", () => {
    expect(thrownError(() => removeKeys("app", object('{"A":1,"B":2}'), ["A", "B"])).message).toBe(
      "app: removing A, B would leave the secret without keys — to delete the secret itself: env-secrets aws secret delete -n app -y",
    );
    expect(thrownError(() => removeKeys("app", object('{"A":1}'), ["X", "Y"])).message).toBe("app: no key X, Y in the secret — its keys: A");
  });
});
