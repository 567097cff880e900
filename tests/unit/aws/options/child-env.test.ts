import { expect, test } from "bun:test";
import { isAwsCredentialVariable, withoutAwsCredentials } from "../../../../src/aws/options/child-env.ts";

test("credential variables are removed; region, endpoints, config paths and everything else stay", () => {
  const env = {
    AWS_ACCESS_KEY_ID: "a",
    AWS_SECRET_ACCESS_KEY: "b",
    AWS_SESSION_TOKEN: "c",
    AWS_SECURITY_TOKEN: "c",
    AWS_WEB_IDENTITY_TOKEN_FILE: "/t",
    AWS_ROLE_ARN: "arn",
    AWS_ROLE_SESSION_NAME: "s",
    AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1/creds",
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2",
    AWS_CONTAINER_AUTHORIZATION_TOKEN: "tok",
    AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/tok",
    AWS_PROFILE: "dev",
    AWS_REGION: "eu-west-1",
    AWS_DEFAULT_REGION: "eu-west-1",
    AWS_ENDPOINT_URL: "https://x",
    PATH: "/bin",
    UNSET: undefined,
  };
  expect(withoutAwsCredentials(env)).toEqual({ AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-1", AWS_ENDPOINT_URL: "https://x", PATH: "/bin", UNSET: undefined });
  expect(isAwsCredentialVariable("AWS_ACCESS_KEY_ID_EXTRA")).toBe(false);
  expect(isAwsCredentialVariable("MY_AWS_PROFILE")).toBe(false);
});
