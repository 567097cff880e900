import type { ParseArgsConfig } from "node:util";
import { usageError } from "../errors.ts";
import { parseArgs } from "../io/lazy-node.ts";
import type { OptionDef, Options, OptionsDef } from "./_command.ts";

type ParsedValue = string | boolean | Array<string | boolean> | undefined;

/**
 * Parses a command's option words against its definitions, strictly: an
 * unknown option or a missing value is a usage error, never silently dropped
 * (citty's own parser is lenient and keeps only the last of repeated options).
 * The result is typed from the definitions: booleans are false when absent,
 * repeatable options an empty list.
 */
export function parseOptions<A extends OptionsDef>(defs: A, words: string[]): Options<A> {
  const config: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, def] of Object.entries(defs)) {
    if (def.type === "positional") continue;
    const short = shortAlias(def);
    config[name] = {
      type: def.type === "boolean" ? "boolean" : "string",
      ...(short ? { short } : {}),
      ...(def.repeatable ? { multiple: true } : {}),
    };
  }
  let values: Record<string, ParsedValue>;
  try {
    const parsed = parseArgs({ args: withOptionalValues(words, defs), options: config, strict: true, allowPositionals: true });
    if (parsed.positionals.length > 0) {
      throw usageError(`unexpected argument '${parsed.positionals[0]}'`, "put the command to run after --");
    }
    values = parsed.values;
  } catch (error) {
    if (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      // Node's messages run on with advice about positionals; keep the first sentence.
      throw usageError(error.message.split(/\.\s|\n/)[0]!.replace(/\.$/, ""));
    }
    throw error;
  }
  const options: Record<string, ParsedValue> = {};
  for (const [name, def] of Object.entries(defs)) {
    const value = values[name];
    if (def.type === "enum" && value !== undefined && !def.options?.includes(String(value))) {
      throw usageError(`invalid value for --${name}: '${value}'`, `expected one of ${def.options?.join(", ")}`);
    }
    options[name] = def.type === "boolean" ? value === true : def.repeatable ? (value ?? []) : value;
  }
  return options as Options<A>;
}

function shortAlias(def: OptionDef): string | undefined {
  const alias: string | string[] | undefined = "alias" in def ? def.alias : undefined;
  return (Array.isArray(alias) ? alias : alias === undefined ? [] : [alias]).find((a) => a.length === 1);
}

/**
 * An option with an optional value takes the next word when that word is not
 * an option (as `--create-config team.yml` did in env-secrets 0.7), and its
 * default when given alone.
 */
function withOptionalValues(words: string[], defs: OptionsDef): string[] {
  const result: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const name = word.startsWith("--") ? word.slice(2) : "";
    const fallback = Object.hasOwn(defs, name) ? defs[name]!.optionalValue : undefined;
    if (fallback === undefined) {
      result.push(word);
      continue;
    }
    const next = words[i + 1];
    if (next !== undefined && !next.startsWith("-")) {
      result.push(`${word}=${next}`);
      i++;
    } else {
      result.push(`${word}=${fallback}`);
    }
  }
  return result;
}
