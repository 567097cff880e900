import type { Command } from "./_command.ts";

/**
 * Every command, by the words that name it, loaded on demand so that `--help`
 * and `--version` never load a command's dependencies. A new command is one
 * file (`export default defineCommand(...)`) and one line here.
 */
export const commands: Record<string, () => Promise<Command>> = {
  aws: () => import("./aws.ts").then((m) => m.default),
  completion: () => import("./completion.ts").then((m) => m.default),
};

/**
 * Words that will name commands but do not yet: right after `aws`, `secret`
 * and `policy` are never a program's name (a program called so goes after
 * `--`), so that scripts keep meaning the same when the commands arrive.
 */
export const reserved: readonly string[] = ["aws secret", "aws policy"];
