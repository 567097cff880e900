import { log } from "../../log/logger.ts";
import { registerSecretText } from "../../manage/register.ts";
import { chooseValueSource, readValue, type ValueSourceOptions } from "../../manage/value-source.ts";
import type { CommandContext } from "../_command.ts";

/**
 * The value of a create, update or append, from the one source given; read
 * before any AWS call (a prompt must not run against --timeout) and
 * registered with the redactor at once.
 */
export async function valueFrom(options: ValueSourceOptions, label: string, required: true, context: CommandContext): Promise<string>;
export async function valueFrom(options: ValueSourceOptions, label: string, required: boolean, context: CommandContext): Promise<string | undefined>;
export async function valueFrom(options: ValueSourceOptions, label: string, required: boolean, context: CommandContext): Promise<string | undefined> {
  const source = chooseValueSource(options, required);
  if (source === undefined) return undefined;
  const value = await readValue(source, label, {
    stdin: context.readStdin,
    prompt: async (what, confirm) => (await import("../../manage/prompt-posix.ts")).promptValue(what, confirm),
    warn: (message) => log.warn(message),
  });
  registerSecretText(value);
  return value;
}
