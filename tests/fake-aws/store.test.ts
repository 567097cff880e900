/**
 * Staging-label bookkeeping and SecretId resolution in the store, the rules
 * every operation above it relies on.
 */

import { describe, expect, test } from "bun:test";
import { AWSCURRENT, AWSPREVIOUS, SecretStore } from "./store";

const REGION = "us-east-1";

function storeWithSecret() {
  const store = new SecretStore("123456789012");
  const secret = store.create(REGION, { name: "demo/app" });
  return { store, secret };
}

describe("staging labels", () => {
  test("a third AWSCURRENT leaves the first version without labels", () => {
    const { store, secret } = storeWithSecret();
    const v1 = store.addVersion(secret, { secretString: "1" });
    const v2 = store.addVersion(secret, { secretString: "2" });
    const v3 = store.addVersion(secret, { secretString: "3" });

    expect([...v1.stages]).toEqual([]);
    expect([...v2.stages]).toEqual([AWSPREVIOUS]);
    expect([...v3.stages]).toEqual([AWSCURRENT]);
    expect(store.resolveVersion(secret, v1.versionId).value).toEqual({ secretString: "1" });
  });

  test("a label is unique: moving AWSPENDING takes it from its holder", () => {
    const { store, secret } = storeWithSecret();
    const current = store.addVersion(secret, { secretString: "c" });
    const pending1 = store.addVersion(secret, { secretString: "p1" }, { stages: ["AWSPENDING"] });
    const pending2 = store.addVersion(secret, { secretString: "p2" }, { stages: ["AWSPENDING"] });

    expect([...current.stages]).toEqual([AWSCURRENT]);
    expect([...pending1.stages]).toEqual([]);
    expect(store.resolveVersion(secret, undefined, "AWSPENDING")).toBe(pending2);
  });

  test("VersionId and VersionStage together must name the same version", () => {
    const { store, secret } = storeWithSecret();
    const v1 = store.addVersion(secret, { secretString: "1" });
    store.addVersion(secret, { secretString: "2" });

    expect(store.resolveVersion(secret, v1.versionId, AWSPREVIOUS)).toBe(v1);
    expect(() => store.resolveVersion(secret, v1.versionId, AWSCURRENT)).toThrow("staging label: AWSCURRENT");
  });
});

describe("SecretId resolution", () => {
  test("name, full ARN and partial ARN resolve; other regions and accounts do not", () => {
    const { store, secret } = storeWithSecret();

    expect(store.find(REGION, "demo/app")).toBe(secret);
    expect(store.find(REGION, secret.arn)).toBe(secret);
    expect(store.find(REGION, store.partialArn(REGION, "demo/app"))).toBe(secret);
    expect(store.find("eu-west-1", "demo/app")).toBeUndefined();
    expect(store.find(REGION, secret.arn.replace("123456789012", "999999999999"))).toBeUndefined();
    expect(
      store.find(REGION, store.partialArn(REGION, "demo/app").replace("123456789012", "999999999999")),
    ).toBeUndefined();
    expect(store.find(REGION, `${secret.arn.slice(0, -6)}zzzzzz`)).toBeUndefined();
  });

  test("ARN suffixes are six random alphanumerics", () => {
    const store = new SecretStore("123456789012");
    const suffixes = new Set(
      Array.from({ length: 20 }, (_, i) => store.create(REGION, { name: `s${i}` }).arn.split("-").at(-1)),
    );

    for (const suffix of suffixes) expect(suffix).toMatch(/^[A-Za-z0-9]{6}$/);
    expect(suffixes.size).toBeGreaterThan(15);
  });
});
