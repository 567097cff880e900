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
