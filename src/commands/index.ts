import type { Command } from "./_command.ts";

/**
 * Every command, by the words that name it, loaded on demand so that `--help`
 * and `--version` never load a command's dependencies. A new command is one
 * file (`export default defineCommand(...)`) and one line here.
 */
export const commands: Record<string, () => Promise<Command>> = {
  aws: () => import("./aws.ts").then((m) => m.default),
  "aws secret create": () => import("./secret/create.ts").then((m) => m.default),
  "aws secret update": () => import("./secret/update.ts").then((m) => m.default),
  "aws secret upsert": () => import("./secret/upsert.ts").then((m) => m.default),
  // env-secrets 0.7's other name for upsert.
  "aws secret import": () => import("./secret/upsert.ts").then((m) => m.default),
  "aws secret append": () => import("./secret/append.ts").then((m) => m.default),
  "aws secret remove": () => import("./secret/remove.ts").then((m) => m.default),
  "aws secret list": () => import("./secret/list.ts").then((m) => m.default),
  "aws secret get": () => import("./secret/get.ts").then((m) => m.default),
  "aws secret value": () => import("./secret/value.ts").then((m) => m.default),
  "aws secret delete": () => import("./secret/delete.ts").then((m) => m.default),
  "aws secret restore": () => import("./secret/restore.ts").then((m) => m.default),
  "aws policy": () => import("./aws-policy.ts").then((m) => m.default),
  mcp: () => import("./mcp.ts").then((m) => m.default),
};

/**
 * Words that will name commands but do not yet: a program of that name goes
 * after `--`, so that scripts keep meaning the same when the commands arrive.
 */
export const reserved: readonly string[] = [];

/** Words that lead to several commands, and what their help says of them. */
const groups: Record<string, string> = {
  "aws secret": "Manage secrets in AWS Secrets Manager: env-secrets aws secret <command> [options]",
};

/** What a help text lists: a command, or a group of commands, with its description. */
export interface HelpEntry {
  meta: { name: string; description: string };
}

/** A group's help: its name, its description, and the commands below it (by the word after the group's). */
export interface HelpGroup {
  meta: { name: string; description: string };
  subCommands: Record<string, () => Promise<HelpEntry>>;
}

/** `env-secrets aws secret --help`: the group named by `words`, if they name one. */
export function helpGroup(words: string): HelpGroup | undefined {
  const description = groups[words];
  return description === undefined ? undefined : { meta: { name: words, description }, subCommands: listedBelow(words) };
}

/**
 * The entries of a help listing below `prefix` ("" for env-secrets itself):
 * each command by the words after the prefix, a group as one entry.
 */
export function listedBelow(prefix: string): Record<string, () => Promise<HelpEntry>> {
  const entries: Record<string, () => Promise<HelpEntry>> = {};
  const start = prefix === "" ? "" : `${prefix} `;
  for (const [name, load] of Object.entries(commands)) {
    if (!name.startsWith(start)) continue;
    const group = Object.keys(groups).find((words) => words.startsWith(start) && name.startsWith(`${words} `));
    if (group === undefined) entries[name.slice(start.length)] = load;
    else entries[group.slice(start.length)] ??= async () => ({ meta: { name: group, description: groups[group]! } });
  }
  return entries;
}
