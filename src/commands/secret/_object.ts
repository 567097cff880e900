import type { CurrentValue } from "../../aws/sdk/index.ts";
import { parseSecretObject, type SecretObject } from "../../secrets/secret-object.ts";
import { notAnObject } from "./_context.ts";

/** The JSON object a secret holds, for the commands that edit keys; anything else is an error. */
export function objectOf(current: CurrentValue, command: string): SecretObject {
  const object = current.secretString === undefined ? undefined : parseSecretObject(current.secretString);
  if (!object) throw notAnObject(current.name, command);
  return object;
}
