import { expect } from "bun:test";

/**
 * Every secret value in the tests is a canary: a string distinctive enough
 * that finding it anywhere it should not be proves a leak.
 */
const canaries = new Set<string>();

export function canary(label: string): string {
  const value = `CANARY-${label}-${crypto.randomUUID().slice(0, 8)}`;
  canaries.add(value);
  return value;
}

/** Registers a value that is not canary-shaped (e.g. a number) but must not leak either. */
export function registerCanary(value: string): string {
  canaries.add(value);
  return value;
}

export function leakedCanaries(text: string): string[] {
  return [...canaries].filter((value) => text.includes(value));
}

export function expectNoCanaries(text: string, where: string): void {
  expect(leakedCanaries(text), `secret values leaked into ${where}`).toEqual([]);
}

/**
 * A multiline canary shaped like a PEM key. Every line is a canary of its
 * own, so a leak of a single line (as a program or log might print it) is
 * caught too.
 */
export function multilineCanary(label: string): string {
  const id = crypto.randomUUID().slice(0, 8);
  const lines = ["-----BEGIN TEST KEY-----", `MLC1-${label}-${id}-aaaa`, `MLC2-${label}-${id}-bbbb`, "-----END TEST KEY-----"];
  for (const line of lines.slice(1, 3)) canaries.add(line);
  const value = lines.join("\n");
  canaries.add(value);
  return value;
}
