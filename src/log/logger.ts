import { formatWithOptions } from "node:util";
import { type ConsolaReporter, createConsola, type LogObject } from "consola/core";
import { Redactor } from "./redact.ts";

/**
 * The one logger of env-secrets. Every line goes to stderr (stdout belongs to
 * the child and to data a command prints) and through the redactor, which
 * knows every secret value fetched so far.
 */
export const redactor = new Redactor();

const LEVEL = { quiet: 0, normal: 3, debug: 4 } as const;

let showStacks = false;

function formatArg(arg: unknown): string {
  if (arg instanceof Error) return formatError(arg);
  if (typeof arg === "string") return arg;
  return formatWithOptions({ colors: false, depth: 6, breakLength: Number.POSITIVE_INFINITY }, "%O", arg);
}

/** Errors print as their message; in debug mode with stack and cause chain. */
function formatError(error: Error): string {
  if (!showStacks) return error.message;
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (current instanceof Error) {
      parts.push(current.stack ?? `${current.name}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(formatWithOptions({ colors: false }, "%O", current));
      break;
    }
  }
  return parts.join("\ncaused by: ");
}

const PREFIX: Partial<Record<LogObject["type"], string>> = {
  warn: "warning: ",
  debug: "debug: ",
  trace: "debug: ",
  verbose: "debug: ",
};

const redactingReporter: ConsolaReporter = {
  log(logObj) {
    const text = logObj.args.map(formatArg).join(" ");
    const prefix = PREFIX[logObj.type] ?? "";
    const lines = redactor.redact(text).split("\n");
    process.stderr.write(`${lines.map((line) => `env-secrets: ${prefix}${line}`).join("\n")}\n`);
  },
};

export const log = createConsola({
  level: debugRequestedByEnv(process.env.DEBUG) ? LEVEL.debug : LEVEL.normal,
  reporters: [redactingReporter],
  stdout: process.stderr,
  stderr: process.stderr,
  // No throttling: repeated identical lines (one per secret) must all be printed.
  throttle: 0,
});

export function configureLogger(options: { debug?: boolean; quiet?: boolean }): void {
  if (options.debug || debugRequestedByEnv(process.env.DEBUG)) log.level = LEVEL.debug;
  else if (options.quiet) log.level = LEVEL.quiet;
  else log.level = LEVEL.normal;
  showStacks = log.level >= LEVEL.debug;
}

export function isDebugEnabled(): boolean {
  return log.level >= LEVEL.debug;
}

/** `DEBUG=env-secrets`, `env-secrets:*` or `*`, alone or in a comma/space list, as upstream users type it. */
export function debugRequestedByEnv(value: string | undefined): boolean {
  if (!value) return false;
  return value
    .split(/[\s,]+/)
    .some((pattern) => pattern === "*" || pattern === "env-secrets" || pattern.startsWith("env-secrets:"));
}

showStacks = log.level >= LEVEL.debug;
