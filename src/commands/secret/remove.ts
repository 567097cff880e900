import { usageError } from "../../errors.ts";
import { log } from "../../log/logger.ts";
import { removeKeys } from "../../manage/keys.ts";
import { json, record } from "../../manage/render.ts";
import { writeStdout } from "../../output/stdout.ts";
import { serializeSecretObject } from "../../secrets/secret-object.ts";
import { defineCommand } from "../_command.ts";
import { commonArgs, nameArgs } from "./_args.ts";
import { outputFormat, requireName, withSecretsApi } from "./_context.ts";
import { objectOf } from "./_object.ts";

/** Removes keys from a JSON-object secret; never every key. */
export default defineCommand({
  meta: {
    name: "aws secret remove",
    description: "Remove keys from a JSON-object secret",
    usage: ["aws secret remove -n <name> --key KEY [--key KEY2 ...]"],
  },
  args: {
    ...nameArgs,
    key: { type: "string", repeatable: true, description: "A key to remove (repeatable)", valueHint: "KEY" },
    ...commonArgs,
  },
  async run(args, context) {
    const name = requireName(args.name);
    const keys = args.key;
    if (keys.length === 0 || keys.includes("")) throw usageError("no key given", "name each key to remove with --key KEY");
    const result = await withSecretsApi(args, context, async (api) => {
      const current = await api.readExisting(name, "PutSecretValue");
      const change = removeKeys(current.name, objectOf(current, "remove"), [...keys]);
      const written = await api.replace(current, serializeSecretObject(change.object));
      return { ...written, removed: change.removed, missing: change.missing };
    });
    if (result.missing.length > 0) log.warn(`${result.name} has no key ${result.missing.join(", ")}`);
    if (outputFormat(args.output) === "json") {
      writeStdout(json({ name: result.name, arn: result.arn, removed: result.removed, missing: result.missing, versionId: result.versionId ?? null }));
    } else {
      writeStdout(record([["removed", result.removed.join(", ")], ["missing", result.missing.join(", ")], ["secret", result.name], ["version", result.versionId]]));
    }
    return undefined;
  },
});
