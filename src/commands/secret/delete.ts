import { usageError } from "../../errors.ts";
import { dateText, json, record } from "../../manage/render.ts";
import { writeStdout } from "../../output/stdout.ts";
import { defineCommand } from "../_command.ts";
import { commonArgs, nameArgs } from "./_args.ts";
import { outputFormat, requireName, withSecretsApi } from "./_context.ts";

/** Schedules a secret's deletion (7 to 30 days, default 30), or deletes it at once with --force-delete-without-recovery. */
export default defineCommand({
  meta: {
    name: "aws secret delete",
    description: "Delete a secret",
    usage: ["aws secret delete -n <name> -y [--recovery-days 7..30 | --force-delete-without-recovery]"],
  },
  args: {
    ...nameArgs,
    yes: { type: "boolean", alias: "y", description: "Confirm the deletion" },
    "recovery-days": { type: "string", description: "Days it can still be restored (7 to 30, default 30)", valueHint: "days" },
    "force-delete-without-recovery": { type: "boolean", description: "Delete at once; it cannot be restored" },
    ...commonArgs,
  },
  async run(args, context) {
    const name = requireName(args.name);
    const days = recoveryDays(args["recovery-days"]);
    const force = args["force-delete-without-recovery"];
    if (force && days !== undefined) throw usageError("--recovery-days and --force-delete-without-recovery cannot be combined", "choose one");
    if (!args.yes) throw usageError(`deleting ${name} needs -y`, `confirm with: env-secrets aws secret delete -n ${name} -y`);
    const deleted = await withSecretsApi(args, context, (api) => api.delete(name, force ? { force } : { recoveryDays: days ?? 30 }));
    if (outputFormat(args.output) === "json") {
      writeStdout(json({ name: deleted.name, arn: deleted.arn, deletionDate: deleted.deletionDate?.toISOString() ?? null, recoverable: !force }));
      return undefined;
    }
    writeStdout(
      record([
        ["deleted", deleted.name],
        ["arn", deleted.arn],
        ...(force
          ? [["recovery", "none (--force-delete-without-recovery)"] as [string, string]]
          : [["deletion on", dateText(deleted.deletionDate)] as [string, string], ["undo with", `env-secrets aws secret restore -n ${deleted.name}`] as [string, string]]),
      ]),
    );
    return undefined;
  },
});

function recoveryDays(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 7 || days > 30) throw usageError(`--recovery-days must be a whole number from 7 to 30, not '${text}'`, "AWS keeps a deleted secret restorable for 7 to 30 days (default 30)");
  return days;
}
