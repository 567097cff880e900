/**
 * `env-secrets completion bash|zsh|fish`, from the compiled binary: each
 * script passes its shell's syntax check, and the bash script, driven the way
 * bash drives it (COMP_WORDS, COMP_CWORD, the function `complete` names),
 * offers what the command definitions say.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FORMATS } from "../../src/output/formats.ts";
import { shellAvailable } from "../helpers/shells.ts";
import { runBinary, scratchDir } from "../helpers/run.ts";
import { noteSkip } from "../helpers/skips.ts";

const SYNTAX_CHECK: Record<string, string[]> = { bash: ["bash", "-n"], zsh: ["zsh", "-n"], fish: ["fish", "--no-execute"] };

async function script(shell: string): Promise<string> {
  const result = await runBinary(["completion", shell]);
  expect([result.exitCode, result.stderr]).toEqual([0, ""]);
  const file = join(scratchDir(), `env-secrets.${shell}`);
  writeFileSync(file, result.stdout);
  return file;
}

describe("each script passes its shell's syntax check", () => {
  for (const [shell, check] of Object.entries(SYNTAX_CHECK)) {
    const available = shellAvailable(shell);
    if (!available) noteSkip(import.meta.path, `${shell} is missing (Debian package ${shell})`);
    test.skipIf(!available)(`${shell}${available ? "" : ` (skipped: install the ${shell} package; scripts/install-test-deps.sh does)`}`, async () => {
      const file = await script(shell);
      const proc = Bun.spawnSync({ cmd: [...check, file], stdout: "pipe", stderr: "pipe" });
      expect([proc.exitCode, proc.stderr.toString()]).toEqual([0, ""]);
    });
  }
});

describe("bash completes from the command definitions", () => {
  /** What the completion function offers for the words typed, the last being the word under the cursor. */
  async function offered(file: string, ...words: string[]): Promise<string[]> {
    const driver = `source "$1" || exit 99
shift
complete -p env-secrets >/dev/null || exit 98
COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=()
_env_secrets
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const proc = Bun.spawnSync({ cmd: ["bash", "-c", driver, "bash", file, "env-secrets", ...words], stdout: "pipe", stderr: "pipe", cwd: scratchDir() });
    expect([proc.exitCode, proc.stderr.toString()]).toEqual([0, ""]);
    return proc.stdout.toString().split("\n").filter(Boolean);
  }

  test("env-secrets aws --se<TAB> offers --secret; commands, flag values and the program", async () => {
    const file = await script("bash");
    expect(await offered(file, "aws", "--se")).toEqual(["--secret"]);
    expect(await offered(file, "")).toEqual(["aws", "completion", "mcp", "help"]);
    expect(await offered(file, "aws", "-s", "app", "--format", "")).toEqual([...FORMATS]);
    expect(await offered(file, "aws", "--format", "d")).toEqual(["dotenv", "docker"]);
    expect(await offered(file, "completion", "")).toEqual(["bash", "zsh", "fish"]);
    expect(await offered(file, "help", "")).toEqual(["aws", "completion", "mcp"]);
    // A value is not a command word: `-s node` names a secret, and the flags still follow.
    expect(await offered(file, "aws", "-s", "node", "--no-c")).toEqual(["--no-config", "--no-ci-mask"]);
    // After --, the program's name completes as a command.
    expect(await offered(file, "aws", "-s", "app", "--", "printen")).toContain("printenv");
  });
});

describe("fish completes from the command definitions", () => {
  const available = shellAvailable("fish");
  test.skipIf(!available)(`complete -C offers flags with their descriptions, and values${available ? "" : " (skipped: install the fish package)"}`, async () => {
    const file = await script("fish");
    const complete = (line: string) => {
      const proc = Bun.spawnSync({ cmd: ["fish", "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, file, line], stdout: "pipe", stderr: "pipe" });
      expect(proc.stderr.toString()).toBe("");
      return proc.stdout.toString().split("\n").filter(Boolean);
    };
    expect(complete("env-secrets aws --se")).toEqual(["--secret\tSecret to read: [VAR=][dotenv:]<name-or-arn>[#KEY] (repeatable; a later secret wins on a shared name; dotenv: reads KEY=value lines)"]);
    expect(complete("env-secrets aws --format ").map((line) => line.split("\t")[0])).toEqual([...FORMATS].sort());
    expect(complete("env-secrets completion ").map((line) => line.split("\t")[0])).toEqual(["bash", "fish", "zsh"]);
  });
});
