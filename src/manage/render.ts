/**
 * Text shapes of the secret commands' output: a table with a header row, a
 * record (one `field  value` line per field), and JSON. Pure: callers print
 * the result on stdout.
 */
export type OutputFormat = "table" | "json";

/** Columns padded to their widest cell, two spaces apart, no trailing spaces. */
export function table(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows].map((row) => row.map(oneLineCell));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  return `${cells.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n")}\n`;
}

/** `field  value` lines, fields padded to the longest; empty values are left out. */
export function record(fields: Array<[string, string | undefined]>): string {
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined && field[1] !== "");
  const width = Math.max(0, ...shown.map(([name]) => name.length));
  return shown.map(([name, value]) => `${name.padEnd(width)}  ${oneLineCell(value)}`.trimEnd()).join("\n") + (shown.length > 0 ? "\n" : "");
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Dates in UTC, to the second: `2026-11-28 00:38:54Z`. */
export function dateText(date: Date | undefined): string {
  if (date === undefined) return "";
  return date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

/** A cell never breaks the table: line breaks and tabs become spaces. */
function oneLineCell(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ");
}
