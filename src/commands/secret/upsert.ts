import { usageError } from "../../errors.ts";
import { log } from "../../log/logger.ts";
import { readEnvFile } from "../../manage/env-file.ts";
import { startProgress } from "../../manage/progress.ts";
import { registerSecretText } from "../../manage/register.ts";
import { json, type OutputFormat, table } from "../../manage/render.ts";
import { planUpsert, type UpsertRow, upsertCounts } from "../../manage/upsert.ts";
import { readTextFile } from "../../manage/value-source.ts";
import { writeStdout } from "../../output/stdout.ts";
import { serializeSecretObject } from "../../secrets/secret-object.ts";
import { defineCommand } from "../_command.ts";
import { commonArgs, metadataArgs, nameArgs, tagArgs } from "./_args.ts";
import { checkNewSecretName, outputFormat, parseTags, requireName, withSecretsApi } from "./_context.ts";
import { objectOf } from "./_object.ts";

/**
 * Creates the secret from an env file, or merges the file's keys over its
 * JSON object. A read-modify-write: it writes only if AWSCURRENT is still the
 * version it read, and only when some key changed.
 */
export default defineCommand({
  meta: {
    name: "aws secret upsert",
    description: "Create a secret from an env file, or merge the file's keys into it (also: aws secret import)",
    usage: ["aws secret upsert -n <name> -f .env [-d DESC] [-k KMS_KEY] [-t key=value ...]"],
  },
  args: {
    ...nameArgs,
    file: { type: "string", alias: "f", description: "The env file: KEY=value lines (export, quotes, # comments)", valueHint: "file" },
    ...metadataArgs,
    ...tagArgs,
    ...commonArgs,
  },
  async run(args, context) {
    const name = requireName(args.name);
    if (args.file === undefined) throw usageError("no env file given", "name it with -f <file>, e.g. -f .env");
    const file = args.file;
    const tags = parseTags(args.tag);
    const text = readTextFile(file);
    registerSecretText(text);
    const envFile = readEnvFile(text);
    for (const value of envFile.variables.values()) registerSecretText(value);
    for (const line of envFile.malformed) log.warn(`${file}: line ${line} is not KEY=value; skipped`);
    const progress = startProgress(`upserting ${name}…`, { terminal: context.stderrIsTerminal() });
    try {
      const result = await withSecretsApi(args, context, async (api) => {
        const current = await api.readCurrent(name);
        const plan = planUpsert(file, envFile, current && objectOf(current, "upsert"));
        const metadata = {
          ...(args.description !== undefined ? { description: args.description } : {}),
          ...(args["kms-key-id"] !== undefined ? { kmsKeyId: args["kms-key-id"] } : {}),
        };
        if (current === undefined) {
          const written = await api.create(checkNewSecretName(name), serializeSecretObject(plan.object), { ...metadata, tags });
          return { ...written, created: true, rows: plan.rows };
        }
        const written = plan.changed ? await api.replace(current, serializeSecretObject(plan.object)) : { arn: current.arn, name: current.name };
        if (metadata.description !== undefined || metadata.kmsKeyId !== undefined) await api.update(current.arn || name, metadata);
        await api.tag(current.arn || name, tags);
        return { ...written, created: false, rows: plan.rows };
      });
      progress.stop();
      writeStdout(upsertOutput(result, outputFormat(args.output)));
    } finally {
      progress.stop();
    }
    return undefined;
  },
});

interface UpsertResult {
  name: string;
  arn: string;
  versionId?: string;
  created: boolean;
  rows: UpsertRow[];
}

function upsertOutput(result: UpsertResult, format: OutputFormat): string {
  const counts = upsertCounts(result.rows);
  if (format === "json") {
    return json({ name: result.name, arn: result.arn, secretCreated: result.created, versionId: result.versionId ?? null, counts, rows: result.rows });
  }
  const rows = table(
    ["LINE", "KEY", "ACTION", "NOTE"],
    result.rows.map((row) => [String(row.line), row.key ?? "", row.action, row.note ?? ""]),
  );
  const summary = Object.entries(counts).map(([action, count]) => `${action} ${count}`).join(", ");
  const version = result.versionId ? `new version ${result.versionId}` : "nothing written: no key changed";
  return `${rows}\n${result.created ? "created" : "updated"} ${result.name}: ${summary}; ${version}\n`;
}
