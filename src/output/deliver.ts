import { EnvSecretsError, usageError } from "../errors.ts";
import { isatty } from "../io/lazy-node.ts";
import { log } from "../log/logger.ts";
import type { Variables } from "../secrets/payload.ts";
import { printAddMaskCommands } from "./add-mask.ts";
import { FORMATS, type Format, formatVariables, isFormat } from "./formats.ts";
import { STDOUT, writeStdout } from "./stdout.ts";
import { appendToFile, writeNewFile } from "./write-file.ts";

/** Where the variables go when no command is run. */
export interface OutputRequest {
  /** `-o <file>`: a new file, mode 0400. */
  file?: string;
  /** `--format`: the file's format, or what is printed on stdout when there is no file. */
  format?: Format;
  /** `--github-env`: the file named by $GITHUB_ENV, appended to. */
  githubEnv?: string;
}

export const OUTPUT_FILE_MODE = 0o400;

export interface OutputOptions {
  output?: string;
  format?: string;
  "github-env"?: boolean;
}

/**
 * Checks the output options before anything is fetched. Returns undefined
 * when none is given (a command runs instead).
 */
export function outputRequest(options: OutputOptions, commandGiven: boolean, env: Record<string, string | undefined>): OutputRequest | undefined {
  const given = [options.output !== undefined && "-o", options.format !== undefined && "--format", options["github-env"] === true && "--github-env"].filter(
    (o): o is string => typeof o === "string",
  );
  if (given.length === 0) return undefined;
  if (commandGiven) {
    throw usageError(`${given.join(" and ")} and a command cannot be combined`, "either write the variables out or run a command after --, not both");
  }
  if (options.output === "") throw usageError("-o needs a file name", "e.g. -o .env.secrets");
  if (options.format !== undefined && !isFormat(options.format)) {
    throw usageError(`invalid value for --format: '${options.format}'`, `expected one of ${FORMATS.join(", ")}`);
  }
  if (options["github-env"] && options.format !== undefined && options.output === undefined) {
    throw usageError("--format without -o prints to stdout, which --github-env uses for ::add-mask:: lines", "add -o <file> to write that format to a file");
  }
  let githubEnv: string | undefined;
  if (options["github-env"]) {
    githubEnv = env.GITHUB_ENV;
    if (!githubEnv) {
      throw new EnvSecretsError({ subject: "--github-env", reason: "GITHUB_ENV is not set", hint: "use --github-env inside a GitHub Actions step, or -o <file>" });
    }
  }
  return {
    ...(options.output !== undefined ? { file: options.output } : {}),
    ...(options.format !== undefined ? { format: options.format as Format } : {}),
    ...(githubEnv !== undefined ? { githubEnv } : {}),
  };
}

/**
 * Writes the variables where the request says. Every format is rendered (and
 * every refusal raised) before anything is written.
 */
export async function deliverOutputs(request: OutputRequest, variables: Variables): Promise<void> {
  const fileText = request.file !== undefined ? formatVariables(request.format ?? "shell", variables) : undefined;
  const stdoutText = request.file === undefined && request.format !== undefined ? formatVariables(request.format, variables) : undefined;
  const githubText = request.githubEnv !== undefined ? formatVariables("github", variables) : undefined;

  if (request.file !== undefined && fileText !== undefined) {
    writeNewFile(request.file, fileText, OUTPUT_FILE_MODE);
    log.info(`wrote ${count(variables)} to ${request.file} (${request.format ?? "shell"} format, mode 0400)`);
  }
  if (stdoutText !== undefined) {
    if (isatty(STDOUT)) log.warn("printing secret values to a terminal; redirect stdout or use -o <file>");
    writeStdout(stdoutText);
  }
  if (request.githubEnv !== undefined && githubText !== undefined) {
    // Masks first: once the variables are in GITHUB_ENV the runner may print them.
    printAddMaskCommands(variables.values());
    appendToFile(request.githubEnv, githubText, "GITHUB_ENV");
    log.info(`added ${count(variables)} to GITHUB_ENV`);
  }
}

function count(variables: Variables): string {
  return variables.size === 1 ? "1 variable" : `${variables.size} variables`;
}
