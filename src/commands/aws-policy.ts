import { defineCommand } from "citty";
import { configForRun } from "../config/resolve.ts";
import { usageError } from "../errors.ts";
import { log } from "../log/logger.ts";
import { type GeneratedPolicy, generatePolicy } from "../policy/generate.ts";
import { offlineTargets } from "../policy/targets.ts";
import { parseSecretRef, type SecretRef } from "../secrets/reference.ts";
import { configArgs, loggingArgs } from "./_args.ts";
import { connectionArgs } from "./secret/_args.ts";
import { awsSettings, env, print } from "./secret/_context.ts";

/**
 * `env-secrets aws policy`: the least-privilege IAM policy a runner needs for
 * the secrets of a run (`-s`, or the config file's, exactly as `aws` takes
 * them), on stdout as a document for `aws iam put-role-policy`; what it
 * assumes and why it looks as it does, on stderr.
 */
export default defineCommand({
  meta: {
    name: "aws policy",
    description: "Print the least-privilege IAM policy for the secrets of a run: env-secrets aws policy -s <secret> [-s ...] [--batch] [--offline]",
  },
  args: {
    secret: { type: "string", alias: "s", description: "A secret of the run: [VAR=]<name-or-arn>[#KEY] (repeatable; default: the config file's)", valueHint: "ref" },
    batch: { type: "boolean", description: "Also allow BatchGetSecretValue (needed by runs with --batch)" },
    offline: { type: "boolean", description: "Make no AWS call: account, region and KMS keys only as the references say them" },
    ...connectionArgs,
    ...configArgs,
    ...loggingArgs,
  },
  async run({ args }) {
    const config = configForRun({ file: args.config, disabled: args["no-config"] === true }, process.cwd(), env().HOME);
    const given = args.secret as string | string[] | undefined;
    const secretArgs = given === undefined ? [] : Array.isArray(given) ? given : [given];
    const refs: SecretRef[] = secretArgs.length > 0 ? secretArgs.map(parseSecretRef) : (config?.secrets ?? []);
    if (refs.length === 0) throw usageError("no secret given", "name one with -s <name-or-arn>, or list them under secrets: in .env-secrets.yml");
    const connection = { ...args, region: args.region ?? config?.region, profile: args.profile ?? config?.profile };
    const options = { batch: args.batch === true, offline: args.offline === true };
    const targets = options.offline
      ? offlineTargets(refs, connection.region ?? env().AWS_REGION ?? env().AWS_DEFAULT_REGION)
      : await (await import("../policy/resolve.ts")).describedTargets(refs, awsSettings(connection), env());
    printPolicy(generatePolicy(targets, options));
  },
});

function printPolicy({ policy, notes }: GeneratedPolicy): void {
  print(`${JSON.stringify(policy, null, 2)}\n`);
  for (const note of notes) log.info(note);
}
