import { defineCommand } from "citty";
import { secretStringFor } from "../../manage/storage.ts";
import { commonArgs, metadataArgs, nameArgs, storageArgs, tagArgs, valueArgs } from "./_args.ts";
import { checkNewSecretName, outputFormat, parseTags, print, requireName, singleKey, withSecretsApi } from "./_context.ts";
import { valueFrom } from "./_value.ts";
import { writtenOutput } from "./_written.ts";

export default defineCommand({
  meta: {
    name: "aws secret create",
    description: "Create a secret: env-secrets aws secret create -n <name> (-v VALUE | --value-stdin | -f FILE | --prompt) [-d DESC] [-k KMS_KEY] [-t key=value ...]",
  },
  args: { ...nameArgs, ...valueArgs, ...storageArgs, ...metadataArgs, ...tagArgs, ...commonArgs },
  async run({ args }) {
    const name = checkNewSecretName(requireName(args.name));
    const storage = { raw: args.raw === true, key: singleKey(args.key as string | string[] | undefined) };
    const tags = parseTags(args.tag as string | string[] | undefined);
    const secretString = secretStringFor(name, await valueFrom(args, storage.key ?? name, true), storage);
    const written = await withSecretsApi(args, (api) =>
      api.create(name, secretString, {
        ...(args.description !== undefined ? { description: args.description } : {}),
        ...(args["kms-key-id"] !== undefined ? { kmsKeyId: args["kms-key-id"] } : {}),
        tags,
      }),
    );
    print(writtenOutput("created", written, outputFormat(args.output)));
  },
});
