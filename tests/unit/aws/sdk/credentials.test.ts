import { expect, test } from "bun:test";
import { describeSource, sdkWarning } from "../../../../src/aws/sdk/credentials.ts";

test("the SDK's multi-line warning about AWS_PROFILE and environment keys becomes one line naming the profile", () => {
  const sdkText = `@aws-sdk/credential-provider-node - defaultProvider::fromEnv WARNING:
    Multiple credential sources detected: 
    Both AWS_PROFILE and the pair AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY static credentials are set.`;
  expect(sdkWarning([sdkText], undefined, { AWS_PROFILE: "dev" })).toBe(
    "both AWS_PROFILE and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set; using profile dev, as the AWS SDK does — unset one of them",
  );
  // -p is an explicit choice: no warning.
  expect(sdkWarning([sdkText], "dev", {})).toBeUndefined();
  expect(sdkWarning(["@smithy/x - something\n   odd"], undefined, {})).toBe("something odd");
});

test("the provider is named from the SDK's own credential features, never from the keys", () => {
  const credentials = { accessKeyId: "AKID", secretAccessKey: "s", $source: { CREDENTIALS_STS_ASSUME_ROLE: "i", CREDENTIALS_PROFILE_SOURCE_PROFILE: "o" } };
  expect(describeSource(credentials)).toBe("profile source_profile, STS AssumeRole");
  expect(describeSource({ accessKeyId: "AKID", secretAccessKey: "s" })).toBe("unknown provider");
});
