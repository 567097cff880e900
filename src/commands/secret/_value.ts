import { registerSecretText } from "../../manage/register.ts";
import { chooseValueSource, readValue, type ValueSourceOptions } from "../../manage/value-source.ts";
import { readStdin, warn } from "./_context.ts";

/**
 * The value of a create, update or append, from the one source given; read
 * before any AWS call (a prompt must not run against --timeout) and
 * registered with the redactor at once.
 */
export async function valueFrom(options: ValueSourceOptions, label: string, required: true): Promise<string>;
export async function valueFrom(options: ValueSourceOptions, label: string, required: boolean): Promise<string | undefined>;
export async function valueFrom(options: ValueSourceOptions, label: string, required: boolean): Promise<string | undefined> {
  const source = chooseValueSource(options, required);
  if (source === undefined) return undefined;
  const value = await readValue(source, label, {
    stdin: readStdin,
    prompt: async (what, confirm) => (await import("../../manage/prompt-posix.ts")).promptValue(what, confirm),
    warn,
  });
  registerSecretText(value);
  return value;
}
