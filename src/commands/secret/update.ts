import { usageError } from "../../errors.ts";
import { secretStringFor } from "../../manage/storage.ts";
import { writeStdout } from "../../output/stdout.ts";
import { defineCommand } from "../_command.ts";
import { commonArgs, metadataArgs, nameArgs, storageArgs, valueArgs } from "./_args.ts";
import { outputFormat, requireName, singleKey, withSecretsApi } from "./_context.ts";
import { valueFrom } from "./_value.ts";
import { writtenOutput } from "./_written.ts";

/** Replaces the value (stored by the same rule as create), the description or the KMS key. */
export default defineCommand({
  meta: {
    name: "aws secret update",
    description: "Change a secret's value, description or KMS key",
    usage: ["aws secret update -n <name> [value source] [-d DESC] [-k KMS_KEY]"],
  },
  args: { ...nameArgs, ...valueArgs, ...storageArgs, ...metadataArgs, ...commonArgs },
  async run(args, context) {
    const name = requireName(args.name);
    const storage = { raw: args.raw, key: singleKey(args.key) };
    const value = await valueFrom(args, storage.key ?? name, false, context);
    if (value === undefined && args.description === undefined && args["kms-key-id"] === undefined) {
      throw usageError("nothing to update", "give a new value (-v, --value-stdin, -f FILE or --prompt), a description (-d) or a KMS key (-k)");
    }
    const secretString = value === undefined ? undefined : secretStringFor(name, value, storage);
    const written = await withSecretsApi(args, context, (api) =>
      api.update(name, {
        ...(secretString !== undefined ? { secretString } : {}),
        ...(args.description !== undefined ? { description: args.description } : {}),
        ...(args["kms-key-id"] !== undefined ? { kmsKeyId: args["kms-key-id"] } : {}),
      }),
    );
    writeStdout(writtenOutput("updated", written, outputFormat(args.output)));
    return undefined;
  },
});
