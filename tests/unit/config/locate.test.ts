import { describe, expect, test } from "bun:test";
import { fieldName, lineOfField, lineOfSyntaxError } from "../../../src/config/locate.ts";

const yaml = `# comment
provider: aws
secrets:
  - name: first
    keys:
      - A
      - B
  - name: second
    keys: [C, D]
  -
    name: third
`;

test("finds the line of nested fields in block YAML", () => {
  expect(lineOfField(yaml, ["provider"])).toBe(2);
  expect(lineOfField(yaml, ["secrets", 0, "keys", 1])).toBe(7);
  expect(lineOfField(yaml, ["secrets", 1, "name"])).toBe(8);
  // Inside a flow list the key's line is as close as it gets.
  expect(lineOfField(yaml, ["secrets", 1, "keys", 1])).toBe(9);
  expect(lineOfField(yaml, ["secrets", 2, "name"])).toBe(11);
  expect(lineOfField(yaml, ["missing"])).toBeUndefined();
});

test("field names read like the config", () => {
  expect(fieldName(["secrets", 2, "keys", 0])).toBe("secrets[2].keys[0]");
});

describe("lineOfSyntaxError", () => {
  const parses = (text: string) => {
    try {
      Bun.YAML.parse(text);
      return true;
    } catch {
      return false;
    }
  };

  test("names the first line the leading lines stop parsing at, nodes spanning lines included", () => {
    expect(lineOfSyntaxError("provider: aws\nregion: us-east-1\n  secrets: x\n", parses)).toBe(3);
    expect(lineOfSyntaxError("provider: 'aws\n", parses)).toBe(1);
    expect(lineOfSyntaxError("provider: aws\nsecrets:\n  - name: [unclosed\n", parses)).toBe(3);
    expect(lineOfSyntaxError("a: 1\n\n# comment\n\n  b: 2\n", parses)).toBe(5);
    expect(lineOfSyntaxError("k: v\n\tx: y\n", parses)).toBe(2);
    expect(lineOfSyntaxError("k: v\n", parses)).toBeUndefined();
    // Flow lists, quoted scalars and block scalars over several lines, then the error.
    const spanning = [
      "a:",
      "  keys: [A,",
      "    B]",
      "  x: 'multi",
      "    line'",
      '  y: "q \\" ["',
      "  z: |",
      "    [ not flow",
      "    'not a quote",
      "  w: it's [plain",
      "  v: { k: [1,",
      "     2] }",
      "bad: : :",
    ].join("\n");
    expect(lineOfSyntaxError(spanning, parses)).toBe(13);
    expect(lineOfSyntaxError(`${spanning.split("\n").slice(0, 12).join("\n")}\n  keys: [A,\n  B\n`, parses)).toBe(13);
  });

  test("16,000 lines take at most 16 parses besides the whole text's", () => {
    const lines = ["secrets:"];
    for (let i = 1; i < 15_999; i++) lines.push(`  - name: app/secret-${i}`);
    lines.push("  - name: [unclosed");
    let count = 0;
    const line = lineOfSyntaxError(lines.join("\n"), (text) => {
      count++;
      return parses(text);
    });
    expect(line).toBe(16_000);
    expect(count).toBeLessThanOrEqual(17);
  });
});
