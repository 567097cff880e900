import { expect, test } from "bun:test";
import { configText } from "../../../src/commands/aws-create-config.ts";

test("a new config lists provider, region, the profile if given, and secret names only", () => {
  expect(configText(".env-secrets.yml", { region: "us-east-1", secrets: ["a/b", "c"] })).toBe(
    "provider: aws\nregion: us-east-1\nsecrets:\n  - name: a/b\n  - name: c\n",
  );
  expect(JSON.parse(configText("x.json", { region: "us-east-1", profile: "dev", secrets: ["a"] }))).toEqual({
    provider: "aws",
    region: "us-east-1",
    profile: "dev",
    secrets: [{ name: "a" }],
  });
});
