import { EnvSecretsError } from "../errors.ts";
import { checkName, describePath, normalizeName } from "./names.ts";
import { type Entry, entriesOf, isPlainObject, jsonValueToText, type SecretPayload, type Variables } from "./payload.ts";
import { checkAsRenamesOneKey, type SecretRef, type ShapingOptions } from "./reference.ts";

/**
 * One secret's variables: its values (payload.ts), narrowed to the selected
 * keys, flattened if asked, then named (prefix, normalization) and checked.
 * Every rule about names applies to the final name. Throws the first problem
 * as an EnvSecretsError naming the secret (never a value).
 */
export function shapeSecret(ref: SecretRef, payload: SecretPayload, options: ShapingOptions = {}): Variables {
  const selected = selectKeys(ref, entriesOf(ref, payload));
  const separator = ref.flattenSeparator ?? options.flattenSeparator;
  const entries = separator === undefined ? selected : selected.flatMap(flatten);
  const prefix = `${options.prefix ?? ""}${ref.prefix ?? ""}`;
  const allowOverride = options.allowOverride ?? [];

  const variables: Variables = new Map();
  const sources = new Map<string, string[]>();
  for (const { source, parts, value } of entries) {
    const joined = `${prefix}${parts.join(separator ?? "")}`;
    const name = options.normalizeNames ? normalizeName(joined) : joined;
    checkName(ref.label, source, name, allowOverride);
    const earlier = sources.get(name);
    if (earlier) {
      throw new EnvSecretsError({
        subject: ref.label,
        reason: `keys ${describePath(earlier)} and ${describePath(source)} both become the variable ${name}`,
        hint: "rename one of them in the secret",
      });
    }
    const text = jsonValueToText(value);
    if (text.includes("\0")) {
      throw new EnvSecretsError({
        subject: ref.label,
        reason: `the value of ${name} contains a NUL character`,
        hint: "an environment variable cannot hold NUL; store the value base64-encoded",
      });
    }
    sources.set(name, source);
    variables.set(name, text);
  }
  return variables;
}

/** `#KEY` / a config file's `keys`: only those keys, each of which must exist; `VAR=` renames the one key. */
function selectKeys(ref: SecretRef, entries: Entry[]): Entry[] {
  if (!ref.keys?.length) return entries;
  checkAsRenamesOneKey(ref);
  const keys = [...new Set(ref.keys)];
  return keys.map((key) => {
    const entry = entries.find((candidate) => candidate.source[0] === key);
    if (!entry) {
      throw new EnvSecretsError({
        subject: ref.label,
        reason: `no key ${JSON.stringify(key)} in the secret`,
        hint: "keys are case-sensitive; check the key's name in the secret",
      });
    }
    return ref.as === undefined ? entry : { ...entry, parts: [ref.as] };
  });
}

/** Nested objects become one entry per leaf; arrays and empty objects stay whole (as JSON text). */
function flatten(entry: Entry): Entry[] {
  const { value } = entry;
  if (!isPlainObject(value) || Object.keys(value).length === 0) return [entry];
  return Object.entries(value).flatMap(([key, child]) =>
    flatten({ source: [...entry.source, key], parts: [...entry.parts, key], value: child }),
  );
}
