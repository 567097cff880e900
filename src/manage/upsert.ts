import { EnvSecretsError } from "../errors.ts";
import type { EnvFile } from "./env-file.ts";
import { jsonString, type SecretObject, textOf } from "../secrets/secret-object.ts";

/**
 * `upsert`: the file's keys merged over the secret's JSON object (or a new
 * object when the secret does not exist yet), with one report row per key and
 * per line that was not used.
 */
export type UpsertAction = "created" | "updated" | "unchanged" | "skipped";

export interface UpsertRow {
  action: UpsertAction;
  /** Absent for a malformed line. */
  key?: string;
  line: number;
  /** Why a line was skipped. */
  note?: string;
}

export interface UpsertPlan {
  object: SecretObject;
  rows: UpsertRow[];
  /** False when every key already had its value: nothing to write, no new version. */
  changed: boolean;
}

export function planUpsert(file: string, envFile: EnvFile, existing: SecretObject | undefined): UpsertPlan {
  if (envFile.variables.size === 0) {
    throw new EnvSecretsError({
      subject: file,
      reason: "no KEY=value line",
      hint: envFile.malformed.length > 0 ? `${linesText(envFile.malformed)} not KEY=value` : "the file has only blank lines and comments",
    });
  }
  const object: SecretObject = new Map(existing);
  const actions = new Map<string, UpsertAction>();
  // Keys in the order the file first names them, as the dotenv reader (and so create -f) orders them.
  for (const [key, value] of envFile.variables) {
    const current = existing?.get(key);
    if (current !== undefined && textOf(current) === value) {
      actions.set(key, "unchanged");
      continue;
    }
    object.set(key, jsonString(value));
    actions.set(key, current === undefined ? "created" : "updated");
  }
  const lastLine = new Map(envFile.assignments.map((a) => [a.key, a.line]));
  const rows: UpsertRow[] = envFile.malformed.map((line) => ({ action: "skipped", line, note: "not KEY=value" }));
  for (const { key, line } of envFile.assignments) {
    const winner = lastLine.get(key)!;
    rows.push(line === winner ? { action: actions.get(key)!, key, line } : { action: "skipped", key, line, note: `repeated on line ${winner}, which wins` });
  }
  const changed = existing === undefined || [...actions.values()].some((action) => action !== "unchanged");
  rows.sort((a, b) => a.line - b.line);
  return { object, rows, changed };
}

/** The counts of the summary line, in a fixed order. */
export function upsertCounts(rows: UpsertRow[]): Record<UpsertAction, number> {
  const counts: Record<UpsertAction, number> = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const row of rows) counts[row.action]++;
  return counts;
}

function linesText(lines: number[]): string {
  return lines.length === 1 ? `line ${lines[0]} is` : `lines ${lines.join(", ")} are`;
}
