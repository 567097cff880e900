import type { CurrentValue, SecretDescription, SecretSummary, Tag } from "../aws/sdk/index.ts";
import { MASK } from "../log/redact.ts";
import { dateText, json, type OutputFormat, record, table } from "./render.ts";
import { parseSecretObject, textOf } from "../secrets/secret-object.ts";

/** What `list`, `get` and `value` print. Only `value` ever shows a value, and only when asked. */

export function listOutput(entries: SecretSummary[], format: OutputFormat): string {
  if (format === "json") return json(entries.map(summaryFields));
  return table(
    ["NAME", "DESCRIPTION", "LAST CHANGED", "LAST ACCESSED"],
    entries.map((e) => [e.name, e.description ?? "", dateText(e.lastChanged), dateText(e.lastAccessed)]),
  );
}

/** One entry of `list --output json` (and of the MCP tool list_secrets). */
export function summaryFields(e: SecretSummary) {
  return {
    name: e.name,
    arn: e.arn,
    description: e.description ?? null,
    lastChanged: e.lastChanged?.toISOString() ?? null,
    lastAccessed: e.lastAccessed?.toISOString() ?? null,
    tags: tagObject(e.tags),
  };
}

/** `get --output json` (and the MCP tool describe_secret). */
export function descriptionFields(d: SecretDescription) {
  return {
    name: d.name,
    arn: d.arn,
    description: d.description ?? null,
    kmsKeyId: d.kmsKeyId ?? null,
    rotationEnabled: d.rotationEnabled,
    rotationLambdaArn: d.rotationLambdaArn ?? null,
    nextRotation: d.nextRotation?.toISOString() ?? null,
    versions: { ...d.versions },
    tags: tagObject(d.tags),
    created: d.created?.toISOString() ?? null,
    lastChanged: d.lastChanged?.toISOString() ?? null,
    lastAccessed: d.lastAccessed?.toISOString() ?? null,
    deletionScheduled: d.deletionScheduled?.toISOString() ?? null,
  };
}

/** `get`: metadata from DescribeSecret, never the value. */
export function getOutput(d: SecretDescription, format: OutputFormat): string {
  const versions = Object.entries(d.versions);
  if (format === "json") return json(descriptionFields(d));
  return record([
    ["name", d.name],
    ["arn", d.arn],
    ["description", d.description],
    ["kms key", d.kmsKeyId ?? "aws/secretsmanager (AWS managed)"],
    ["rotation", d.rotationEnabled ? `enabled${d.rotationLambdaArn ? ` by ${d.rotationLambdaArn}` : ""}` : "disabled"],
    ["next rotation", dateText(d.nextRotation)],
    ...versions.map(([id, stages]): [string, string] => ["version", `${id} ${stages.join(",")}`]),
    ["tags", d.tags.map((t) => `${t.Key}=${t.Value}`).join(", ")],
    ["created", dateText(d.created)],
    ["last changed", dateText(d.lastChanged)],
    ["last accessed", dateText(d.lastAccessed)],
    ["deletion on", dateText(d.deletionScheduled)],
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

function tagObject(tags: Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}
