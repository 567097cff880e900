import { usageError } from "../errors.ts";

/**
 * `--exec` replaces env-secrets with the program, so it needs execve (POSIX)
 * and cannot be combined with options that keep env-secrets in the middle.
 * Checked before anything is fetched.
 */
export function checkExecAllowed(platform: NodeJS.Platform, optionsNeedingSupervisor: string[]): void {
  if (platform === "win32") {
    throw usageError("--exec is not available on Windows", "drop --exec: env-secrets then runs the command as its child");
  }
  const [first] = optionsNeedingSupervisor;
  if (first !== undefined) {
    throw usageError(`--exec cannot be combined with ${first}`, `${first} needs env-secrets to stay between you and the command; drop one of them`);
  }
}
