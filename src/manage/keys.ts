import { EnvSecretsError } from "../errors.ts";
import { jsonString, type SecretObject, textOf } from "../secrets/secret-object.ts";

/** `append` and `remove`: one edit of a JSON-object secret, every other key left exactly as it was. */

export interface KeySet {
  object: SecretObject;
  action: "created" | "updated" | "unchanged";
}

export function setKey(object: SecretObject, key: string, value: string): KeySet {
  const current = object.get(key);
  if (current !== undefined && textOf(current) === value) return { object, action: "unchanged" };
  const next = new Map(object);
  next.set(key, jsonString(value));
  return { object: next, action: current === undefined ? "created" : "updated" };
}

export interface KeysRemoved {
  object: SecretObject;
  removed: string[];
  /** Keys asked for that the secret does not have. */
  missing: string[];
}

/** Removes `keys`; refuses when none of them is there, and when none would be left. */
export function removeKeys(secret: string, object: SecretObject, keys: string[]): KeysRemoved {
  const wanted = [...new Set(keys)];
  const removed = wanted.filter((key) => object.has(key));
  const missing = wanted.filter((key) => !object.has(key));
  if (removed.length === 0) {
    throw new EnvSecretsError({
      subject: secret,
      reason: `no key ${missing.join(", ")} in the secret`,
      hint: `its keys: ${[...object.keys()].join(", ")}`,
    });
  }
  const next = new Map(object);
  for (const key of removed) next.delete(key);
  if (next.size === 0) {
    throw new EnvSecretsError({
      subject: secret,
      reason: `removing ${removed.join(", ")} would leave the secret without keys`,
      hint: `to delete the secret itself: env-secrets aws secret delete -n ${secret} -y`,
    });
  }
  return { object: next, removed, missing };
}
