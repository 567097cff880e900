import { usageError } from "../errors.ts";

/** The shell `--shell` runs, as POSIX `system(3)` and env-secrets 0.7 did. */
export const SHELL = "/bin/sh";

/**
 * `--shell`: the words of the command line joined with spaces and handed to
 * `/bin/sh -c`, so shell syntax in them (pipes, `&&`, `$VAR`) works as it did
 * in env-secrets 0.7. The program to start becomes the shell itself: with
 * `--exec` env-secrets execs the shell, and signals and the exit status are
 * the shell's, as for any program.
 */
export function shellCommand(words: string[]): string[] {
  return [SHELL, "-c", words.join(" ")];
}

/** Checked before anything is fetched. */
export function checkShellAllowed(platform: NodeJS.Platform, noShell: boolean): void {
  if (noShell) throw usageError("--shell and --no-shell cannot be combined", "--no-shell is the default; drop one of them");
  if (platform === "win32") {
    throw usageError("--shell is not available on Windows", "name the shell yourself after --, e.g. -- cmd /c \"…\"");
  }
}
