import { expect, test } from "bun:test";
import { parseSecretRef } from "../../../src/secrets/reference.ts";

test("a name is fetched from the default region", () => {
  expect(parseSecretRef("my-app/prod")).toEqual({ label: "my-app/prod", secretId: "my-app/prod" });
});

test("an ARN carries its own region", () => {
  const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:my-app/prod-AbCdEf";
  expect(parseSecretRef(arn)).toEqual({ label: arn, secretId: arn, arnRegion: "eu-west-1" });
});

test("a malformed ARN or an empty name is a usage error", () => {
  expect(() => parseSecretRef("arn:aws:s3:::bucket")).toThrow("not a Secrets Manager ARN");
  expect(() => parseSecretRef("")).toThrow("empty secret name");
});
