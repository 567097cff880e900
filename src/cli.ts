#!/usr/bin/env bun
import { route } from "./commands/_route.ts";
import { helpText } from "./commands/_help.ts";
import { EnvSecretsError, EXIT, exitCodeFor } from "./errors.ts";
import { isatty } from "./io/lazy-node.ts";
import { configureLogger, log } from "./log/logger.ts";
import { writeStdout } from "./output/stdout.ts";
import { usageWidth, writeUsage } from "./output/usage.ts";
import { CLOSING_ARGV0 } from "./run/closed-descriptors-linux.ts";
import type { ChildExit } from "./run/supervise.ts";
import { VERSION } from "./version.ts";

/**
 * argv → exit status: route the command line (src/commands/_route.ts), run
 * what it asks for, and turn the outcome into the exit status. The only
 * place that reads `process`.
 */
async function main(argv: string[]): Promise<number> {
  if (process.argv0 === CLOSING_ARGV0) return execClosing(argv);
  const { env } = process;
  const request = await route(argv, {
    env,
    cwd: process.cwd(),
    platform: process.platform,
    stdoutIsTerminal: () => isatty(1),
    stderrIsTerminal: () => isatty(2),
    readStdin: async () => new Uint8Array(await Bun.stdin.arrayBuffer()),
    // Bun's own reader of fd 0: data that arrived before the command asked is still there, and no Node stream is made.
    stdinStream: () => Bun.stdin.stream(),
  });
  switch (request.kind) {
    case "version":
      writeStdout(`${VERSION}\n`);
      return EXIT.ok;
    case "help":
      writeUsage("stdout", await helpText(request, usageWidth("stdout")), env);
      return EXIT.ok;
    case "usage":
      writeUsage("stderr", await helpText({}, usageWidth("stderr")), env);
      return request.programGiven ? EXIT.wrapperFailed : EXIT.usage;
    case "failed":
      return printError(request.error, request.programGiven);
    case "run":
      try {
        configureLogger(request.parsed.logging);
        return await exitStatus(await request.parsed.run(request.context));
      } catch (error) {
        return printError(error, request.programGiven);
      }
  }
}

/** env-secrets started by itself to start the program with descriptors closed (src/run/closed-descriptors-linux.ts). */
async function execClosing(argv: string[]): Promise<number> {
  try {
    return await (await import("./run/exec-closing.ts")).execWithDescriptorsClosed(argv);
  } catch (error) {
    return printError(error, true);
  }
}

/** A program ran: its status, or the signal it died of. Anything else that returned: success. */
async function exitStatus(exit: ChildExit | undefined): Promise<number> {
  if (exit === undefined) return EXIT.ok;
  if (exit.signal === undefined) return exit.code;
  // End the way the child ended; 128+S only where dying by the signal is impossible.
  const { dieBySignal } = await import("./run/signals-posix.ts");
  return dieBySignal(exit.signal);
}

/** The one place errors reach the user: one line each, the stack only in debug mode. */
function printError(error: unknown, programGiven: boolean): number {
  if (error instanceof EnvSecretsError) {
    for (const line of error.lines()) log.error(line);
    // In debug mode, what lies behind each line (one failure per secret), masked like every log line.
    for (const each of [error, ...error.others]) if (each.cause !== undefined) log.debug(each.cause);
    return exitCodeFor(error, programGiven);
  }
  log.error(`internal error: ${error instanceof Error ? error.message : String(error)} — run with --debug and report it`);
  log.debug(error);
  return programGiven ? EXIT.wrapperFailed : EXIT.failure;
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
