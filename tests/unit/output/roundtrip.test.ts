/**
 * Property tests: thousands of random values (tests/helpers/random-values.ts)
 * written in each format and read back by the real consumer: sh, dash, bash
 * and zsh sourcing the file; the npm dotenv parser; JSON.parse; the GitHub
 * runner's reading of $GITHUB_ENV. Every value a format accepts must come
 * back exactly; a value it refuses must be one that format cannot carry.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { EnvSecretsError } from "../../../src/errors.ts";
import { encodeDotenvValue } from "../../../src/output/dotenv.ts";
import { formatVariables } from "../../../src/output/formats.ts";
import { parseGithubEnvFile } from "../../helpers/github-env.ts";
import { randomVariables } from "../../helpers/random-values.ts";
import { scratchDir } from "../../helpers/run.ts";
import { shellAvailable, sourceInShell } from "../../helpers/shells.ts";

const SEED = Number(process.env.ROUNDTRIP_SEED ?? Date.now() % 100_000);
const COUNT = 3000;
const variables = randomVariables(SEED, COUNT);
const label = `seed ${SEED} (replay with ROUNDTRIP_SEED=${SEED})`;

/** The variables a format accepts, rendered; refusals are checked per value. */
function accepted(format: "dotenv" | "github" | "docker"): Map<string, string> {
  const kept = new Map<string, string>();
  for (const [name, value] of variables) {
    try {
      formatVariables(format, new Map([[name, value]]));
      kept.set(name, value);
    } catch (error) {
      expect(error).toBeInstanceOf(EnvSecretsError);
      expect((error as EnvSecretsError).subject).toBe(name);
    }
  }
  return kept;
}

describe(`round trips, ${label}`, () => {
  const dir = scratchDir();
  const shellFile = join(dir, "vars.sh");
  writeFileSync(shellFile, formatVariables("shell", variables));

  for (const shell of ["sh", "dash", "bash", "zsh"]) {
    test.skipIf(!shellAvailable(shell))(`shell: sourcing in ${shell} gives back every value byte for byte${shellAvailable(shell) ? "" : ` (skipped: install the ${shell} package)`}`, () => {
      const back = sourceInShell(shell, shellFile, [...variables.keys()]);
      for (const [name, value] of variables) expect(back.get(name), name).toBe(value);
    });
  }

  test("dotenv: the npm dotenv parser (classic and fast) reads back every accepted value exactly", () => {
    const kept = accepted("dotenv");
    // Most random values are carried; the rest are refused, never changed.
    expect(kept.size).toBeGreaterThan(variables.size * 0.6);
    const text = formatVariables("dotenv", kept);
    for (const parsed of [parseDotenv(text), parseDotenv(text, { fast: true } as never)]) {
      expect(Object.keys(parsed).length).toBe(kept.size);
      for (const [name, value] of kept) expect(parsed[name], name).toBe(value);
    }
  });

  test("dotenv: a refused value is not carried exactly by any way of quoting it", () => {
    for (const [name, value] of variables) {
      // Refused conservatively: U+2028/U+2029 on a line read unquoted (the fast parser ends lines there).
      if (encodeDotenvValue(value) !== undefined || /[\u2028\u2029]/.test(value)) continue;
      const escaped = value.replaceAll("\n", "\\n").replaceAll("\r", "\\r");
      const attempts = [`'${value}'`, `"${value}"`, `"${escaped}"`, `\`${value}\``, `'${escaped}'`, `\`${escaped}\``, value, escaped];
      for (const attempt of attempts) {
        // Alone in the file, so nothing after it can confuse the parsers; exact means exact in both.
        const text = `${name}=${attempt}`;
        const exact = parseDotenv(text)[name] === value && parseDotenv(text, { fast: true } as never)[name] === value;
        expect(exact, `${name} ${JSON.stringify(attempt)}`).toBe(false);
      }
    }
  });

  test("dotenv: refused exactly when the rule documented in docs/outputs.md says so", () => {
    const unescaped = (value: string, quote: string) => value.split("").some((c, i) => c === quote && value[i - 1] !== "\\");
    for (const [name, value] of variables) {
      const pair = /\\[nr]/.test(value);
      const rule =
        (value.includes("\r") || (unescaped(value, "'") && unescaped(value, "`"))) &&
        (unescaped(value, '"') || pair) &&
        (/[#\u2028\u2029]/.test(value) || (pair && /[\r\n]/.test(value)));
      expect(encodeDotenvValue(value) === undefined, name).toBe(rule);
    }
  });

  test("json: JSON.parse gives back every value", () => {
    expect(JSON.parse(formatVariables("json", variables))).toEqual(Object.fromEntries(variables));
  });

  test("github: the runner's reading of GITHUB_ENV gives back every accepted value; only values with a CR are refused", () => {
    const kept = accepted("github");
    for (const [name, value] of variables) expect(kept.has(name), name).toBe(!value.includes("\r"));
    const back = parseGithubEnvFile(formatVariables("github", kept));
    expect(back).toEqual(kept);
  });

  test("docker: every value without a line break is written as NAME=value on one line", () => {
    const kept = accepted("docker");
    for (const [name, value] of variables) expect(kept.has(name), name).toBe(!/[\r\n]/.test(value));
    const lines = formatVariables("docker", kept).split("\n");
    expect(lines.pop()).toBe("");
    const back = new Map(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
    expect(back).toEqual(kept);
  });
});
