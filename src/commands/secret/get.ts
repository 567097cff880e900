import { getOutput } from "../../manage/views.ts";
import { writeStdout } from "../../output/stdout.ts";
import { defineCommand } from "../_command.ts";
import { commonArgs, nameArgs } from "./_args.ts";
import { outputFormat, requireName, withSecretsApi } from "./_context.ts";

/** A secret's metadata (DescribeSecret): never its value. */
export default defineCommand({
  meta: {
    name: "aws secret get",
    description: "Show a secret's metadata, never its value",
    usage: ["aws secret get -n <name>"],
  },
  args: { ...nameArgs, ...commonArgs },
  async run(args, context) {
    const name = requireName(args.name);
    const described = await withSecretsApi(args, context, (api) => api.describe(name));
    writeStdout(getOutput(described, outputFormat(args.output)));
    return undefined;
  },
});
