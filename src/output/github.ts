import { refusal } from "./refusal.ts";

/**
 * A `NAME<<DELIMITER` block of a `$GITHUB_ENV` file. The runner takes the
 * lines up to the first line equal to the delimiter, so the delimiter is
 * random and checked not to occur in the value at all. The runner splits
 * lines at LF (and on Windows at CRLF), so a carriage return would not
 * survive everywhere: refused.
 */
export function githubBlock(name: string, value: string): string {
  if (value.includes("\r")) {
    throw refusal(name, "the value has a carriage return, which the GitHub Actions runner would change", "store the value without carriage returns");
  }
  let delimiter: string;
  do delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  while (value.includes(delimiter));
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}
