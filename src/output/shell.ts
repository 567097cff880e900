/**
 * `export NAME='value'`: inside single quotes every POSIX shell (sh, dash,
 * bash, zsh) takes every byte literally, newlines and carriage returns
 * included; a quote in the value closes the quotes, adds an escaped quote and
 * reopens them. No value is refused.
 */
export function shellLine(name: string, value: string): string {
  return `export ${name}='${value.replaceAll("'", `'\\''`)}'\n`;
}

/** One word for a POSIX shell command line, single-quoted by the same rule: the shell reads back exactly `word`. */
export function shellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
