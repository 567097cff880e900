#!/usr/bin/env bun
import { type CommandDef, defineCommand, renderUsage } from "citty";
import { OPTIONAL_VALUE, REPEATABLE } from "./commands/_args.ts";
import { parseOptions } from "./commands/_parse.ts";
import { routeAwsSubcommand } from "./commands/aws-subcommands.ts";
import type { RunData } from "./commands/aws-plan.ts";
import { commands } from "./commands/index.ts";
import { EnvSecretsError, EXIT, exitCodeFor, usageError } from "./errors.ts";
import { isatty } from "./io/lazy-node.ts";
import { writeAllSync } from "./io/write-sync.ts";
import { configureLogger, log } from "./log/logger.ts";
import type { ChildExit } from "./run/supervise.ts";
import { VERSION } from "./version.ts";

const root = defineCommand({
  meta: {
    name: "env-secrets",
    version: VERSION,
    description: "Run a program with secrets from AWS Secrets Manager in its environment, and nowhere else",
  },
  subCommands: commands,
});

/**
 * argv → exit status. Everything after the first `--` is the program to run and
 * is never parsed: it reaches the child exactly as given.
 */
async function main(argv: string[]): Promise<number> {
  const split = argv.indexOf("--");
  const head = split === -1 ? argv : argv.slice(0, split);
  const command = split === -1 ? [] : argv.slice(split + 1);
  let commandGiven = command.length > 0;
  try {
    let [name, ...rest] = head;
    if (name === "--version" || name === "-v") {
      writeAllSync(1, `${VERSION}\n`);
      return EXIT.ok;
    }
    if (name === "--help" || name === "-h") {
      writeUsage(1, await renderUsage(root));
      return EXIT.ok;
    }
    let data: RunData = { command };
    if (name === undefined ? commandGiven : !Object.hasOwn(commands, name)) {
      // A program name first (`env-secrets node app.js`) means a command was meant: failures exit 125.
      if (name !== undefined && !name.startsWith("-")) commandGiven = true;
      const dispatched = await (await import("./config/dispatch.ts")).dispatchToAws(argv, head, command);
      if (dispatched) {
        ({ rest, data } = dispatched);
        name = "aws";
        commandGiven = data.command.length > 0;
      } else {
        commandGiven = command.length > 0;
      }
    }
    if (name === undefined) {
      writeUsage(2, await renderUsage(root));
      return commandGiven ? EXIT.wrapperFailed : EXIT.usage;
    }
    const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!load && name.startsWith("-")) {
      throw usageError(`${name} comes before a command`, `name the command first: env-secrets aws ${name} …; leaving out 'aws' needs a .env-secrets.yml with provider: aws`);
    }
    if (!load) throw usageError(`unknown command '${name}'`, `commands: ${Object.keys(commands).join(", ")}; see 'env-secrets --help'`);
    // `aws secret …` and `aws policy` are commands of their own; anything else after `aws` is a run.
    const routed = name === "aws" ? await routeAwsSubcommand(rest) : undefined;
    const cmd: CommandDef = routed?.cmd ?? (await load());
    if (routed) rest = routed.rest;
    const args = parseOptions((await resolve(cmd.args)) ?? {}, rest, [...REPEATABLE, ...(routed?.repeatable ?? [])], OPTIONAL_VALUE);
    configureLogger({ debug: args.debug === true, quiet: args.quiet === true });
    if (args.help === true) {
      writeUsage(1, await renderUsage(cmd, root));
      return EXIT.ok;
    }
    const exit = await cmd.run?.({ rawArgs: rest, args: { _: [], ...args } as never, cmd, data });
    if (isChildExit(exit)) {
      if (exit.signal === undefined) return exit.code;
      // End the way the child ended; 128+S only where dying by the signal is impossible.
      const { dieBySignal } = await import("./run/signals.ts");
      return dieBySignal(exit.signal);
    }
    return EXIT.ok;
  } catch (error) {
    return printError(error, commandGiven);
  }
}

/** The one place errors reach the user: one line each, the stack only in debug mode. */
function printError(error: unknown, commandGiven: boolean): number {
  if (error instanceof EnvSecretsError) {
    for (const line of error.lines()) log.error(line);
    // In debug mode, what lies behind each line (one failure per secret), masked like every log line.
    for (const each of [error, ...error.others]) if (each.cause !== undefined) log.debug(each.cause);
    return exitCodeFor(error, commandGiven);
  }
  log.error(`internal error: ${error instanceof Error ? error.message : String(error)} — run with --debug and report it`);
  log.debug(error);
  return commandGiven ? EXIT.wrapperFailed : EXIT.failure;
}

/** citty colours its usage text; keep colour for terminals only, and honour NO_COLOR. */
function writeUsage(fd: 1 | 2, text: string): void {
  const plain = !isatty(fd) || Boolean(process.env.NO_COLOR);
  writeAllSync(fd, `${plain ? Bun.stripANSI(text) : text}\n`);
}

async function resolve<T>(value: T | Promise<T> | (() => T | Promise<T>)): Promise<T> {
  return typeof value === "function" ? (value as () => T | Promise<T>)() : value;
}

function isChildExit(value: unknown): value is ChildExit {
  return typeof value === "object" && value !== null && ("code" in value || "signal" in value);
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
