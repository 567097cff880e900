/**
 * Reads the CLI's seed file: a JSON array of SeedSecret where secretBinary is
 * base64. Each entry adds one version; entries with the same name (and
 * region) add versions to the same secret, in order, so a file can hold a
 * secret's history:
 *
 *   [{ "name": "app/db", "secretString": "{…}", "versionStages": ["AWSPREVIOUS"],
 *      "description": "database", "kmsKeyId": "alias/app", "tags": { "team": "core" } },
 *    { "name": "app/db", "secretString": "{…}", "versionId": "…32-64 characters…" },
 *    { "name": "old/app", "secretString": "{}", "deleted": true, "recoveryWindowInDays": 7 },
 *    { "name": "app/rotated", "secretString": "{}", "rotation": { "automaticallyAfterDays": 30 } }]
 *
 * Error messages name the entry and field, never a secret value.
 */

import type { SeedSecret } from "./server";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const STRING_FIELDS = ["region", "secretString", "versionStage", "versionId", "description", "kmsKeyId"] as const;
const KNOWN_FIELDS = new Set<string>([
  "name",
  "secretBinary",
  "versionStages",
  "tags",
  "rotation",
  "deleted",
  "recoveryWindowInDays",
  ...STRING_FIELDS,
]);
const ROTATION_STRINGS = ["lambdaArn", "scheduleExpression", "duration"] as const;

export class SeedFileError extends Error {
  override name = "SeedFileError";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseStringMap(value: unknown, where: string): Record<string, string> {
  if (!isObject(value) || !Object.values(value).every((item) => typeof item === "string")) {
    throw new SeedFileError(`${where}: "tags" must be an object of strings`);
  }
  return value as Record<string, string>;
}

function parseRotation(value: unknown, where: string): NonNullable<SeedSecret["rotation"]> {
  if (!isObject(value)) throw new SeedFileError(`${where}: "rotation" must be an object`);
  const rotation: NonNullable<SeedSecret["rotation"]> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "enabled" && typeof item === "boolean") rotation.enabled = item;
    else if (key === "automaticallyAfterDays" && Number.isInteger(item)) rotation.automaticallyAfterDays = item as number;
    else if ((ROTATION_STRINGS as readonly string[]).includes(key) && typeof item === "string") {
      rotation[key as (typeof ROTATION_STRINGS)[number]] = item;
    } else {
      throw new SeedFileError(`${where}: "rotation.${key}" is unknown or has the wrong type`);
    }
  }
  return rotation;
}

/** The fields beyond name, strings and the value: labels, tags, rotation, deletion. */
function parseExtras(fields: Record<string, unknown>, secret: SeedSecret, where: string): void {
  const stages = fields.versionStages;
  if (stages !== undefined) {
    if (!Array.isArray(stages) || !stages.every((stage) => typeof stage === "string")) {
      throw new SeedFileError(`${where}: "versionStages" must be an array of strings`);
    }
    secret.versionStages = stages;
  }
  if (fields.tags !== undefined) secret.tags = parseStringMap(fields.tags, where);
  if (fields.rotation !== undefined) secret.rotation = parseRotation(fields.rotation, where);
  if (fields.deleted !== undefined) {
    if (typeof fields.deleted !== "boolean") throw new SeedFileError(`${where}: "deleted" must be true or false`);
    secret.deleted = fields.deleted;
  }
  const days = fields.recoveryWindowInDays;
  if (days !== undefined) {
    if (typeof days !== "number" || !Number.isInteger(days) || days < 7 || days > 30) {
      throw new SeedFileError(`${where}: "recoveryWindowInDays" must be an integer from 7 to 30`);
    }
    secret.recoveryWindowInDays = days;
  }
}

function parseEntry(entry: unknown, where: string): SeedSecret {
  if (!isObject(entry)) throw new SeedFileError(`${where}: expected an object`);
  for (const key of Object.keys(entry)) {
    if (!KNOWN_FIELDS.has(key)) throw new SeedFileError(`${where}: unknown field "${key}"`);
  }
  const name = entry.name;
  if (typeof name !== "string" || name === "") {
    throw new SeedFileError(`${where}: "name" must be a non-empty string`);
  }
  const secret: SeedSecret = { name };
  for (const field of STRING_FIELDS) {
    const value = entry[field];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new SeedFileError(`${where} (${name}): "${field}" must be a string`);
    secret[field] = value;
  }
  const binary = entry.secretBinary;
  if (binary !== undefined) {
    if (typeof binary !== "string" || !BASE64.test(binary)) {
      throw new SeedFileError(`${where} (${name}): "secretBinary" must be a base64 string`);
    }
    secret.secretBinary = new Uint8Array(Buffer.from(binary, "base64"));
  }
  if ((secret.secretString === undefined) === (secret.secretBinary === undefined)) {
    throw new SeedFileError(`${where} (${name}): give exactly one of "secretString" or "secretBinary"`);
  }
  if (secret.versionStage !== undefined && entry.versionStages !== undefined) {
    throw new SeedFileError(`${where} (${name}): give "versionStage" or "versionStages", not both`);
  }
  parseExtras(entry, secret, `${where} (${name})`);
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
