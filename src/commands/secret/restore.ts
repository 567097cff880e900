import { json, record } from "../../manage/render.ts";
import { writeStdout } from "../../output/stdout.ts";
import { defineCommand } from "../_command.ts";
import { commonArgs, nameArgs } from "./_args.ts";
import { outputFormat, requireName, withSecretsApi } from "./_context.ts";

/** Cancels a scheduled deletion. */
export default defineCommand({
  meta: {
    name: "aws secret restore",
    description: "Cancel a secret's scheduled deletion",
    usage: ["aws secret restore -n <name>"],
  },
  args: { ...nameArgs, ...commonArgs },
  async run(args, context) {
    const name = requireName(args.name);
    const restored = await withSecretsApi(args, context, (api) => api.restore(name));
    if (outputFormat(args.output) === "json") writeStdout(json({ name: restored.name, arn: restored.arn }));
    else writeStdout(record([["restored", restored.name], ["arn", restored.arn]]));
    return undefined;
  },
});
