import { expect, test } from "bun:test";
import { fieldName, lineOfField } from "../../../src/config/locate.ts";

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
