import type { AwsSettings } from "../aws/options/settings.ts";
import { usageError } from "../errors.ts";
import { log } from "../log/logger.ts";
import { writeStdout } from "../output/stdout.ts";
import { type GeneratedPolicy, generatePolicy } from "../policy/generate.ts";
import { offlineTargets } from "../policy/targets.ts";
import { parseSecretRef, type SecretRef } from "../secrets/reference.ts";
import { awsConnectionArgs, configArgs, loggingArgs, secretArgs } from "./_args.ts";
import { awsSettingsFrom, inAwsSession } from "./_aws.ts";
import { type CommandContext, defineCommand } from "./_command.ts";

/**
 * `env-secrets aws policy`: the least-privilege IAM policy a runner needs for
 * the secrets of a run (`-s`, or the config file's, exactly as `aws` takes
 * them), on stdout as a document for `aws iam put-role-policy`; what it
 * assumes and why it looks as it does, on stderr.
 */
export default defineCommand({
  meta: {
    name: "aws policy",
    description: "Print the least-privilege IAM policy for the secrets of a run",
    usage: ["aws policy -s <secret> [-s ...] [--batch] [--offline]"],
  },
  args: {
    ...secretArgs,
    batch: { type: "boolean", description: "Also allow BatchGetSecretValue (needed by runs with --batch)" },
    offline: { type: "boolean", description: "Make no AWS call: account, region and KMS keys only as the references say them" },
    watch: { type: "boolean", description: "Also allow DescribeSecret on the secrets, for runs with --watch (implied by watch: in the config file)" },
    ...awsConnectionArgs,
    ...configArgs,
    ...loggingArgs,
  },
  async run(args, context) {
    const config = context.config();
    const refs: SecretRef[] = args.secret.length > 0 ? args.secret.map(parseSecretRef) : (config?.secrets ?? []);
    if (refs.length === 0) throw usageError("no secret given", "name one with -s <name-or-arn>, or list them under secrets: in .env-secrets.yml");
    const options = { batch: args.batch || config?.batch === true, offline: args.offline, watch: args.watch || config?.watch !== undefined };
    const targets = options.offline
      ? offlineTargets(refs, args.region ?? config?.region ?? context.env.AWS_REGION ?? context.env.AWS_DEFAULT_REGION)
      : await describedTargets(refs, awsSettingsFrom(args, context.env, config), context);
    printPolicy(generatePolicy(targets, options));
    return undefined;
  },
});

/** Each secret described in the region a run would read it from (the SDK loads only here). */
async function describedTargets(refs: SecretRef[], settings: AwsSettings, context: CommandContext) {
  const { describedTargets } = await import("../policy/resolve.ts");
  const fallbackRegion = refs.find((ref) => ref.arnRegion)?.arnRegion;
  return inAwsSession(settings, { ...context, fallbackRegion }, (session) => describedTargets(refs, session, settings.endpoint));
}

function printPolicy({ policy, notes }: GeneratedPolicy): void {
  writeStdout(`${JSON.stringify(policy, null, 2)}\n`);
  for (const note of notes) log.info(note);
}
