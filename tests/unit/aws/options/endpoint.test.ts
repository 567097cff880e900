import { expect, test } from "bun:test";
import { checkEndpoint, isLoopbackHost, resolveEndpoint } from "../../../../src/aws/options/endpoint.ts";

test("loopback hosts: 127/8, ::1 and localhost only", () => {
  for (const host of ["127.0.0.1", "127.1.2.3", "127.255.255.255", "[::1]", "localhost", "LOCALHOST", "localhost."]) {
    expect(isLoopbackHost(host)).toBe(true);
  }
  for (const host of ["0.0.0.0", "128.0.0.1", "10.0.0.1", "localhost.example.com", "mylocalhost", "[::]", "[::ffff:127.0.0.1]", "127.0.0.1.nip.io"]) {
    expect(isLoopbackHost(host)).toBe(false);
  }
});

test("http is accepted for loopback URLs, including forms the URL parser normalises", () => {
  expect(checkEndpoint("x", "http://127.0.0.1:4566")).toBe("http://127.0.0.1:4566");
  expect(checkEndpoint("x", "http://127.1:4566")).toBe("http://127.1:4566");
  expect(checkEndpoint("x", "http://[::1]:4566/")).toBe("http://[::1]:4566/");
  expect(checkEndpoint("x", "http://LocalHost.:4566")).toBe("http://LocalHost.:4566");
  expect(checkEndpoint("x", "https://secretsmanager.example.com")).toBe("https://secretsmanager.example.com");
});

test("http to anything else, and other schemes, are refused with the reason", () => {
  expect(() => checkEndpoint("--endpoint-url", "http://0.0.0.0:4566")).toThrow("--endpoint-url: refusing http://0.0.0.0:4566 — secrets travel over HTTPS only");
  expect(() => checkEndpoint("--endpoint-url", "http://example.com")).toThrow("refusing http://example.com");
  expect(() => checkEndpoint("--endpoint-url", "http://localhost.evil.com")).toThrow("refusing");
  expect(() => checkEndpoint("--endpoint-url", "ftp://127.0.0.1")).toThrow("use an https:// endpoint");
  expect(() => checkEndpoint("--endpoint-url", "not a url")).toThrow("not a URL");
});

test("the flag wins over AWS_ENDPOINT_URL_SECRETS_MANAGER, which wins over AWS_ENDPOINT_URL", () => {
  const env = { AWS_ENDPOINT_URL_SECRETS_MANAGER: "https://sm.example", AWS_ENDPOINT_URL: "https://all.example" };
  expect(resolveEndpoint("https://flag.example", env)).toBe("https://flag.example");
  expect(resolveEndpoint(undefined, env)).toBe("https://sm.example");
  expect(resolveEndpoint(undefined, { AWS_ENDPOINT_URL: "https://all.example" })).toBe("https://all.example");
  expect(resolveEndpoint(undefined, {})).toBeUndefined();
  expect(() => resolveEndpoint(undefined, { AWS_ENDPOINT_URL: "http://example.com" })).toThrow("AWS_ENDPOINT_URL: refusing");
});

test("AWS_SECRETS_MANAGER_ENDPOINT, the older tool's variable, is a deprecated alias between the two", () => {
  expect(resolveEndpoint(undefined, { AWS_SECRETS_MANAGER_ENDPOINT: "https://old.example", AWS_ENDPOINT_URL: "https://all.example" })).toBe("https://old.example");
  expect(resolveEndpoint(undefined, { AWS_SECRETS_MANAGER_ENDPOINT: "https://old.example", AWS_ENDPOINT_URL_SECRETS_MANAGER: "https://sm.example" })).toBe("https://sm.example");
  expect(() => resolveEndpoint(undefined, { AWS_SECRETS_MANAGER_ENDPOINT: "http://10.0.0.1" })).toThrow("AWS_SECRETS_MANAGER_ENDPOINT: refusing");
});
