import type { ParseArgsConfig } from "node:util";
import { usageError } from "../errors.ts";
import { parseArgs } from "../io/lazy-node.ts";
import type { OptionDef, Options, OptionsDef } from "./_command.ts";

type ParsedValue = string | boolean | Array<string | boolean> | undefined;

/** Who parses: the command's name for the hints, and whether words after its options are a program to run. */
export interface ParseFor {
  command: string;
  runsProgram: boolean;
}

/**
 * Parses a command's option words against its definitions, strictly: an
 * unknown option or a missing value is a usage error, never silently dropped
 * (citty's own parser is lenient and keeps only the last of repeated options).
 * Positional definitions take the words that are not options, in order.
 * The result is typed from the definitions: booleans are false when absent,
 * repeatable options an empty list.
 */
export function parseOptions<A extends OptionsDef>(defs: A, words: string[], who: Partial<ParseFor> = {}): Options<A> {
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
  const seeHelp = `see 'env-secrets ${who.command === undefined ? "" : `${who.command} `}--help'`;
  let parsed: { values: Record<string, ParsedValue>; positionals: string[] };
  try {
    parsed = parseArgs({ args: withOptionalValues(words, defs), options: config, strict: true, allowPositionals: true });
  } catch (error) {
    if (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      throw parserError(String(error.code), error.message, defs, words, seeHelp);
    }
    throw error;
  }
  const options: Record<string, ParsedValue> = {};
  const positionals = Object.entries(defs).filter(([, def]) => def.type === "positional");
  const extra = parsed.positionals[positionals.length];
  if (extra !== undefined) {
    throw usageError(`unexpected argument '${extra}'`, who.runsProgram !== false ? "put the command to run after --" : seeHelp);
  }
  positionals.forEach(([name, def], index) => {
    options[name] = parsed.positionals[index];
    const value = options[name];
    // --help and --version need nothing else.
    const asking = parsed.values.help === true || parsed.values.version === true;
    if (value === undefined && def.required && !asking) throw usageError(`missing <${valueName(name, def)}>`, seeHelp);
    if (typeof value === "string" && def.choices && !def.choices.includes(value)) {
      throw usageError(`invalid <${valueName(name, def)}>: '${value}'`, `expected one of ${def.choices.join(", ")}`);
    }
  });
  for (const [name, def] of Object.entries(defs)) {
    if (def.type === "positional") continue;
    const value = parsed.values[name];
    if (def.type === "enum" && value !== undefined && !def.options?.includes(String(value))) {
      throw usageError(`invalid value for --${name}: '${value}'`, `expected one of ${def.options?.join(", ")}`);
    }
    options[name] = def.type === "boolean" ? value === true : def.repeatable ? (value ?? []) : value;
  }
  return options as Options<A>;
}

/**
 * The parser's complaint in our words. Its own texts are capitalised, name
 * the value `<value>` and advise about positionals: say which option, the
 * value's name as the help shows it, and where the options are listed.
 */
function parserError(code: string, message: string, defs: OptionsDef, words: string[], seeHelp: string) {
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = quoted.startsWith("-") ? quoted : `-${quoted}`;
    return usageError(`unknown option '${option}'`, seeHelp);
  }
  const found = findOption(defs, quoted.split(",")[0]!.trim());
  if (found === undefined) return usageError(message.split(/\.\s|\n/)[0]!.replace(/\.$/, "").toLowerCase(), seeHelp);
  const [name, def] = found;
  if (def.type === "boolean") return usageError(`--${name} takes no value`, `give it alone: --${name}; ${seeHelp}`);
  // What the person typed: the short or the long form.
  const typed = [quoted, words.at(-1)].find((word) => word !== undefined && findOption(defs, word)?.[0] === name) ?? `--${name}`;
  const given = typed.startsWith("--") ? `--${name}` : typed;
  return usageError(`${given} needs a value: ${given} <${valueName(name, def)}>`, seeHelp);
}

function findOption(defs: OptionsDef, word: string): [string, OptionDef] | undefined {
  if (word.startsWith("--")) {
    const name = word.slice(2).split("=")[0]!;
    return Object.hasOwn(defs, name) ? [name, defs[name]!] : undefined;
  }
  return Object.entries(defs).find(([, def]) => shortAlias(def) === word.slice(1));
}

/** The value's name as the help shows it: `<ref>` for -s, the option's own name where none is given. */
export function valueName(name: string, def: OptionDef): string {
  return "valueHint" in def && def.valueHint ? def.valueHint : name;
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

export function shortAlias(def: OptionDef): string | undefined {
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
