/**
 * Reading members of an awsJson1_1 request body with the errors AWS gives:
 * wrong JSON types are SerializationException, model constraints (required,
 * length) are ValidationException worded like the AWS request layer.
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
}

function checkLength(member: string, value: string, limits: LengthLimits): void {
  if (limits.min !== undefined && value.length < limits.min) {
    throw validationError(
      `'${value}'`,
      memberPath(member),
      `Member must have length greater than or equal to ${limits.min}`,
    );
  }
  if (limits.max !== undefined && value.length > limits.max) {
    throw validationError(
      `'${value}'`,
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
  checkLength(member, value, limits);
  return value;
}

export function requiredString(input: JsonObject, member: string, limits: LengthLimits = {}): string {
  const value = optionalString(input, member, limits);
  if (value === undefined) throw validationError("null", memberPath(member), "Member must not be null");
  return value;
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
    checkLength(`${member}.${index + 1}.member`, item, limits.item ?? {});
  });
  return value;
}
