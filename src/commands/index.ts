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
  completion: () => import("./completion.ts").then((m) => m.default),
  mcp: () => import("./mcp.ts").then((m) => m.default),
};

/**
 * Words that will name commands but do not yet: a program of that name goes
 * after `--`, so that scripts keep meaning the same when the commands arrive.
 */
export const reserved: readonly string[] = [];
