import { parseArgs, type ParseArgsConfig } from "node:util";
import type { ArgsDef } from "citty";
import { usageError } from "../errors.ts";

type OptionValues = Record<string, string | boolean | string[] | undefined>;

/**
 * Parses the options before `--` against a citty argument definition, strictly:
 * an unknown option or a missing value is a usage error, never silently dropped
 * (citty's own parser is lenient and keeps only the last of repeated options).
 * Names listed in `repeatable` collect every occurrence.
 */
export function parseOptions(
  argsDef: ArgsDef,
  argv: string[],
  repeatable: readonly string[] = [],
  optionalValue: Record<string, string> = {},
): OptionValues {
  // `--name` alone for an option with an optional value means `--name=<default>`.
  argv = argv.map((word) => (word.startsWith("--") && Object.hasOwn(optionalValue, word.slice(2)) ? `${word}=${optionalValue[word.slice(2)]}` : word));
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, def] of Object.entries(argsDef)) {
    if (def.type === "positional") continue;
    const alias: string | string[] | undefined = "alias" in def ? def.alias : undefined;
    const short = (Array.isArray(alias) ? alias : alias === undefined ? [] : [alias]).find((a) => a.length === 1);
    options[name] = {
      type: def.type === "boolean" ? "boolean" : "string",
      ...(short ? { short } : {}),
      ...(repeatable.includes(name) ? { multiple: true } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    if (positionals.length > 0) {
      throw usageError(`unexpected argument '${positionals[0]}'`, "put the command to run after --");
    }
    for (const [name, def] of Object.entries(argsDef)) {
      if (def.type === "enum" && values[name] !== undefined && !def.options?.includes(String(values[name]))) {
        throw usageError(`invalid value for --${name}: '${values[name]}'`, `expected one of ${def.options?.join(", ")}`);
      }
    }
    return values as OptionValues;
  } catch (error) {
    if (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      // Node's messages run on with advice about positionals; keep the first sentence.
      throw usageError(error.message.split(/\.\s|\n/)[0]!.replace(/\.$/, ""));
    }
    throw error;
  }
}
