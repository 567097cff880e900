import type { ParseArgsConfig } from "node:util";
import type { ArgsDef } from "citty";
import { usageError } from "../errors.ts";
import { parseArgs } from "../io/lazy-node.ts";

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
  argv = withOptionalValues(argv, optionalValue);
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

/**
 * An option with an optional value takes the next word when that word is not
 * an option (as `--create-config team.yml` did in env-secrets 0.7: positionals
 * are errors here anyway, so nothing is ambiguous), and its default when given
 * alone.
 */
function withOptionalValues(argv: string[], optionalValue: Record<string, string>): string[] {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const name = word.startsWith("--") ? word.slice(2) : "";
    if (!Object.hasOwn(optionalValue, name)) {
      result.push(word);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith("-")) {
      result.push(`${word}=${next}`);
      i++;
    } else {
      result.push(`${word}=${optionalValue[name]}`);
    }
  }
  return result;
}
