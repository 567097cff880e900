import { usageError } from "../errors.ts";
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
  const seeHelp = `see 'env-secrets ${who.command === undefined ? "" : `${who.command} `}--help'`;
  const parsed = readWords(defs, withOptionalValues(words, defs), seeHelp);
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
 * The option words as the POSIX utility conventions read them, with GNU long
 * options: `--name value`, `--name=value`, `-s value`, `-svalue`, groups of
 * short flags (`-qd`, the last of them may take a value), `--` ending the
 * options. A value that looks like an option (`-s --debug`) is refused
 * rather than taken: `--secret=-x` says it is meant. node:util's parseArgs
 * reads words the same way; this one is ours because loading node:util costs
 * every run about 1.5 ms (docs/benchmarks.md), and its complaints needed
 * rewording anyway.
 */
function readWords(defs: OptionsDef, words: string[], seeHelp: string): { values: Record<string, ParsedValue>; positionals: string[] } {
  const values: Record<string, ParsedValue> = Object.create(null);
  const positionals: string[] = [];
  const byShort = optionsByShortAlias(defs);
  const set = (name: string, def: OptionDef, value: string | true) => {
    values[name] = def.repeatable ? [...((values[name] as Array<string | boolean> | undefined) ?? []), value] : value;
  };
  const missingValue = (given: string, name: string, def: OptionDef) => usageError(`${given} needs a value: ${given} <${valueName(name, def)}>`, seeHelp);
  /** The word after an option that needs one, or the usage error naming the option as it was typed. */
  const nextValue = (index: number, given: string, name: string, def: OptionDef): string => {
    const next = words[index + 1];
    if (next === undefined || (next.length > 1 && next.startsWith("-"))) throw missingValue(given, name, def);
    return next;
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--") {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (word === "-" || !word.startsWith("-")) {
      positionals.push(word);
      continue;
    }
    if (word.startsWith("--")) {
      const equals = word.indexOf("=");
      const name = word.slice(2, equals === -1 ? undefined : equals);
      const def = Object.hasOwn(defs, name) ? defs[name] : undefined;
      if (def === undefined || def.type === "positional") throw usageError(`unknown option '--${name}'`, seeHelp);
      if (def.type === "boolean") {
        if (equals !== -1) throw usageError(`--${name} takes no value`, `give it alone: --${name}; ${seeHelp}`);
        set(name, def, true);
      } else if (equals !== -1) {
        set(name, def, word.slice(equals + 1));
      } else {
        set(name, def, nextValue(i, `--${name}`, name, def));
        i++;
      }
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const found = byShort.get(word[j]!);
      if (found === undefined) throw usageError(`unknown option '-${word[j]}'`, seeHelp);
      const [name, def] = found;
      if (def.type === "boolean") {
        set(name, def, true);
        continue;
      }
      // The rest of the word is the value (-sname, -s=name gives "=name"), else the next word.
      if (j < word.length - 1) {
        set(name, def, word.slice(j + 1));
      } else {
        set(name, def, nextValue(i, `-${word[j]}`, name, def));
        i++;
      }
      break;
    }
  }
  return { values, positionals };
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
  const byShort = optionsByShortAlias(defs);
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
      const def = byShort.get(word[j]!)?.[1];
      if (def === undefined) break;
      if (def.type === "boolean") continue;
      if (j === word.length - 1) i++;
      break;
    }
  }
  return { options: words, program: [] };
}

/** Each option with a one-letter alias, by that letter: its name and definition. */
function optionsByShortAlias(defs: OptionsDef): Map<string, [string, OptionDef]> {
  const byShort = new Map<string, [string, OptionDef]>();
  for (const [name, def] of Object.entries(defs)) {
    const short = def.type === "positional" ? undefined : shortAlias(def);
    if (short) byShort.set(short, [name, def]);
  }
  return byShort;
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
