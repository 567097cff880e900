import { delimiter, join } from "node:path";
import { EnvSecretsError } from "../errors.ts";
import { nodeFs } from "../io/lazy-node.ts";

/** execvp's search path when PATH is unset. */
const DEFAULT_PATH = "/bin:/usr/bin";

/**
 * Finds the program the way execvp(3) and env(1) do, in the child's PATH:
 * a name with a slash is used as it is; otherwise the first executable file of
 * that name in PATH. A match that exists but cannot be executed gives 126,
 * no match at all 127 — decided here so the user gets a clean message before
 * anything is spawned.
 */
export function resolveCommand(name: string, path: string | undefined): string {
  if (name === "") throw notFound(name);
  if (name.includes("/")) {
    if (isExecutableFile(name)) return name;
    const verdict = check(name);
    if (verdict === "ok") return name;
    throw verdict === "missing" ? noSuchFile(name) : notExecutable(name);
  }
  const candidates = (path ?? DEFAULT_PATH).split(delimiter).map((dir) => join(dir || ".", name));
  const found = candidates.find(isExecutableFile);
  if (found !== undefined) return found;
  // Nothing to run: a closer look tells "cannot be executed" (126) from "not found" (127).
  let sawNonExecutable = false;
  for (const candidate of candidates) {
    const verdict = check(candidate);
    if (verdict === "ok") return candidate;
    if (verdict === "not-executable") sawNonExecutable = true;
  }
  throw sawNonExecutable ? notExecutable(name) : notFound(name);
}

/**
 * An executable regular file, as Bun's which() checks it: natively, without
 * node:fs, which a run would otherwise load for this alone (about 2.5 ms,
 * docs/benchmarks.md). A name without a slash would send which() through
 * PATH: it is given as ./name.
 */
function isExecutableFile(file: string): boolean {
  return Bun.which(file.includes("/") ? file : `./${file}`) !== null;
}

function check(file: string): "ok" | "missing" | "not-executable" {
  const fs = nodeFs();
  let isFile: boolean;
  try {
    isFile = fs.statSync(file).isFile();
  } catch {
    return "missing";
  }
  if (!isFile) return "not-executable";
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return "ok";
  } catch {
    return "not-executable";
  }
}

function notFound(name: string): EnvSecretsError {
  return new EnvSecretsError({
    subject: name,
    reason: "command not found",
    hint: "check the name and the PATH it is looked up in",
    kind: "not-found",
  });
}

/** A path (a name with a slash) is never looked up in PATH: say so, rather than point at PATH. */
function noSuchFile(name: string): EnvSecretsError {
  return new EnvSecretsError({
    subject: name,
    reason: "no such file",
    hint: "the path does not exist; check it, or give a name without a slash to look it up in PATH",
    kind: "not-found",
  });
}

function notExecutable(name: string): EnvSecretsError {
  return new EnvSecretsError({
    subject: name,
    reason: "permission denied",
    hint: "the file exists but cannot be executed; check its mode (chmod +x) and that it is not a directory",
    kind: "not-executable",
  });
}

const START_FAILURE_HINTS: Record<string, string> = {
  ENOENT: "the file exists, but the interpreter on its #! line (or its loader) was not found",
  ENOEXEC: "not a program for this machine, or a script without a #! line (run it with its interpreter, e.g. -- sh script)",
};

/**
 * The error for a program that was found but failed to start (posix_spawn or
 * execve returned `code`), in env(1)'s terms: 127 when something it needs is
 * missing (typically the interpreter named on its #! line), 126 otherwise.
 */
export function startFailure(name: string, code: string): EnvSecretsError {
  return new EnvSecretsError({
    subject: name,
    reason: `cannot execute: ${code}`,
    hint: START_FAILURE_HINTS[code] ?? "check the file's mode and whether its filesystem is mounted noexec",
    kind: code === "ENOENT" ? "not-found" : "not-executable",
  });
}
