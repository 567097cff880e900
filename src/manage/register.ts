import { redactor } from "../log/logger.ts";
import { secretTexts } from "../secrets/secret-object.ts";

/**
 * Registers a secret's text with the redactor, and each value of a JSON-object
 * secret on its own. Called the moment a value is read (from a file, stdin,
 * the terminal) and before anything is written, so no log line or error can
 * print it.
 */
export function registerSecretText(text: string): void {
  for (const each of secretTexts(text)) redactor.register(each);
}
