import { log } from "../../log/logger.ts";
import { valueOutput } from "../../manage/views.ts";
import { writeStdout } from "../../output/stdout.ts";
import { defineCommand } from "../_command.ts";
import { commonArgs, nameArgs } from "./_args.ts";
import { outputFormat, requireName, withSecretsApi } from "./_context.ts";

/** A secret's keys with their values masked, unless --reveal; JSON output carries the values. */
export default defineCommand({
  meta: { name: "aws secret value", description: "Show a secret's keys, values masked",
    usage: ["aws secret value -n <name> [--reveal]"] },
  args: {
    ...nameArgs,
    reveal: { type: "boolean", description: "Show the values (JSON output always does)" },
    ...commonArgs,
  },
  async run(args, context) {
    const name = requireName(args.name);
    const format = outputFormat(args.output);
    const current = await withSecretsApi(args, context, (api) => api.readExisting(name));
    if ((format === "json" || args.reveal) && context.stdoutIsTerminal()) log.warn(`the values of ${current.name} are shown on your terminal`);
    writeStdout(valueOutput(current, format, args.reveal));
    return undefined;
  },
});
