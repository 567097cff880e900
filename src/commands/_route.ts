import type { Config } from "../config/load.ts";
import { type ConfigChoice, configForRun } from "../config/resolve.ts";
import { usageError } from "../errors.ts";
import type { Command, CommandContext, ParsedCommand } from "./_command.ts";
import { commands, reserved } from "./index.ts";

/** What a command may know of the process it runs in; cli.ts reads it from `process`, tests make their own. */
export interface Surroundings {
  env: Record<string, string | undefined>;
  cwd: string;
  platform: NodeJS.Platform;
  stdoutIsTerminal(): boolean;
  stderrIsTerminal(): boolean;
  readStdin(): Promise<Uint8Array>;
  stdinStream(): ReadableStream<Uint8Array>;
}

/**
 * What env-secrets was asked to do. Every request that can fail says whether
 * the words named a program to run: that decides the exit status of a
 * failure (125 with a program, as env(1) has it; 1 or 2 without).
 */
export type Request =
  | { kind: "version" }
  /** The root's help, a command's, or that of the commands under some words (`aws secret`). */
  | { kind: "help"; command?: Command; group?: string }
  /** No command and no config file to dispatch on: the usage goes to stderr. */
  | { kind: "usage"; programGiven: boolean }
  | { kind: "run"; command: Command; parsed: ParsedCommand; context: CommandContext; programGiven: boolean }
  | { kind: "failed"; error: unknown; programGiven: boolean };

/**
 * argv → request, the one place that reads the shape of a command line:
 * `env-secrets <command words> [options] [--] [program args...]`. A
 * command's options end at the first word that is not one, or at `--`; the
 * program and its arguments are never parsed. Without a command name, a
 * config file with `provider: aws` makes `env-secrets [options] [--] cmd`
 * and `env-secrets cmd args` mean `env-secrets aws ...` (auto-dispatch).
 */
export async function route(argv: string[], surroundings: Surroundings): Promise<Request> {
  const [first] = argv;
  if (first === "--version" || first === "-v") return { kind: "version" };
  if (first === "--help" || first === "-h") return { kind: "help" };
  if (first === "help") return helpFor(argv.slice(1));
  const named = commandNamed(argv);
  if (named.unresolved !== undefined) {
    const next = argv[named.unresolved.split(" ").length];
    if ((next === "--help" || next === "-h") && hasCommandsUnder(named.unresolved)) return { kind: "help", group: named.unresolved };
    const error = unresolvedCommand(named.unresolved, argv[named.unresolved.split(" ").length]);
    return { kind: "failed", error, programGiven: programAfterDashes(argv) };
  }
  if (named.name !== undefined) {
    const command = await commands[named.name]!();
    const { options, program } = command.split(argv.slice(named.name.split(" ").length));
    return routeToCommand(command, options, program, surroundings);
  }
  return routeByConfigFile(argv, surroundings);
}

/** `env-secrets help [command words]`: the help of the root, of a command, or of the commands under the words. */
async function helpFor(words: string[]): Promise<Request> {
  if (words.length === 0) return { kind: "help" };
  const named = commandNamed(words);
  const wanted = words.join(" ");
  if (named.name === wanted) return { kind: "help", command: await commands[wanted]!() };
  if (named.unresolved === wanted) {
    if (hasCommandsUnder(wanted)) return { kind: "help", group: wanted };
    return { kind: "failed", error: unresolvedCommand(wanted, undefined), programGiven: false };
  }
  const topLevel = [...new Set(Object.keys(commands).map((key) => key.split(" ")[0]))];
  return { kind: "failed", error: usageError(`unknown command '${wanted}'`, `commands: ${topLevel.join(", ")}; see 'env-secrets --help'`), programGiven: false };
}

function hasCommandsUnder(words: string): boolean {
  return Object.keys(commands).some((key) => key.startsWith(`${words} `));
}

/**
 * The longest run of leading words that names a command (`aws`,
 * `aws secret create`), and the longest that starts to name one without
 * getting there (`aws secret`, `aws secret bogus`, a reserved word).
 */
function commandNamed(words: string[]): { name?: string; unresolved?: string } {
  let name: string | undefined;
  let started: string | undefined;
  for (let count = 1; count <= words.length; count++) {
    const candidate = words.slice(0, count).join(" ");
    const leadsFurther = Object.keys(commands).some((key) => key.startsWith(`${candidate} `));
    if (Object.hasOwn(commands, candidate)) name = candidate;
    else if (leadsFurther || reserved.includes(candidate)) started = candidate;
    if (!leadsFurther && !reserved.some((word) => word.startsWith(`${candidate} `))) break;
  }
  if (started !== undefined && (name === undefined || started.length > name.length)) return { unresolved: started };
  return name === undefined ? {} : { name };
}

function unresolvedCommand(words: string, next: string | undefined) {
  const below = Object.keys(commands)
    .filter((key) => key.startsWith(`${words} `))
    .map((key) => key.slice(words.length + 1).split(" ")[0]);
  if (below.length === 0) {
    const program = words.split(" ").at(-1);
    return usageError(`'env-secrets ${words}' is not available in this version`, `to run a program named ${program}, put it after --: env-secrets ${words.split(" ").slice(0, -1).join(" ")} [options] -- ${program} …`);
  }
  const choices = `commands: ${[...new Set(below)].join(", ")}; see 'env-secrets ${words} --help'`;
  return next === undefined || next.startsWith("-") ? usageError(`'env-secrets ${words}' needs a command`, choices) : usageError(`unknown command '${words} ${next}'`, choices);
}

async function routeToCommand(
  command: Command,
  options: string[],
  program: string[],
  surroundings: Surroundings,
  /** Already read to decide the dispatch. */
  config?: Config,
): Promise<Request> {
  const programGiven = program.length > 0;
  try {
    const parsed = command.parse(options);
    if (parsed.help) return { kind: "help", command };
    if (parsed.version) return { kind: "version" };
    const context = contextFor(surroundings, program, config !== undefined ? () => config : configLoader(parsed.configChoice, surroundings));
    return { kind: "run", command, parsed, context, programGiven };
  } catch (error) {
    return { kind: "failed", error, programGiven };
  }
}

/** `env-secrets [options] [--] cmd` and `env-secrets cmd args`: an `aws` run if the config file says so. */
async function routeByConfigFile(argv: string[], surroundings: Surroundings): Promise<Request> {
  const [first] = argv;
  const aws = await commands.aws!();
  // A program name first: it and everything after it (a `--` included) is the program.
  const { options, program } = first === undefined || first.startsWith("-") ? aws.split(argv) : { options: [], program: argv };
  const programGiven = program.length > 0;
  let config: Config | undefined;
  try {
    config = configLoader(configChoiceFromWords(options), surroundings)();
  } catch (error) {
    return { kind: "failed", error, programGiven };
  }
  if (config?.provider === "aws") return routeToCommand(aws, options, program, surroundings, config);
  const [firstOption] = options;
  if (firstOption !== undefined) {
    const hint = `name the command first: env-secrets aws ${firstOption} …; leaving out 'aws' needs a .env-secrets.yml with provider: aws`;
    return { kind: "failed", error: usageError(`${firstOption} comes before a command`, hint), programGiven };
  }
  if (program.length === 0 || argv[0] === "--") return { kind: "usage", programGiven };
  const topLevel = [...new Set(Object.keys(commands).map((key) => key.split(" ")[0]))];
  // Without a config file to dispatch on, a first word that is no command is a mistyped command, not a program.
  const error = usageError(`unknown command '${first}'`, `commands: ${topLevel.join(", ")}; see 'env-secrets --help'`);
  return { kind: "failed", error, programGiven: programAfterDashes(argv) };
}

/** Words after a `--`: a program was given even where the words before it make no sense. */
function programAfterDashes(argv: string[]): boolean {
  const dashes = argv.indexOf("--");
  return dashes !== -1 && dashes < argv.length - 1;
}

/** The one place a config file is read: on the first call, and never again in the run. */
function configLoader(choice: ConfigChoice, { cwd, env }: Surroundings): () => Config | undefined {
  let loaded: { config: Config | undefined } | undefined;
  return () => {
    loaded ??= { config: configForRun(choice, cwd, env.HOME) };
    return loaded.config;
  };
}

function contextFor(surroundings: Surroundings, command: string[], config: () => Config | undefined): CommandContext {
  const { env, cwd, platform, stdoutIsTerminal, stderrIsTerminal, readStdin, stdinStream } = surroundings;
  return { env, cwd, home: env.HOME, platform, command, config, stdoutIsTerminal, stderrIsTerminal, readStdin, stdinStream };
}

/**
 * --config / --no-config among the option words, read before the options are
 * parsed: they decide whether a run without a command name dispatches.
 */
export function configChoiceFromWords(words: string[]): ConfigChoice {
  const choice: ConfigChoice = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--no-config") choice.disabled = true;
    else if (word === "--config") choice.file = words[++i] ?? "";
    else if (word.startsWith("--config=")) choice.file = word.slice("--config=".length);
  }
  return choice;
}
