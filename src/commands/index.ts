import type { CommandDef } from "citty";

/** Loaded on demand, so `--help` and `--version` never load a command's dependencies. */
export const commands: Record<string, () => Promise<CommandDef>> = {
  aws: () => import("./aws.ts").then((m) => m.default as CommandDef),
};
