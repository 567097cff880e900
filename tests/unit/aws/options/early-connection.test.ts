import { expect, test } from "bun:test";
import { earlyConnectionOrigin } from "../../../../src/aws/options/early-connection.ts";
import type { AwsSettings } from "../../../../src/aws/options/settings.ts";

const settings = (more: Partial<AwsSettings> = {}): AwsSettings => ({ profile: undefined, region: undefined, endpoint: undefined, caBundle: undefined, timeoutMs: 5000, ...more });

test("the standard Secrets Manager host of the run's region: -r first, then AWS_REGION, AWS_DEFAULT_REGION, an ARN's region", () => {
  expect(earlyConnectionOrigin(settings({ region: "eu-west-1" }), { AWS_REGION: "us-east-1" })).toBe("https://secretsmanager.eu-west-1.amazonaws.com");
  expect(earlyConnectionOrigin(settings(), { AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "eu-west-1" })).toBe("https://secretsmanager.us-east-1.amazonaws.com");
  expect(earlyConnectionOrigin(settings(), { AWS_DEFAULT_REGION: "ap-southeast-2" })).toBe("https://secretsmanager.ap-southeast-2.amazonaws.com");
  expect(earlyConnectionOrigin(settings(), {}, "us-gov-west-1")).toBe("https://secretsmanager.us-gov-west-1.amazonaws.com");
});

test("a configured endpoint: its origin", () => {
  expect(earlyConnectionOrigin(settings({ endpoint: "http://127.0.0.1:4566/" }), {})).toBe("http://127.0.0.1:4566");
  expect(earlyConnectionOrigin(settings({ endpoint: "http://localhost:4566" }), { HTTPS_PROXY: "http://proxy:3128" })).toBe("http://localhost:4566");
});

test("nothing where the guess could be wrong in a way that matters", () => {
  // No region known yet (it may come from the profile).
  expect(earlyConnectionOrigin(settings(), {})).toBeUndefined();
  // Another partition, or a region that is not a plain host label.
  expect(earlyConnectionOrigin(settings({ region: "cn-north-1" }), {})).toBeUndefined();
  expect(earlyConnectionOrigin(settings({ region: "evil.example/x" }), {})).toBeUndefined();
  expect(earlyConnectionOrigin(settings({ region: "us-east-1.evil.example" }), {})).toBeUndefined();
  // A proxy would be bypassed; a CA bundle of its own would not be used.
  expect(earlyConnectionOrigin(settings({ region: "us-east-1" }), { https_proxy: "http://proxy:3128" })).toBeUndefined();
  expect(earlyConnectionOrigin(settings({ region: "us-east-1", caBundle: "PEM" }), {})).toBeUndefined();
  expect(earlyConnectionOrigin(settings({ endpoint: "https://vpce.example:443" }), { HTTPS_PROXY: "http://proxy:3128" })).toBeUndefined();
  // FIPS and dual-stack endpoints have other hosts.
  expect(earlyConnectionOrigin(settings({ region: "us-east-1" }), { AWS_USE_FIPS_ENDPOINT: "true" })).toBeUndefined();
  expect(earlyConnectionOrigin(settings({ region: "us-east-1" }), { AWS_USE_DUALSTACK_ENDPOINT: "true" })).toBeUndefined();
  expect(earlyConnectionOrigin(settings({ region: "us-east-1" }), { AWS_USE_FIPS_ENDPOINT: "false" })).toBe("https://secretsmanager.us-east-1.amazonaws.com");
});
