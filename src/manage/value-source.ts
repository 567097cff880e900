import { nodeFs } from "../io/lazy-node.ts";
import { EnvSecretsError, usageError } from "../errors.ts";
import { redactor } from "../log/logger.ts";

/**
 * Where a command takes the value to store from: exactly one of `-v VALUE`,
 * `--value-stdin`, `-f FILE` and `--prompt` (with `--confirm`).
 */
export type ValueSource =
  | { kind: "argument"; text: string }
  | { kind: "stdin" }
  | { kind: "file"; path: string }
  | { kind: "prompt"; confirm: boolean };

export interface ValueSourceOptions {
  value?: string | undefined;
  "value-stdin"?: boolean | undefined;
  file?: string | undefined;
  prompt?: boolean | undefined;
  confirm?: boolean | undefined;
}

const ALTERNATIVES = "-v VALUE, --value-stdin, -f FILE or --prompt";

/** The one source given, undefined when none is (and none is required), or a usage error. */
export function chooseValueSource(options: ValueSourceOptions, required: boolean): ValueSource | undefined {
  const given: ValueSource[] = [];
  if (options.value !== undefined) given.push({ kind: "argument", text: options.value });
  if (options["value-stdin"]) given.push({ kind: "stdin" });
  if (options.file !== undefined) given.push({ kind: "file", path: options.file });
  if (options.prompt) given.push({ kind: "prompt", confirm: options.confirm === true });
  if (options.confirm && !options.prompt) throw usageError("--confirm needs --prompt", "it asks for the typed value a second time");
  if (given.length > 1) throw usageError(`give the value one way only, not ${given.map(flagOf).join(" and ")}`, `choose one of ${ALTERNATIVES}`);
  if (given.length === 0 && required) throw usageError("no value given", `give it with ${ALTERNATIVES}`);
  return given[0];
}

export function flagOf(source: ValueSource): string {
  return { argument: "-v", stdin: "--value-stdin", file: "-f", prompt: "--prompt" }[source.kind];
}

export interface ValueReaders {
  stdin(): Promise<Uint8Array>;
  prompt(label: string, confirm: boolean): Promise<string>;
  warn(message: string): void;
}

/**
 * The value, registered with the redactor before it is returned. `label` is
 * what the prompt asks for (the secret, or `NAME.KEY`).
 */
export async function readValue(source: ValueSource, label: string, readers: ValueReaders): Promise<string> {
  const value = await read(source, label, readers);
  redactor.register(value);
  return value;
}

async function read(source: ValueSource, label: string, readers: ValueReaders): Promise<string> {
  switch (source.kind) {
    case "argument":
      readers.warn("a value given with -v is visible to other users in the process list and stays in your shell history; prefer --prompt, --value-stdin or -f FILE");
      return source.text;
    case "stdin":
      return utf8("--value-stdin", await readers.stdin()).replace(/\r?\n$/, "");
    case "file":
      return readTextFile(source.path);
    case "prompt":
      return readers.prompt(label, source.confirm);
  }
}

/** A file's text (`-f`), or an error naming the file and what is wrong with it. */
export function readTextFile(path: string): string {
  return utf8(path, readFile(path));
}

function readFile(path: string): Uint8Array {
  try {
    return nodeFs().readFileSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "error";
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "is a directory" : "cannot be read";
    throw new EnvSecretsError({ subject: path, reason: `${code}: ${why}`, hint: "check the path given to -f" });
  }
}

function utf8(subject: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new EnvSecretsError({ subject, reason: "not UTF-8 text", hint: "store binary data as base64 text, with --raw" });
  }
}
