import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseTimeout, readCaBundle, withinTimeLimit } from "../../../../src/aws/options/network.ts";
import { EnvSecretsError } from "../../../../src/errors.ts";

test("--timeout: seconds, fractions allowed, 30 s by default; anything else is a usage error", () => {
  expect(parseTimeout(undefined)).toBe(30_000);
  expect(parseTimeout("5")).toBe(5000);
  expect(parseTimeout("0.25")).toBe(250);
  for (const bad of ["0", "-3", "ten", "", " ", "Infinity"]) {
    expect(() => parseTimeout(bad)).toThrow(`--timeout: not a number of seconds: ${bad}`);
  }
  expect(() => parseTimeout("x")).toThrow(expect.objectContaining({ kind: "usage" }));
});

test("CA bundle: the flag wins over AWS_CA_BUNDLE; the file must hold a PEM certificate", () => {
  const dir = mkdtempSync(join(tmpdir(), "ca-bundle-"));
  const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  writeFileSync(join(dir, "a.pem"), pem);
  writeFileSync(join(dir, "b.txt"), "not a certificate");
  expect(readCaBundle(undefined, {})).toBeUndefined();
  expect(readCaBundle(undefined, { AWS_CA_BUNDLE: "" })).toBeUndefined();
  expect(readCaBundle(undefined, { AWS_CA_BUNDLE: join(dir, "a.pem") })).toBe(pem);
  expect(readCaBundle(join(dir, "a.pem"), { AWS_CA_BUNDLE: join(dir, "missing") })).toBe(pem);
  expect(() => readCaBundle(join(dir, "missing"), {})).toThrow(`--ca-bundle: cannot read ${join(dir, "missing")} (ENOENT)`);
  expect(() => readCaBundle(undefined, { AWS_CA_BUNDLE: join(dir, "b.txt") })).toThrow(`AWS_CA_BUNDLE: ${join(dir, "b.txt")} holds no PEM certificate`);
});

test("withinTimeLimit: the result when in time; else the time-out error, with everything in flight aborted", async () => {
  expect(await withinTimeLimit(1000, async () => "done", () => new EnvSecretsError({ reason: "late" }))).toBe("done");
  let aborted = false;
  const late = withinTimeLimit(
    20,
    (signal) =>
      new Promise<string>(() => {
        signal.addEventListener("abort", () => {
          aborted = true;
        });
      }),
    () => new EnvSecretsError({ reason: "too slow" }),
  );
  await expect(late).rejects.toThrow("too slow");
  expect(aborted).toBe(true);
});

test("withinTimeLimit passes the work's own failure through", async () => {
  await expect(withinTimeLimit(1000, async () => Promise.reject(new Error("boom")), () => new EnvSecretsError({ reason: "late" }))).rejects.toThrow("boom");
});
