import type { ArgDef } from "citty";
import type { Config } from "../config/load.ts";
import type { ConfigChoice } from "../config/resolve.ts";
import type { ChildExit } from "../run/supervise.ts";
import type { configArgs, loggingArgs } from "./_args.ts";
import { parseOptions, splitAtProgram } from "./_parse.ts";

/**
 * One option of a command: citty's definition (from which the help is
 * rendered), plus how our parser treats it. The parsed value's type follows
 * from it (see `Options`), so a renamed option breaks the compile.
 */
export type OptionDef = ArgDef & {
  /** Every occurrence is kept: the value is a list (empty when not given). */
  repeatable?: true;
  /** Given alone, the option has this value; followed by a word that is not an option, that word. */
  optionalValue?: string;
  /** With optionalValue: only a next word that matches is the value (so `--watch node app.js` runs node). */
  optionalValueMatches?: RegExp;
  /** The help's section for it (`secrets`, `aws`, `shaping`, `outputs`, `config`, `running`, `logging`, `general`; see _help.ts); none: FLAGS. */
  group?: string;
  /** A positional's allowed values (citty's positionals have no `options`): checked by the parser, offered by completion. */
  choices?: readonly string[];
};

export type OptionsDef = Record<string, OptionDef>;

type OptionValue<D extends OptionDef> = D extends { type: "boolean" }
  ? boolean
  : D extends { type: "enum"; options: readonly (infer Choice)[] }
    ? Choice | undefined
    : D extends { repeatable: true }
      ? string[]
      : string | undefined;

/** The parsed options of a command, typed from its definitions: booleans are false when absent, repeatable options [] . */
export type Options<A extends OptionsDef> = { readonly [K in keyof A]: OptionValue<A[K]> };

/**
 * What a command knows of the world it runs in, as a value: a command reads
 * none of it from `process`, so its rules can be tested with any context.
 */
export interface CommandContext {
  /** The environment env-secrets was started with: what a program it starts inherits. */
  env: Record<string, string | undefined>;
  cwd: string;
  home: string | undefined;
  platform: NodeJS.Platform;
  /** The program to run and its arguments, untouched (never parsed as options). Empty when none was given. */
  command: string[];
  /** The run's config file (per --config / --no-config): read on the first call, never twice. */
  config(): Config | undefined;
  /** Whether stdout is a terminal (asked on demand: the answer loads node:tty). */
  stdoutIsTerminal(): boolean;
  /** Whether stderr is a terminal: where a progress line may be drawn. */
  stderrIsTerminal(): boolean;
  /** Everything on stdin, as bytes (read on the first call; for a value given with --value-stdin). */
  readStdin(): Promise<Uint8Array>;
  /** Stdin as it arrives, read from fd 0 itself (for a command that answers line by line: `mcp`). */
  stdinStream(): ReadableStream<Uint8Array>;
}

/** A program ran: its exit. Anything else (written out, created, printed): undefined, exit 0. */
export type CommandResult = ChildExit | undefined;

/** A command line the help shows as an example, and what it does. */
export interface Example {
  run: string;
  does: string;
}

/** What the help says of a command besides its options (which it renders from `args`). */
export interface CommandMeta {
  /** The words that name it: `aws`, `aws secret create`. */
  name: string;
  /** One line, no full stop: the command list and the head of its help. */
  description: string;
  /** USAGE lines after `env-secrets `; default: the name, `[options]` and the positionals. */
  usage?: readonly string[];
  /** The most common uses, shown under EXAMPLES. */
  examples?: readonly Example[];
}

/** What a command file writes: its help text, its options, and what it does with them. */
export interface CommandDefinition<A extends OptionsDef> {
  meta: CommandMeta;
  /**
   * The command runs a program given after its options (`env-secrets aws … -- node app.js`):
   * its options end at the program's name or at `--`. Otherwise every word is the command's.
   */
  runsProgram?: true;
  /** Every command takes --debug, --quiet and --help: spread `loggingArgs` in. */
  args: A & typeof loggingArgs;
  run(args: Options<A>, context: CommandContext): Promise<CommandResult>;
}

/** A command as the router sees it: options in, typed by the command itself. */
export interface Command {
  meta: CommandMeta;
  args: OptionsDef;
  runsProgram: boolean;
  /** The words after the command's name, split into its options and the program to run (never fails). */
  split(words: string[]): { options: string[]; program: string[] };
  /** Parses the option words (a usage error if they do not fit) into a run ready to start. */
  parse(options: string[]): ParsedCommand;
}

export interface ParsedCommand {
  logging: { debug: boolean; quiet: boolean };
  help: boolean;
  version: boolean;
  /** --config / --no-config, for a command that takes them (`configArgs`); otherwise the default lookup. */
  configChoice: ConfigChoice;
  run(context: CommandContext): Promise<CommandResult>;
}

/** Every command file's default export: `export default defineCommand({ meta, args, run })`. */
export function defineCommand<const A extends OptionsDef>(definition: CommandDefinition<A>): Command {
  return {
    meta: definition.meta,
    args: definition.args,
    runsProgram: definition.runsProgram === true,
    split: (words) => (definition.runsProgram ? splitAtProgram(definition.args, words) : { options: words, program: [] }),
    parse(options) {
      const args = parseOptions(definition.args, options, { command: definition.meta.name, runsProgram: definition.runsProgram === true });
      const { debug, quiet, help, version } = args;
      return { logging: { debug, quiet }, help, version, configChoice: configChoiceOf(args), run: (context) => definition.run(args, context) };
    },
  };
}

/** Read by name from any command's options: the names are checked against `configArgs`, the values at run time. */
function configChoiceOf(args: Readonly<Record<string, unknown>>): ConfigChoice {
  const file: keyof typeof configArgs = "config";
  const disabled: keyof typeof configArgs = "no-config";
  return { file: typeof args[file] === "string" ? args[file] : undefined, disabled: args[disabled] === true };
}
