import { awsConnectionArgs, loggingArgs, reportFormatArgs } from "../_args.ts";
import type { OptionsDef } from "../_command.ts";

/**
 * Option groups of `env-secrets aws secret …`. Names and short flags are
 * those of env-secrets 0.7, so its scripts keep working.
 */

export const nameArgs = {
  name: { type: "string", alias: "n", description: "Secret name (or ARN)", valueHint: "name", required: true },
} as const satisfies OptionsDef;

/** Exactly one way to give the value. */
export const valueArgs = {
  value: { type: "string", alias: "v", description: "The value (visible in the process list and shell history: prefer the others)", valueHint: "value" },
  "value-stdin": { type: "boolean", description: "Read the value from stdin (exact bytes; one trailing newline removed)" },
  file: { type: "string", alias: "f", description: "Read the value from a file", valueHint: "file" },
  prompt: { type: "boolean", description: "Type the value on the terminal, not echoed" },
  confirm: { type: "boolean", description: "With --prompt: ask twice" },
} as const satisfies OptionsDef;

/** How a value that is neither a JSON object nor dotenv text is stored. */
export const storageArgs = {
  raw: { type: "boolean", description: "Store the value as it is (plain text)" },
  key: { type: "string", repeatable: true, description: "Store the value as {\"KEY\": value}", valueHint: "KEY" },
} as const satisfies OptionsDef;

export const metadataArgs = {
  description: { type: "string", alias: "d", description: "Description of the secret", valueHint: "text" },
  "kms-key-id": { type: "string", alias: "k", description: "KMS key to encrypt with (default: aws/secretsmanager)", valueHint: "key" },
} as const satisfies OptionsDef;

export const tagArgs = {
  tag: { type: "string", alias: "t", repeatable: true, description: "Tag key=value (repeatable)", valueHint: "key=value" },
} as const satisfies OptionsDef;

/** What every secret command takes: how to reach AWS, the output format, logging. */
export const commonArgs = { ...awsConnectionArgs, ...reportFormatArgs, ...loggingArgs } as const satisfies OptionsDef;
