import { usageError } from "../../errors.ts";
import { setKey } from "../../manage/keys.ts";
import { json, record } from "../../manage/render.ts";
import { writeStdout } from "../../output/stdout.ts";
import { serializeSecretObject } from "../../secrets/secret-object.ts";
import { defineCommand } from "../_command.ts";
import { commonArgs, nameArgs, valueArgs } from "./_args.ts";
import { outputFormat, requireName, singleKey, withSecretsApi } from "./_context.ts";
import { objectOf } from "./_object.ts";
import { valueFrom } from "./_value.ts";

/** Sets one key of a JSON-object secret; every other key keeps its value exactly. */
export default defineCommand({
  meta: {
    name: "aws secret append",
    description: "Set one key of a JSON-object secret",
    usage: ["aws secret append -n <name> --key KEY (-v VALUE | --value-stdin | -f FILE | --prompt)"],
  },
  args: {
    ...nameArgs,
    key: { type: "string", repeatable: true, description: "The key to set", valueHint: "KEY" },
    ...valueArgs,
    ...commonArgs,
  },
  async run(args, context) {
    const name = requireName(args.name);
    const key = singleKey(args.key);
    if (key === undefined || key === "") throw usageError("no key given", "name the key to set with --key KEY");
    const value = await valueFrom(args, key, true, context);
    const result = await withSecretsApi(args, context, async (api) => {
      const current = await api.readExisting(name, "PutSecretValue");
      const change = setKey(objectOf(current, "append"), key, value);
      const written = change.action === "unchanged" ? { arn: current.arn, name: current.name } : await api.replace(current, serializeSecretObject(change.object));
      return { ...written, action: change.action };
    });
    if (outputFormat(args.output) === "json") {
      writeStdout(json({ name: result.name, arn: result.arn, key, action: result.action, versionId: result.versionId ?? null }));
    } else {
      writeStdout(record([[`key ${result.action}`, key], ["secret", result.name], ["version", result.versionId ?? "unchanged: nothing written"]]));
    }
    return undefined;
  },
});
