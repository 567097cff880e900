/**
 * Throughput of --mask-output: a program writes 50 MiB to stdout, run by
 * env-secrets with and without --mask-output, with env-secrets' stdout read
 * by this script (as a CI runner or a log collector would) or sent to
 * /dev/null. Prints a Markdown table for docs/benchmarks.md.
 *
 *   bun scripts/build.ts && bun scripts/bench-mask.ts [runs]
 *
 * Uses the local fake Secrets Manager, so it needs no AWS account.
 */
import { openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redactor } from "../src/log/redact.ts";
import { StreamMasker } from "../src/mask/masker.ts";
import { startFakeAws } from "../tests/fake-aws/server.ts";

const BINARY = process.env.ENV_SECRETS_BIN ?? join(import.meta.dir, "..", "dist", "env-secrets");
const RUNS = Number(process.argv[2] ?? 5);
const SIZE = 50 * 1024 * 1024;
const dir = join(tmpdir(), `env-secrets-bench-mask-${process.pid}`);
await Bun.$`mkdir -p ${dir}`;

const TOKEN = "bench-token-3f9a7c1e5b2d";
const PASSWORD = "bench-password-8e4d2a6c";

/** Log-like text: lines of ordinary output, a secret value every 1000 lines. */
function textPayload(): Uint8Array {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < SIZE; i++) {
    const line = i % 1000 === 0 ? `${i} connecting with token=${TOKEN}\n` : `${i} GET /api/items/${i % 9973} 200 12ms user-agent=curl/8.5.0\n`;
    lines.push(line);
    size += line.length;
  }
  return new TextEncoder().encode(lines.join("")).subarray(0, SIZE);
}

/** Random bytes: the binary case. */
function binaryPayload(): Uint8Array {
  const out = new Uint8Array(SIZE);
  for (let offset = 0; offset < SIZE; offset += 65536) crypto.getRandomValues(out.subarray(offset, offset + 65536));
  return out;
}

const fake = await startFakeAws();
fake.seed({ name: "bench/mask", secretString: JSON.stringify({ TOKEN, PASSWORD }) });
const env: Record<string, string> = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  AWS_ACCESS_KEY_ID: "AKIDBENCH",
  AWS_SECRET_ACCESS_KEY: "bench-secret-key",
  AWS_REGION: "us-east-1",
  AWS_ENDPOINT_URL: fake.url,
  AWS_EC2_METADATA_DISABLED: "true",
  HOME: dir,
};

/** A program that produces its output as it goes: 50 MiB of log lines from awk, the token every 1000 lines. */
const AWK_PROGRAM = [
  "awk",
  "-v",
  `size=${SIZE}`,
  "-v",
  `token=${TOKEN}`,
  'BEGIN { while (total < size) { if (i % 1000 == 0) line = i " connecting with token=" token; else line = i " GET /api/items/" (i % 9973) " 200 12ms user-agent=curl/8.5.0"; print line; total += length(line) + 1; i++ } }',
];

/**
 * One run, timed from start to exit. "pipe": env-secrets' stdout is a plain
 * pipe to `wc -c` set up by sh, as a CI runner or `| tee` would give it;
 * "devnull": /dev/null.
 */
async function timeRun(program: string[], masked: boolean, sink: "pipe" | "devnull"): Promise<number> {
  const started = performance.now();
  const run = [BINARY, "aws", "-s", "bench/mask", ...(masked ? ["--mask-output"] : []), "--", ...program];
  const proc = Bun.spawn({
    cmd: sink === "pipe" ? ["sh", "-c", '"$@" | wc -c', "sh", ...run] : run,
    env,
    stdout: sink === "pipe" ? "pipe" : openSync("/dev/null", "w"),
    stderr: "inherit",
  });
  const counted = sink === "pipe" ? Number((await new Response(proc.stdout as ReadableStream<Uint8Array>).text()).trim()) : -1;
  if ((await proc.exited) !== 0) throw new Error(`run failed with ${proc.exitCode}`);
  if (program[0] !== "true" && sink === "pipe" && counted < SIZE * 0.99) throw new Error(`only ${counted} bytes arrived`);
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rows: string[] = [];
// The fixed part of every run (start-up, fetch, spawn): the program writes nothing.
{
  const plain: number[] = [];
  const masked: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(await timeRun(["true"], false, "pipe"));
    masked.push(await timeRun(["true"], true, "pipe"));
  }
  rows.push(`| nothing (\`true\`) | a pipe to \`wc -c\` | ${Math.round(median(plain))} ms | ${Math.round(median(masked))} ms | |`);
}
const textFile = join(dir, "text");
writeFileSync(textFile, textPayload());
const binaryFile = join(dir, "binary");
writeFileSync(binaryFile, binaryPayload());
const programs: Array<[string, string[]]> = [
  ["log lines written by awk as it makes them", AWK_PROGRAM],
  ["the same kind of text, `cat` of a cached file", ["cat", textFile]],
  ["random bytes, `cat` of a cached file", ["cat", binaryFile]],
];
for (const [label, program] of programs) {
  for (const sink of ["pipe", "devnull"] as const) {
    const plain: number[] = [];
    const masked: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      plain.push(await timeRun(program, false, sink));
      masked.push(await timeRun(program, true, sink));
    }
    const p = median(plain);
    const m = median(masked);
    const mibps = (ms: number) => Math.round((SIZE / 1024 / 1024) / (ms / 1000));
    rows.push(
      `| ${label} | ${sink === "pipe" ? "a pipe to `wc -c`" : "/dev/null"} | ${Math.round(p)} ms (${mibps(p)} MiB/s) | ${Math.round(m)} ms (${mibps(m)} MiB/s) | ${(m / p).toFixed(2)}x |`,
    );
    console.error(rows.at(-1));
  }
}

// The masker alone, in this process: how its cost grows with the number of
// values (each JSON secret also registers its whole text and escaped forms).
const scaling: string[] = [];
const random = binaryPayload();
for (const count of [2, 20, 100]) {
  const redactor = new Redactor();
  const secret: Record<string, string> = {};
  for (let i = 0; i < count; i++) secret[`KEY_${i}`] = `value-${i}-${crypto.randomUUID()}`;
  for (const value of Object.values(secret)) redactor.register(value);
  redactor.register(JSON.stringify(secret));
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const masker = new StreamMasker(redactor.registered());
    const started = performance.now();
    for (let offset = 0; offset < SIZE; offset += 65536) masker.push(random.subarray(offset, offset + 65536));
    masker.flush();
    times.push(performance.now() - started);
  }
  scaling.push(`| ${count} | ${redactor.registered().length} | ${Math.round(median(times))} ms |`);
  console.error(scaling.at(-1));
}

await fake.stop();
await Bun.$`rm -rf ${dir}`;
console.log("| program | env-secrets' stdout | without --mask-output | with --mask-output | ratio |");
console.log("| --- | --- | --- | --- | --- |");
for (const row of rows) console.log(row);
console.log("");
console.log("| values | forms masked | masker alone, 50 MiB of random bytes in 64 KiB pieces |");
console.log("| --- | --- | --- |");
for (const row of scaling) console.log(row);
