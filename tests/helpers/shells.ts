/**
 * Sources a file in a real shell and reads back the named variables exactly
 * (NUL-separated, so no newline is lost to command substitution).
 */
export function shellAvailable(shell: string): boolean {
  return Bun.which(shell) !== null;
}

export function sourceInShell(shell: string, file: string, names: string[]): Map<string, string> {
  const script = `. "$1" || exit 99\nprintf '%s\\0' ${names.map((n) => `"$${n}"`).join(" ")}\n`;
  const proc = Bun.spawnSync({ cmd: [shell, "-c", script, shell, file], stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
  if (proc.exitCode !== 0) throw new Error(`${shell} could not source ${file} (exit ${proc.exitCode}): ${proc.stderr.toString()}`);
  const values = new TextDecoder().decode(proc.stdout).split("\0");
  return new Map(names.map((name, i) => [name, values[i] ?? "<missing>"]));
}
