import { startProgress } from "../../manage/progress.ts";
import { listOutput } from "../../manage/views.ts";
import { writeStdout } from "../../output/stdout.ts";
import { defineCommand } from "../_command.ts";
import { commonArgs, tagArgs } from "./_args.ts";
import { outputFormat, parseTags, withSecretsApi } from "./_context.ts";

/** Names and dates of secrets, filtered by AWS (name prefix, tags), every page. */
export default defineCommand({
  meta: { name: "aws secret list", description: "List secrets",
    usage: ["aws secret list [--prefix P] [-t key=value ...]"] },
  args: {
    prefix: { type: "string", description: "Only secrets whose name starts with this", valueHint: "prefix" },
    ...tagArgs,
    ...commonArgs,
  },
  async run(args, context) {
    const tags = parseTags(args.tag);
    const progress = startProgress("listing secrets…", { terminal: context.stderrIsTerminal() });
    try {
      const entries = await withSecretsApi(args, context, (api) =>
        api.list({ ...(args.prefix ? { prefix: args.prefix } : {}), tags }, (count) => progress.update(`listing secrets… ${count} so far`)),
      );
      progress.stop();
      writeStdout(listOutput(entries, outputFormat(args.output)));
    } finally {
      progress.stop();
    }
    return undefined;
  },
});
