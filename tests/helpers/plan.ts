import type { CommandContext } from "../../src/commands/_command.ts";
import { parseOptions } from "../../src/commands/_parse.ts";
import { awsRunArgs, planRun } from "../../src/commands/aws-plan.ts";
import { thrownError } from "./errors.ts";

/** A context made up for the test: nothing comes from the test process's own environment. */
export function madeUpContext(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    env: { HOME: "/home/u", PATH: "/usr/bin" },
    cwd: "/work",
    home: "/home/u",
    platform: "linux",
    command: ["node", "app.js"],
    config: () => undefined,
    stdoutIsTerminal: () => false,
    stderrIsTerminal: () => false,
    readStdin: async () => new Uint8Array(),
    stdinStream: () => new Blob([]).stream(),
    ...overrides,
  };
}

/** The plan of `env-secrets aws <words> -- node app.js` in a made-up context. */
export const plan = (words: string[], overrides: Partial<CommandContext> = {}) => planRun(parseOptions(awsRunArgs, words), madeUpContext(overrides));

/** The usage error `plan` throws for these words. */
export const usage = (words: string[], overrides: Partial<CommandContext> = {}) => thrownError(() => plan(words, overrides), "usage").message;
