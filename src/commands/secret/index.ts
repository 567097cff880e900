import type { CommandDef } from "citty";

/** `env-secrets aws secret <command>`, each loaded on demand. `import` is env-secrets 0.7's other name for upsert. */
export const secretCommands: Record<string, () => Promise<CommandDef>> = {
  create: () => import("./create.ts").then((m) => m.default as CommandDef),
  update: () => import("./update.ts").then((m) => m.default as CommandDef),
  upsert: () => import("./upsert.ts").then((m) => m.default as CommandDef),
  import: () => import("./upsert.ts").then((m) => m.default as CommandDef),
  append: () => import("./append.ts").then((m) => m.default as CommandDef),
  remove: () => import("./remove.ts").then((m) => m.default as CommandDef),
  list: () => import("./list.ts").then((m) => m.default as CommandDef),
  get: () => import("./get.ts").then((m) => m.default as CommandDef),
  value: () => import("./value.ts").then((m) => m.default as CommandDef),
  delete: () => import("./delete.ts").then((m) => m.default as CommandDef),
  restore: () => import("./restore.ts").then((m) => m.default as CommandDef),
};
