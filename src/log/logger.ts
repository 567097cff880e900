import { type ConsolaInstance, type ConsolaReporter, createConsola, type LogObject } from "consola/core";
import { inspectValue, isatty } from "../io/lazy-node.ts";
import { writeAllSync } from "../io/write-sync.ts";
import { Redactor } from "./redact.ts";
import { sanitizeForTerminal } from "./sanitize.ts";

/**
 * The one logger of env-secrets. Every line goes to stderr (stdout belongs to
 * the child and to data a command prints) and through the redactor, which
 * knows every secret value fetched so far.
 */
export const redactor = new Redactor();

const LEVEL = { quiet: 0, normal: 3, debug: 4 } as const;

export interface ReporterOptions {
  redactor: Redactor;
  write(text: string): void;
  /** Stack traces and cause chains of errors (debug mode). */
  showStacks(): boolean;
  /** Colour the line prefixes (a terminal, and NO_COLOR unset). */
  color(): boolean;
}

const PREFIX: Partial<Record<LogObject["type"], string>> = {
  warn: "warning: ",
  debug: "debug: ",
  trace: "debug: ",
  verbose: "debug: ",
};

const COLOR: Partial<Record<LogObject["type"], string>> = {
  error: "\x1b[31m",
  fatal: "\x1b[31m",
  warn: "\x1b[33m",
  debug: "\x1b[2m",
  trace: "\x1b[2m",
  verbose: "\x1b[2m",
};

/**
 * Formats every argument (errors with their cause chains included) to text
 * first, then masks every registered value in that raw text, then replaces
 * control characters (see sanitize.ts), and only then adds the prefix and
 * colour to each line and writes it: nothing reaches the stream unmasked, and
 * nothing in a message can pass for a line or a colour of our own.
 */
export function createRedactingReporter(options: ReporterOptions): ConsolaReporter {
  return {
    log(logObj) {
      const text = logObj.args.map((arg) => formatArg(arg, options.showStacks())).join(" ");
      const lines = sanitizeForTerminal(options.redactor.redact(text)).split("\n");
      const tag = `env-secrets: ${PREFIX[logObj.type] ?? ""}`;
      const color = options.color() ? COLOR[logObj.type] : undefined;
      const head = color ? `${color}${tag}\x1b[0m` : tag;
      options.write(`${lines.map((line) => `${head}${line}`).join("\n")}\n`);
    },
  };
}

function formatArg(arg: unknown, showStacks: boolean): string {
  if (arg instanceof Error) return formatError(arg, showStacks);
  if (typeof arg === "string") return arg;
  return inspectFully(arg);
}

/** On one line, and strings in full: a value cut short by inspect would no longer be recognised and masked. */
function inspectFully(value: unknown): string {
  return inspectValue(value, { depth: 6, breakLength: Number.POSITIVE_INFINITY, maxStringLength: Number.POSITIVE_INFINITY });
}

/** Errors print as their message; in debug mode with stack and cause chain. */
function formatError(error: Error, showStacks: boolean): string {
  if (!showStacks) return error.message;
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (current instanceof Error) {
      parts.push(current.stack ?? `${current.name}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(inspectFully(current));
      break;
    }
  }
  return parts.join("\ncaused by: ");
}

/** Plain text unless stderr is a terminal; NO_COLOR (any value) or TERM=dumb turn colour off. */
export function wantsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
}

let showStacks = false;

/** What env-secrets logs with: consola's methods that it uses, and the level. */
export interface Logger {
  level: number;
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

/** consola's level of each kind of line: a line is printed when its level is at most the logger's. */
const LINE_LEVEL = { error: 0, warn: 1, info: 3, debug: 4 } as const;

let consola: ConsolaInstance | undefined;
let level: number = debugRequestedByEnv(process.env.DEBUG) ? LEVEL.debug : LEVEL.normal;

/**
 * consola, created when the first line is to be printed: creating it takes
 * about 0.5 ms, and a run that goes well prints nothing at the normal level.
 */
function printer(): ConsolaInstance {
  consola ??= createConsola({
    level,
    reporters: [
      createRedactingReporter({
        redactor,
        write: (text) => writeAllSync(2, text),
        showStacks: () => showStacks,
        color: () => wantsColor({ isTTY: isatty(2) }, process.env),
      }),
    ],
    // No throttling: repeated identical lines (one per secret) must all be printed.
    throttle: 0,
  });
  return consola;
}

function lineOf(type: keyof typeof LINE_LEVEL) {
  return (...args: unknown[]): void => {
    if (LINE_LEVEL[type] <= level) printer()[type](args[0], ...args.slice(1));
  };
}

export const log: Logger = {
  get level() {
    return level;
  },
  set level(value: number) {
    level = value;
    if (consola) consola.level = value;
  },
  error: lineOf("error"),
  warn: lineOf("warn"),
  info: lineOf("info"),
  debug: lineOf("debug"),
};

/**
 * The command line wins over the environment: `--debug`, else `--quiet`
 * (errors only), else DEBUG=env-secrets, else warnings and errors.
 */
export function configureLogger(options: { debug?: boolean; quiet?: boolean }): void {
  if (options.debug) log.level = LEVEL.debug;
  else if (options.quiet) log.level = LEVEL.quiet;
  else if (debugRequestedByEnv(process.env.DEBUG)) log.level = LEVEL.debug;
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

/** `DEBUG=env-secrets:sdk` (alone or in a list): the AWS SDK's own debug lines too, which --debug leaves out. */
export function sdkDebugRequested(value: string | undefined): boolean {
  return (value ?? "").split(/[\s,]+/).includes("env-secrets:sdk");
}

showStacks = log.level >= LEVEL.debug;
