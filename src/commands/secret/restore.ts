import { defineCommand } from "citty";
import { json, record } from "../../manage/render.ts";
import { commonArgs, nameArgs } from "./_args.ts";
import { outputFormat, print, requireName, withSecretsApi } from "./_context.ts";

/** Cancels a scheduled deletion. */
export default defineCommand({
  meta: { name: "aws secret restore", description: "Cancel a secret's scheduled deletion: env-secrets aws secret restore -n <name>" },
  args: { ...nameArgs, ...commonArgs },
  async run({ args }) {
    const name = requireName(args.name);
    const restored = await withSecretsApi(args, (api) => api.restore(name));
    if (outputFormat(args.output) === "json") print(json({ name: restored.name, arn: restored.arn }));
    else print(record([["restored", restored.name], ["arn", restored.arn]]));
  },
});
