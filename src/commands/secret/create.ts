import { secretStringFor } from "../../manage/storage.ts";
import { writeStdout } from "../../output/stdout.ts";
import { defineCommand } from "../_command.ts";
import { commonArgs, metadataArgs, nameArgs, storageArgs, tagArgs, valueArgs } from "./_args.ts";
import { checkNewSecretName, outputFormat, parseTags, requireName, singleKey, withSecretsApi } from "./_context.ts";
import { valueFrom } from "./_value.ts";
import { writtenOutput } from "./_written.ts";

export default defineCommand({
  meta: {
    name: "aws secret create",
    description: "Create a secret",
    usage: ["aws secret create -n <name> (-v VALUE | --value-stdin | -f FILE | --prompt) [-d DESC] [-k KMS_KEY] [-t key=value ...]"],
  },
  args: { ...nameArgs, ...valueArgs, ...storageArgs, ...metadataArgs, ...tagArgs, ...commonArgs },
  async run(args, context) {
    const name = checkNewSecretName(requireName(args.name));
    const storage = { raw: args.raw, key: singleKey(args.key) };
    const tags = parseTags(args.tag);
    const secretString = secretStringFor(name, await valueFrom(args, storage.key ?? name, true, context), storage);
    const written = await withSecretsApi(args, context, (api) =>
      api.create(name, secretString, {
        ...(args.description !== undefined ? { description: args.description } : {}),
        ...(args["kms-key-id"] !== undefined ? { kmsKeyId: args["kms-key-id"] } : {}),
        tags,
      }),
    );
    writeStdout(writtenOutput("created", written, outputFormat(args.output)));
    return undefined;
  },
});
