import type { DescribeSecretResponse, SecretListEntry } from "@aws-sdk/client-secrets-manager";
import { MASK } from "../log/redact.ts";
import type { CurrentValue } from "./operations.ts";
import { dateText, json, type OutputFormat, record, table } from "./render.ts";
import { parseSecretObject, textOf } from "./secret-object.ts";

/** What `list`, `get` and `value` print. Only `value` ever shows a value, and only when asked. */

export function listOutput(entries: SecretListEntry[], format: OutputFormat): string {
  if (format === "json") {
    return json(
      entries.map((e) => ({
        name: e.Name,
        arn: e.ARN,
        description: e.Description ?? null,
        lastChanged: e.LastChangedDate?.toISOString() ?? null,
        lastAccessed: e.LastAccessedDate?.toISOString() ?? null,
        tags: tagObject(e.Tags),
      })),
    );
  }
  return table(
    ["NAME", "DESCRIPTION", "LAST CHANGED", "LAST ACCESSED"],
    entries.map((e) => [e.Name ?? "", e.Description ?? "", dateText(e.LastChangedDate), dateText(e.LastAccessedDate)]),
  );
}

/** `get`: metadata from DescribeSecret, never the value. */
export function getOutput(d: DescribeSecretResponse, format: OutputFormat): string {
  const versions = Object.entries(d.VersionIdsToStages ?? {});
  if (format === "json") {
    return json({
      name: d.Name,
      arn: d.ARN,
      description: d.Description ?? null,
      kmsKeyId: d.KmsKeyId ?? null,
      rotationEnabled: d.RotationEnabled === true,
      rotationLambdaArn: d.RotationLambdaARN ?? null,
      nextRotation: d.NextRotationDate?.toISOString() ?? null,
      versions: Object.fromEntries(versions),
      tags: tagObject(d.Tags),
      created: d.CreatedDate?.toISOString() ?? null,
      lastChanged: d.LastChangedDate?.toISOString() ?? null,
      lastAccessed: d.LastAccessedDate?.toISOString() ?? null,
      deletionScheduled: d.DeletedDate?.toISOString() ?? null,
    });
  }
  return record([
    ["name", d.Name],
    ["arn", d.ARN],
    ["description", d.Description],
    ["kms key", d.KmsKeyId ?? "aws/secretsmanager (AWS managed)"],
    ["rotation", d.RotationEnabled ? `enabled${d.RotationLambdaARN ? ` by ${d.RotationLambdaARN}` : ""}` : "disabled"],
    ["next rotation", dateText(d.NextRotationDate)],
    ...versions.map(([id, stages]): [string, string] => ["version", `${id} ${stages.join(",")}`]),
    ["tags", (d.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).join(", ")],
    ["created", dateText(d.CreatedDate)],
    ["last changed", dateText(d.LastChangedDate)],
    ["last accessed", dateText(d.LastAccessedDate)],
    ["deletion on", dateText(d.DeletedDate)],
  ]);
}

/**
 * `value`: one row per key of a JSON-object secret, masked unless `reveal`;
 * any other text as one row; a binary secret as its size unless `reveal`.
 * JSON output always carries the values (the caller warns on a terminal).
 */
export function valueOutput(current: CurrentValue, format: OutputFormat, reveal: boolean): string {
  const text = current.secretString;
  const object = text === undefined ? undefined : parseSecretObject(text);
  if (format === "json") {
    if (object) return `{\n${[...object].map(([key, raw]) => `  ${JSON.stringify(key)}: ${raw}`).join(",\n")}\n}\n`;
    if (text !== undefined) return json(text);
    return json({ binary: Buffer.from(current.secretBinary ?? []).toString("base64") });
  }
  const shown = (value: string) => (reveal ? value : MASK);
  if (object) return table(["KEY", "VALUE"], [...object].map(([key, raw]) => [key, shown(textOf(raw))]));
  if (text !== undefined) return table(["KEY", "VALUE"], [["(whole secret)", shown(text)]]);
  const bytes = current.secretBinary ?? new Uint8Array();
  return table(["KEY", "VALUE"], [["(binary)", reveal ? Buffer.from(bytes).toString("base64") : `${bytes.length} bytes`]]);
}

function tagObject(tags: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
}
