import type { Config } from "../config/load.ts";
import { type ConfigChoice, configForRun } from "../config/resolve.ts";
import { usageError } from "../errors.ts";
import type { Command, CommandContext, ParsedCommand } from "./_command.ts";
import { commands } from "./index.ts";

/** What a command may know of the process it runs in; cli.ts reads it from `process`, tests make their own. */
export interface Surroundings {
  env: Record<string, string | undefined>;
  cwd: string;
  platform: NodeJS.Platform;
  stdoutIsTerminal(): boolean;
}

/**
 * What env-secrets was asked to do. Every request that can fail says whether
 * the words named a program to run: that decides the exit status of a
 * failure (125 with a program, as env(1) has it; 1 or 2 without).
 */
export type Request =
  | { kind: "version" }
  | { kind: "help"; command?: Command }
  /** No command and no config file to dispatch on: the usage goes to stderr. */
  | { kind: "usage"; programGiven: boolean }
  | { kind: "run"; command: Command; parsed: ParsedCommand; context: CommandContext; programGiven: boolean }
  | { kind: "failed"; error: unknown; programGiven: boolean };

/**
 * argv → request, the one place that reads the shape of a command line.
 * Everything after the first `--` is the program to run and is never parsed.
 * Without a command name, a config file with `provider: aws` makes
 * `env-secrets [options] -- cmd` and `env-secrets cmd args` mean
 * `env-secrets aws ...` (auto-dispatch).
 */
export async function route(argv: string[], surroundings: Surroundings): Promise<Request> {
  const [first] = argv;
  if (first === "--version" || first === "-v") return { kind: "version" };
  if (first === "--help" || first === "-h") return { kind: "help" };
  const split = argv.indexOf("--");
  const head = split === -1 ? argv : argv.slice(0, split);
  const program = split === -1 ? [] : argv.slice(split + 1);
  const name = commandNamed(head);
  if (name !== undefined) return routeToCommand(name, head.slice(name.split(" ").length), program, surroundings);
  return routeByConfigFile(argv, head, program, surroundings);
}

/** The longest run of leading words that names a command (`aws`, `aws secret create`), if any. */
function commandNamed(words: string[]): string | undefined {
  let found: string | undefined;
  for (let count = 1; count <= words.length; count++) {
    const name = words.slice(0, count).join(" ");
    if (Object.hasOwn(commands, name)) found = name;
    if (!Object.keys(commands).some((key) => key.startsWith(`${name} `))) break;
  }
  return found;
}

async function routeToCommand(
  name: string,
  optionWords: string[],
  program: string[],
  surroundings: Surroundings,
  /** Already read to decide the dispatch. */
  config?: Config,
): Promise<Request> {
  const programGiven = program.length > 0;
  try {
    const command = await commands[name]!();
    const parsed = command.parse(optionWords);
    if (parsed.help) return { kind: "help", command };
    const context = contextFor(surroundings, program, config !== undefined ? () => config : configLoader(parsed.configChoice, surroundings));
    return { kind: "run", command, parsed, context, programGiven };
  } catch (error) {
    return { kind: "failed", error, programGiven };
  }
}

/** `env-secrets [options] -- cmd` and `env-secrets cmd args`: an `aws` run if the config file says so. */
async function routeByConfigFile(argv: string[], head: string[], program: string[], surroundings: Surroundings): Promise<Request> {
  const [first] = head;
  const optionsFirst = first === undefined || first.startsWith("-");
  let config: Config | undefined;
  try {
    config = configLoader(optionsFirst ? configChoiceFromWords(head) : {}, surroundings)();
  } catch (error) {
    // A program name first: a program was meant, whatever the config file says.
    return { kind: "failed", error, programGiven: !optionsFirst || program.length > 0 };
  }
  if (config?.provider === "aws") {
    // A program name first: it and everything after it (a `--` included) is the program.
    return optionsFirst ? routeToCommand("aws", head, program, surroundings, config) : routeToCommand("aws", [], argv, surroundings, config);
  }
  const programGiven = program.length > 0;
  if (first === undefined) return { kind: "usage", programGiven };
  const error = first.startsWith("-")
    ? usageError(`${first} comes before a command`, `name the command first: env-secrets aws ${first} …; leaving out 'aws' needs a .env-secrets.yml with provider: aws`)
    : usageError(`unknown command '${first}'`, `commands: ${[...new Set(Object.keys(commands).map((key) => key.split(" ")[0]))].join(", ")}; see 'env-secrets --help'`);
  return { kind: "failed", error, programGiven };
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
  const { env, cwd, platform, stdoutIsTerminal } = surroundings;
  return { env, cwd, home: env.HOME, platform, command, config, stdoutIsTerminal };
}

/**
 * --config / --no-config among the words before `--`, read before the options
 * are parsed: they decide whether a run without a command name dispatches.
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
