/**
 * Reads the CLI's seed file: a JSON array of SeedSecret where secretBinary is
 * base64. Error messages name the entry and field, never a secret value.
 */

import type { SeedSecret } from "./server";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const STRING_FIELDS = ["region", "secretString", "versionStage", "description", "kmsKeyId"] as const;
const KNOWN_FIELDS = new Set<string>(["name", "secretBinary", ...STRING_FIELDS]);

export class SeedFileError extends Error {
  override name = "SeedFileError";
}

function parseEntry(entry: unknown, where: string): SeedSecret {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new SeedFileError(`${where}: expected an object`);
  }
  const fields = entry as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!KNOWN_FIELDS.has(key)) throw new SeedFileError(`${where}: unknown field "${key}"`);
  }
  const name = fields.name;
  if (typeof name !== "string" || name === "") {
    throw new SeedFileError(`${where}: "name" must be a non-empty string`);
  }
  const secret: SeedSecret = { name };
  for (const field of STRING_FIELDS) {
    const value = fields[field];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new SeedFileError(`${where} (${name}): "${field}" must be a string`);
    secret[field] = value;
  }
  const binary = fields.secretBinary;
  if (binary !== undefined) {
    if (typeof binary !== "string" || !BASE64.test(binary)) {
      throw new SeedFileError(`${where} (${name}): "secretBinary" must be a base64 string`);
    }
    secret.secretBinary = new Uint8Array(Buffer.from(binary, "base64"));
  }
  if ((secret.secretString === undefined) === (secret.secretBinary === undefined)) {
    throw new SeedFileError(`${where} (${name}): give exactly one of "secretString" or "secretBinary"`);
  }
  return secret;
}

export function parseSeedFile(text: string, source = "seed file"): SeedSecret[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SeedFileError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new SeedFileError(`${source}: expected a JSON array of secrets`);
  return parsed.map((entry, index) => parseEntry(entry, `${source}[${index}]`));
}
