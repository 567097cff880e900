import { defineCommand } from "citty";
import { getOutput } from "../../manage/views.ts";
import { commonArgs, nameArgs } from "./_args.ts";
import { outputFormat, print, requireName, withSecretsApi } from "./_context.ts";

/** A secret's metadata (DescribeSecret): never its value. */
export default defineCommand({
  meta: { name: "aws secret get", description: "Show a secret's metadata, never its value: env-secrets aws secret get -n <name>" },
  args: { ...nameArgs, ...commonArgs },
  async run({ args }) {
    const name = requireName(args.name);
    const described = await withSecretsApi(args, (api) => api.describe(name));
    print(getOutput(described, outputFormat(args.output)));
  },
});
