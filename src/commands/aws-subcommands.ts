import { type CommandDef, defineCommand } from "citty";
import { usageError } from "../errors.ts";
import { loggingArgs } from "./_args.ts";
import { SECRET_REPEATABLE } from "./secret/_args.ts";
import { secretCommands } from "./secret/index.ts";

/**
 * Commands below `env-secrets aws`: `aws secret <command>` and `aws policy`.
 * Anything else after `aws` is the run itself. Returns the command, the words
 * left for its options, and which of its options are repeatable.
 */
export interface Routed {
  cmd: CommandDef;
  rest: string[];
  repeatable: readonly string[];
}

const secretGroup = defineCommand({
  meta: { name: "aws secret", description: "Manage secrets: env-secrets aws secret <create|update|upsert|append|remove|list|get|value|delete|restore> [options]" },
  args: loggingArgs,
  subCommands: secretCommands,
  run() {
    throw usageError("no secret command given", `commands: ${Object.keys(secretCommands).join(", ")}; see 'env-secrets aws secret --help'`);
  },
});

export async function routeAwsSubcommand(rest: string[]): Promise<Routed | undefined> {
  const [first, second, ...more] = rest;
  if (first === "policy") {
    return { cmd: await import("./aws-policy.ts").then((m) => m.default as CommandDef), rest: rest.slice(1), repeatable: ["secret"] };
  }
  if (first !== "secret") return undefined;
  if (second === undefined || second.startsWith("-")) return { cmd: secretGroup as CommandDef, rest: rest.slice(1), repeatable: [] };
  const load = Object.hasOwn(secretCommands, second) ? secretCommands[second] : undefined;
  if (!load) throw usageError(`unknown secret command '${second}'`, `commands: ${Object.keys(secretCommands).join(", ")}`);
  return { cmd: await load(), rest: more, repeatable: SECRET_REPEATABLE };
}
