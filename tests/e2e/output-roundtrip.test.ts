/**
 * Property test through the compiled binary: a secret of hundreds of random
 * values (all of Unicode, quotes, backslashes, $, backticks, line breaks,
 * spaces at either end, =, #, empty) written with -o in each format and read
 * back by the real consumer. The unit property tests cover thousands more
 * values against the same consumers without the binary.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { encodeDotenvValue } from "../../src/output/dotenv.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { parseGithubEnvFile } from "../helpers/github-env.ts";
import { randomVariables } from "../helpers/random-values.ts";
import { awsEnv, runBinary, scratchDir } from "../helpers/run.ts";
import { shellAvailable, sourceInShell } from "../helpers/shells.ts";

const fake = useFakeAws();
const SEED = Number(process.env.ROUNDTRIP_SEED ?? Date.now() % 100_000);
const all = randomVariables(SEED, 300);

async function writeWith(format: string, variables: Map<string, string>): Promise<string> {
  const name = `roundtrip/${format}`;
  fake().seed({ name, secretString: JSON.stringify(Object.fromEntries(variables)) });
  const file = join(scratchDir(), `out.${format}`);
  const result = await runBinary(["aws", "-s", name, "-o", file, "--format", format], { env: awsEnv(fake().url) });
  expect(result.stderr).toBe(`env-secrets: wrote ${variables.size} variables to ${file} (${format} format, mode 0400)\n`);
  expect(result.exitCode).toBe(0);
  return file;
}

describe(`random values through the binary, seed ${SEED} (replay with ROUNDTRIP_SEED=${SEED})`, () => {
  test("shell: sh, dash, bash and zsh (where installed) source back every value", async () => {
    const file = await writeWith("shell", all);
    for (const shell of ["sh", "dash", "bash", "zsh"].filter(shellAvailable)) {
      expect(sourceInShell(shell, file, [...all.keys()])).toEqual(all);
    }
  });

  test("dotenv: the npm dotenv parser reads back every value the format accepts", async () => {
    const accepted = new Map([...all].filter(([, value]) => encodeDotenvValue(value) !== undefined));
    const file = await writeWith("dotenv", accepted);
    expect(new Map(Object.entries(parseDotenv(readFileSync(file, "utf8"))))).toEqual(accepted);
  });

  test("json", async () => {
    const file = await writeWith("json", all);
    expect(new Map(Object.entries(JSON.parse(readFileSync(file, "utf8"))))).toEqual(all);
  });

  test("github: the runner's reading gives back every value without a carriage return", async () => {
    const accepted = new Map([...all].filter(([, value]) => !value.includes("\r")));
    const file = await writeWith("github", accepted);
    expect(parseGithubEnvFile(readFileSync(file, "utf8"))).toEqual(accepted);
  });
});
