import { defineCommand } from "citty";
import { valueOutput } from "../../manage/views.ts";
import { commonArgs, nameArgs } from "./_args.ts";
import { outputFormat, print, requireName, stdoutIsTerminal, warn, withSecretsApi } from "./_context.ts";

/** A secret's keys with their values masked, unless --reveal; JSON output carries the values. */
export default defineCommand({
  meta: { name: "aws secret value", description: "Show a secret's keys, values masked: env-secrets aws secret value -n <name> [--reveal]" },
  args: {
    ...nameArgs,
    reveal: { type: "boolean", description: "Show the values (JSON output always does)" },
    ...commonArgs,
  },
  async run({ args }) {
    const name = requireName(args.name);
    const format = outputFormat(args.output);
    const current = await withSecretsApi(args, (api) => api.readExisting(name));
    if ((format === "json" || args.reveal) && stdoutIsTerminal()) warn(`the values of ${current.name} are shown on your terminal`);
    print(valueOutput(current, format, args.reveal === true));
  },
});
