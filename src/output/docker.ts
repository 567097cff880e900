import { refusal } from "./refusal.ts";

/**
 * `NAME=value` for `docker run --env-file`: Docker takes everything after the
 * first `=` literally, up to the end of the line, and drops a carriage return
 * that ends a line. So a value may not hold a line break of either kind.
 */
export function dockerLine(name: string, value: string): string {
  if (value.includes("\n") || value.includes("\r")) {
    throw refusal(
      name,
      "the value has a line break, which a docker env-file cannot hold",
      "use --format json or dotenv, or -o with the default shell format",
    );
  }
  return `${name}=${value}\n`;
}
