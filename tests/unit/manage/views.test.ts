import { describe, expect, test } from "bun:test";
import { record, table } from "../../../src/manage/render.ts";
import { getOutput, listOutput, valueOutput } from "../../../src/manage/views.ts";

const at = new Date("2026-11-28T00:38:54.123Z");

describe("rendering", () => {
  test("table pads columns, keeps cells on one line, no trailing spaces", () => {
    expect(table(["A", "BB"], [["long cell", ""], ["x", "multi\nline"]])).toBe("A          BB\nlong cell\nx          multi line\n");
  });

  test("record leaves out empty fields", () => {
    expect(record([["name", "n"], ["description", undefined], ["kms key", "k"]])).toBe("name     n\nkms key  k\n");
  });

  test("list: table and JSON", () => {
    const entries = [{ name: "app/a", arn: "arn:a", description: "first", lastChanged: at, tags: [{ Key: "team", Value: "x" }] }, { name: "app/b", arn: "arn:b", tags: [] }];
    expect(listOutput(entries, "table")).toBe(
      "NAME   DESCRIPTION  LAST CHANGED          LAST ACCESSED\napp/a  first        2026-11-28 00:38:54Z\napp/b\n",
    );
    expect(JSON.parse(listOutput(entries, "json"))).toEqual([
      { name: "app/a", arn: "arn:a", description: "first", lastChanged: "2026-11-28T00:38:54.123Z", lastAccessed: null, tags: { team: "x" } },
      { name: "app/b", arn: "arn:b", description: null, lastChanged: null, lastAccessed: null, tags: {} },
    ]);
  });

  test("get: metadata, versions and tags, never a value", () => {
    const described = { name: "app/a", arn: "arn:a", rotationEnabled: false, versions: { v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"] }, tags: [{ Key: "t", Value: "1" }], created: at };
    expect(getOutput(described, "table")).toBe(
      "name      app/a\narn       arn:a\nkms key   aws/secretsmanager (AWS managed)\nrotation  disabled\nversion   v1 AWSPREVIOUS\nversion   v2 AWSCURRENT\ntags      t=1\ncreated   2026-11-28 00:38:54Z\n",
    );
    expect(JSON.parse(getOutput(described, "json")).versions).toEqual({ v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"] });
  });

  test("value: masked unless revealed; JSON keeps each value's text; binary as its size", () => {
    const current = { arn: "a", name: "n", versionId: "v", secretString: '{"PASSWORD":"hunter22","PORT":5432}' };
    expect(valueOutput(current, "table", false)).toBe("KEY       VALUE\nPASSWORD  ****\nPORT      ****\n");
    expect(valueOutput(current, "table", true)).toBe("KEY       VALUE\nPASSWORD  hunter22\nPORT      5432\n");
    expect(valueOutput(current, "json", false)).toBe('{\n  "PASSWORD": "hunter22",\n  "PORT": 5432\n}\n');
    const text = { arn: "a", name: "n", versionId: "v", secretString: "plain token" };
    expect(valueOutput(text, "table", false)).toBe("KEY             VALUE\n(whole secret)  ****\n");
    expect(valueOutput(text, "json", false)).toBe('"plain token"\n');
    const binary = { arn: "a", name: "n", versionId: "v", secretBinary: new Uint8Array([0, 1, 2, 255]) };
    expect(valueOutput(binary, "table", false)).toBe("KEY       VALUE\n(binary)  4 bytes\n");
    expect(valueOutput(binary, "table", true)).toBe("KEY       VALUE\n(binary)  AAEC/w==\n");
  });
});
