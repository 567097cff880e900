import type { Written } from "../../aws/sdk/index.ts";
import { json, type OutputFormat, record } from "../../manage/render.ts";

/** What create and update print: the secret, its ARN and the version written. */
export function writtenOutput(action: string, written: Written, format: OutputFormat): string {
  if (format === "json") return json({ action, name: written.name, arn: written.arn, versionId: written.versionId ?? null });
  return record([
    [action, written.name],
    ["arn", written.arn],
    ["version", written.versionId],
  ]);
}
