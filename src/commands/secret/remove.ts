import { defineCommand } from "citty";
import { usageError } from "../../errors.ts";
import { removeKeys } from "../../manage/keys.ts";
import { json, record } from "../../manage/render.ts";
import { serializeSecretObject } from "../../manage/secret-object.ts";
import { commonArgs, nameArgs } from "./_args.ts";
import { outputFormat, print, requireName, warn, withSecretsApi } from "./_context.ts";
import { objectOf } from "./_object.ts";

/** Removes keys from a JSON-object secret; never every key. */
export default defineCommand({
  meta: {
    name: "aws secret remove",
    description: "Remove keys from a JSON-object secret: env-secrets aws secret remove -n <name> --key KEY [--key KEY2 ...]",
  },
  args: {
    ...nameArgs,
    key: { type: "string", description: "A key to remove (repeatable)", valueHint: "KEY" },
    ...commonArgs,
  },
  async run({ args }) {
    const name = requireName(args.name);
    const raw = args.key as string | string[] | undefined;
    const keys = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (keys.length === 0 || keys.includes("")) throw usageError("no key given", "name each key to remove with --key KEY");
    const result = await withSecretsApi(args, async (api) => {
      const current = await api.readExisting(name, "PutSecretValue");
      const change = removeKeys(current.name, objectOf(current, "remove"), keys);
      const written = await api.replace(current, serializeSecretObject(change.object));
      return { ...written, removed: change.removed, missing: change.missing };
    });
    if (result.missing.length > 0) warn(`${result.name} has no key ${result.missing.join(", ")}`);
    if (outputFormat(args.output) === "json") {
      print(json({ name: result.name, arn: result.arn, removed: result.removed, missing: result.missing, versionId: result.versionId ?? null }));
    } else {
      print(record([["removed", result.removed.join(", ")], ["missing", result.missing.join(", ")], ["secret", result.name], ["version", result.versionId]]));
    }
  },
});
