/**
 * Times the dotenv-text reader (src/secrets/dotenv.ts) against the npm dotenv
 * package on 64 KiB inputs (the Secrets Manager size limit) shaped to stress
 * the grammar, and checks both give the same variables.
 *   bun scripts/bench-dotenv.ts
 */
import dotenv from "dotenv";
import { parseDotenv } from "../src/secrets/dotenv.ts";

const SIZE = 65_536;
const inputs: Record<string, string> = {
  "16,384 lines A=1": "A=1\n".repeat(SIZE / 4),
  "blank lines only": "\n".repeat(SIZE),
  "lines of spaces, then B=1": `${"   \n".repeat(SIZE / 4)}B=1`,
  "A=, blank lines, x": `A=${"\n".repeat(SIZE)}x`,
  "escaped single quotes": `A='${"\\'".repeat(SIZE / 2)}`,
  "one long word": "a".repeat(SIZE),
};

function time(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

console.log("| input (64 KiB) | env-secrets | dotenv.parse | same result |");
console.log("| --- | ---: | ---: | --- |");
for (const [name, text] of Object.entries(inputs)) {
  const ours = time(() => parseDotenv(text));
  let theirs: Record<string, string> = {};
  const dotenvMs = time(() => {
    theirs = dotenv.parse(text);
  });
  const same = Bun.deepEquals(Object.fromEntries(parseDotenv(text).variables), theirs);
  console.log(`| ${name} | ${ours.toFixed(1)} ms | ${dotenvMs.toFixed(1)} ms | ${same ? "yes" : "NO"} |`);
}
