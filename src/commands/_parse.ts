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
 * repeatable options an empty list. `strayHint` is the advice for a word
 * that is not an option.
 */
export function parseOptions<A extends OptionsDef>(defs: A, words: string[], strayHint = "put the command to run after --"): Options<A> {
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
      throw usageError(`unexpected argument '${parsed.positionals[0]}'`, strayHint);
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

/**
 * Splits a command's words into its options and the program to run, as POSIX
 * utilities and env(1) do: options end at the first word that is not an
 * option (the program's name) or at `--`; from there on every word is the
 * program's, never parsed. An option that takes a value takes the next word
 * whatever it is (`-s node` names a secret called node). Never fails: an
 * unknown option stays among the options, for the parser to report.
 */
export function splitAtProgram(defs: OptionsDef, words: string[]): { options: string[]; program: string[] } {
  const byShort = new Map<string, OptionDef>();
  for (const def of Object.values(defs)) {
    const short = shortAlias(def);
    if (short) byShort.set(short, def);
  }
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--") return { options: words.slice(0, i), program: words.slice(i + 1) };
    if (!word.startsWith("-") || word === "-") return { options: words.slice(0, i), program: words.slice(i) };
    if (word.startsWith("--")) {
      const def = word.includes("=") ? undefined : defs[word.slice(2)];
      if (def === undefined || def.type === "boolean") continue;
      const next = words[i + 1];
      if (def.optionalValue === undefined || (next !== undefined && takesAsValue(def, next))) i++;
      continue;
    }
    // A group of short options (-qs name, -sname): the first that takes a value ends the word.
    for (let j = 1; j < word.length; j++) {
      const def = byShort.get(word[j]!);
      if (def === undefined) break;
      if (def.type === "boolean") continue;
      if (j === word.length - 1) i++;
      break;
    }
  }
  return { options: words, program: [] };
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
    const def = Object.hasOwn(defs, name) ? defs[name] : undefined;
    const fallback = def?.optionalValue;
    if (def === undefined || fallback === undefined) {
      result.push(word);
      continue;
    }
    const next = words[i + 1];
    if (next !== undefined && takesAsValue(def, next)) {
      result.push(`${word}=${next}`);
      i++;
    } else {
      result.push(`${word}=${fallback}`);
    }
  }
  return result;
}

/** Whether an option with an optional value takes `next` as its value: a word that is not an option (and fits, if it must). */
function takesAsValue(def: OptionDef, next: string): boolean {
  return !next.startsWith("-") && (def.optionalValueMatches === undefined || def.optionalValueMatches.test(next));
}
