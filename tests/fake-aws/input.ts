/**
 * Reading members of an awsJson1_1 request body with the errors AWS gives:
 * wrong JSON types are SerializationException, model constraints (required,
 * length, range) are ValidationException worded like the AWS request layer.
 */

import { serializationError, validationError } from "./errors";

export type JsonObject = Record<string, unknown>;

export function parseJsonBody(body: Uint8Array): JsonObject {
  const text = new TextDecoder().decode(body).trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw serializationError("Start of structure or map found where not expected.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw serializationError("Start of structure or map found where not expected.");
  }
  return parsed as JsonObject;
}

/** AWS names members in validation messages in lowerCamelCase: SecretId -> secretId. */
function memberPath(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

interface LengthLimits {
  min?: number;
  max?: number;
  /** Never echo the value in an error message (secret material). */
  sensitive?: boolean;
}

function checkLength(member: string, value: string, length: number, limits: LengthLimits): void {
  const quoted = limits.sensitive ? undefined : `'${value}'`;
  if (limits.min !== undefined && length < limits.min) {
    throw validationError(
      quoted,
      memberPath(member),
      `Member must have length greater than or equal to ${limits.min}`,
    );
  }
  if (limits.max !== undefined && length > limits.max) {
    throw validationError(
      quoted,
      memberPath(member),
      `Member must have length less than or equal to ${limits.max}`,
    );
  }
}

export function optionalString(
  input: JsonObject,
  member: string,
  limits: LengthLimits = {},
): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw serializationError(`Expected a string for ${member}, got ${typeof value}.`);
  }
  checkLength(member, value, value.length, limits);
  return value;
}

export function requiredString(input: JsonObject, member: string, limits: LengthLimits = {}): string {
  const value = optionalString(input, member, limits);
  if (value === undefined) throw validationError("null", memberPath(member), "Member must not be null");
  return value;
}

export function optionalInteger(
  input: JsonObject,
  member: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw serializationError(`Expected an integer for ${member}.`);
  }
  if (range.min !== undefined && value < range.min) {
    throw validationError(
      `'${value}'`,
      memberPath(member),
      `Member must have value greater than or equal to ${range.min}`,
    );
  }
  if (range.max !== undefined && value > range.max) {
    throw validationError(
      `'${value}'`,
      memberPath(member),
      `Member must have value less than or equal to ${range.max}`,
    );
  }
  return value;
}

export function optionalBoolean(input: JsonObject, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw serializationError(`Expected a boolean for ${member}.`);
  return value;
}

export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Blob members travel as base64 in JSON. */
export function optionalBlob(
  input: JsonObject,
  member: string,
  limits: LengthLimits = {},
): Uint8Array | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !BASE64.test(value)) {
    throw serializationError(`Expected base64-encoded binary data for ${member}.`);
  }
  const bytes = new Uint8Array(Buffer.from(value, "base64"));
  checkLength(member, "", bytes.byteLength, { ...limits, sensitive: true });
  return bytes;
}

export function optionalStringList(
  input: JsonObject,
  member: string,
  limits: { minItems?: number; maxItems?: number; item?: LengthLimits } = {},
): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string")) {
    throw serializationError(`Expected a list of strings for ${member}.`);
  }
  const shown = `'[${value.join(", ")}]'`;
  if (limits.minItems !== undefined && value.length < limits.minItems) {
    throw validationError(
      shown,
      memberPath(member),
      `Member must have length greater than or equal to ${limits.minItems}`,
    );
  }
  if (limits.maxItems !== undefined && value.length > limits.maxItems) {
    throw validationError(
      shown,
      memberPath(member),
      `Member must have length less than or equal to ${limits.maxItems}`,
    );
  }
  value.forEach((item, index) => {
    checkLength(`${member}.${index + 1}.member`, item, item.length, limits.item ?? {});
  });
  return value;
}

export function optionalObjectList(input: JsonObject, member: string): JsonObject[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (
    !Array.isArray(value) ||
    !value.every(
      (item): item is JsonObject => typeof item === "object" && item !== null && !Array.isArray(item),
    )
  ) {
    throw serializationError(`Expected a list of structures for ${member}.`);
  }
  return value;
}
