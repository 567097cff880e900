import type { RunData } from "../commands/aws-plan.ts";
import { configChoiceFromArgv, configForRun } from "./resolve.ts";

/**
 * `env-secrets -- cmd`, `env-secrets [options] -- cmd` and `env-secrets cmd args`
 * run as `env-secrets aws ...` when the config file says `provider: aws`.
 * Only `head`, the words before the first `--`, is looked at; `command` is
 * what follows it. Returns undefined when there is no such config (the caller
 * reports the unknown command as before).
 */
export async function dispatchToAws(argv: string[], head: string[], command: string[]): Promise<{ rest: string[]; data: RunData } | undefined> {
  const first = head[0];
  const optionsFirst = first === undefined || first.startsWith("-");
  const config = configForRun(optionsFirst ? configChoiceFromArgv(head) : {}, process.cwd(), process.env.HOME);
  if (config?.provider !== "aws") return undefined;
  // A program name first: it and everything after it (a `--` included) is the command.
  return optionsFirst ? { rest: head, data: { command, config } } : { rest: [], data: { command: argv, config } };
}
