import { defineCommand } from "citty";
import { isatty } from "../../io/lazy-node.ts";
import { startProgress } from "../../manage/progress.ts";
import { listOutput } from "../../manage/views.ts";
import { commonArgs, tagArgs } from "./_args.ts";
import { outputFormat, parseTags, print, withSecretsApi } from "./_context.ts";

/** Names and dates of secrets, filtered by AWS (name prefix, tags), every page. */
export default defineCommand({
  meta: { name: "aws secret list", description: "List secrets: env-secrets aws secret list [--prefix P] [-t key=value ...]" },
  args: {
    prefix: { type: "string", description: "Only secrets whose name starts with this", valueHint: "prefix" },
    ...tagArgs,
    ...commonArgs,
  },
  async run({ args }) {
    const tags = parseTags(args.tag as string | string[] | undefined);
    const progress = startProgress("listing secrets…", { terminal: isatty(2) });
    try {
      const entries = await withSecretsApi(args, (api) =>
        api.list({ ...(args.prefix ? { prefix: args.prefix } : {}), tags }, (count) => progress.update(`listing secrets… ${count} so far`)),
      );
      progress.stop();
      print(listOutput(entries, outputFormat(args.output)));
    } finally {
      progress.stop();
    }
  },
});
