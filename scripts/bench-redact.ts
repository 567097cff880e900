/**
 * Cost of the redactor at the AWS limits: 50 JSON secrets of ~64 KiB each
 * with every leaf registered (and the same with 2,000 more small values), as
 * the logger and --mask-output see them. Prints a Markdown table for
 * docs/benchmarks.md: time to register and compile, time to scan a MiB of
 * text (the logger's one-shot scan and --mask-output's stream), and memory.
 *
 *   bun scripts/bench-redact.ts [runs]
 *
 * Run it alone: memory is the JavaScript heap (and the process's RSS) after
 * the first registration less before it, each after a full collection.
 */
import { Redactor } from "../src/log/redact.ts";
import { StreamMasker } from "../src/mask/masker.ts";

const RUNS = Number(process.argv[2] ?? 3);
const MiB = 1024 * 1024;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A JSON secret of about 64 KiB: 40 keys, each value a UUID and 1.5 KB of base64. */
function largeSecret(index: number): Record<string, string> {
  const secret: Record<string, string> = {};
  for (let k = 0; k < 40; k++) {
    secret[`KEY_${index}_${k}`] = `${crypto.randomUUID()}:${Buffer.from(crypto.getRandomValues(new Uint8Array(1150))).toString("base64")}`;
  }
  return secret;
}

/** Log-like text with a value of the set every 64 KiB. */
function textWith(values: string[], size: number): Uint8Array {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const line = i % 1000 === 999 ? `${i} value=${values[i % values.length]}\n` : `${i} GET /api/items/${i % 9973} 200 12ms user-agent=curl/8.5.0\n`;
    parts.push(line);
    length += line.length;
  }
  return new TextEncoder().encode(parts.join("")).subarray(0, size);
}

function memory(): { rss: number; heap: number } {
  Bun.gc(true);
  const usage = process.memoryUsage();
  return { rss: usage.rss / MiB, heap: usage.heapUsed / MiB };
}

const rows: string[] = [];
for (const [label, smallLeaves] of [
  ["50 secrets × 64 KiB, every leaf", 0],
  ["the same, and 2,000 small values", 2000],
] as const) {
  const secrets = Array.from({ length: 50 }, (_, i) => largeSecret(i));
  const before = memory();
  const registerTimes: number[] = [];
  let after = before;
  let redactor = new Redactor();
  for (let run = 0; run < RUNS; run++) {
    redactor = new Redactor();
    const started = performance.now();
    // As a run registers them: each secret's text and leaves when it arrives, a log line in between.
    for (const secret of secrets) {
      redactor.register(JSON.stringify(secret));
      for (const leaf of Object.values(secret)) redactor.register(leaf);
      redactor.redact("fetched a secret");
    }
    for (let i = 0; i < smallLeaves; i++) redactor.register(`small-value-${i}-${crypto.randomUUID().slice(0, 8)}`);
    redactor.redact("all fetched");
    registerTimes.push(performance.now() - started);
    if (run === 0) after = memory();
  }
  const forms = redactor.registered();
  const formBytes = forms.reduce((sum, form) => sum + Buffer.byteLength(form), 0);
  const leaves = secrets.flatMap((secret) => Object.values(secret));
  const text = textWith(leaves, 8 * MiB);
  const asText = new TextDecoder().decode(text);

  const loggerTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    // The logger's case: lines of a few hundred bytes, one scan each.
    for (let offset = 0; offset < asText.length; offset += 4096) redactor.redact(asText.slice(offset, offset + 4096));
    loggerTimes.push((performance.now() - started) / 8);
  }
  const compileStarted = performance.now();
  const masker = new StreamMasker(forms);
  const compileMs = performance.now() - compileStarted;
  const streamTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    for (let offset = 0; offset < text.length; offset += 65536) masker.push(text.subarray(offset, offset + 65536));
    masker.flush();
    streamTimes.push((performance.now() - started) / 8);
  }
  rows.push(
    `| ${label} | ${forms.length.toLocaleString("en")} forms, ${(formBytes / MiB).toFixed(1)} MiB | ${Math.round(median(registerTimes))} ms | ${Math.round(compileMs)} ms | ${median(loggerTimes).toFixed(0)} ms | ${median(streamTimes).toFixed(0)} ms | ${Math.round(after.heap - before.heap)} MiB heap (${Math.round(after.rss - before.rss)} MiB RSS) |`,
  );
  console.error(rows.at(-1));
}

console.log("| values | forms masked | register all, compile as the logger goes | compile for --mask-output | logger: per MiB of text, 4 KiB lines | --mask-output: per MiB, 64 KiB pieces | memory held |");
console.log("| --- | --- | ---: | ---: | ---: | ---: | --- |");
for (const row of rows) console.log(row);
