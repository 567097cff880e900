import { redactor } from "../log/logger.ts";
import { parseSecretObject, textOf } from "./secret-object.ts";

/**
 * Registers a secret's text with the redactor, and each value of a JSON-object
 * secret on its own (a message may quote one value, not the whole object).
 * Called the moment a value is read (from AWS, a file, stdin, the terminal)
 * and before anything is written, so no log line or error can print it.
 */
export function registerSecretText(text: string): void {
  redactor.register(text);
  const object = parseSecretObject(text);
  if (object) for (const raw of object.values()) registerValue(textOf(raw), raw);
}

function registerValue(text: string, raw: string): void {
  redactor.register(text);
  if (raw !== text) redactor.register(raw);
}
