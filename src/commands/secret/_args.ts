import type { ArgsDef } from "citty";
import { awsArgs, loggingArgs } from "../_args.ts";

/**
 * Argument groups of `env-secrets aws secret …` and `aws policy`. Names and
 * short flags are those of env-secrets 0.7, so its scripts keep working.
 */
const { "no-aws-env": _childOnly, ...reachAws } = awsArgs;

/** How to reach AWS, as on the run path (no --no-aws-env: there is no program here). */
export const connectionArgs = reachAws satisfies ArgsDef;

export const formatArgs = {
  output: { type: "enum", options: ["table", "json"], description: "Output format (default: table)", valueHint: "table|json" },
} as const satisfies ArgsDef;

export const nameArgs = {
  name: { type: "string", alias: "n", description: "Secret name (or ARN)", valueHint: "name", required: true },
} as const satisfies ArgsDef;

/** Exactly one way to give the value. */
export const valueArgs = {
  value: { type: "string", alias: "v", description: "The value (visible in the process list and shell history: prefer the others)", valueHint: "value" },
  "value-stdin": { type: "boolean", description: "Read the value from stdin (exact bytes; one trailing newline removed)" },
  file: { type: "string", alias: "f", description: "Read the value from a file", valueHint: "file" },
  prompt: { type: "boolean", description: "Type the value on the terminal, not echoed" },
  confirm: { type: "boolean", description: "With --prompt: ask twice" },
} as const satisfies ArgsDef;

/** How a value that is neither a JSON object nor dotenv text is stored. */
export const storageArgs = {
  raw: { type: "boolean", description: "Store the value as it is (plain text)" },
  key: { type: "string", description: "Store the value as {\"KEY\": value}", valueHint: "KEY" },
} as const satisfies ArgsDef;

export const metadataArgs = {
  description: { type: "string", alias: "d", description: "Description of the secret", valueHint: "text" },
  "kms-key-id": { type: "string", alias: "k", description: "KMS key to encrypt with (default: aws/secretsmanager)", valueHint: "key" },
} as const satisfies ArgsDef;

export const tagArgs = {
  tag: { type: "string", alias: "t", description: "Tag key=value (repeatable)", valueHint: "key=value" },
} as const satisfies ArgsDef;

/** Options of these commands that may be given several times. */
export const SECRET_REPEATABLE = ["tag", "key"] as const;

export const commonArgs = { ...connectionArgs, ...formatArgs, ...loggingArgs } as const satisfies ArgsDef;
