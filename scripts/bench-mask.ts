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

async function timeRun(file: string | undefined, masked: boolean, sink: "pipe" | "devnull"): Promise<number> {
  const started = performance.now();
  const proc = Bun.spawn({
    cmd: [BINARY, "aws", "-s", "bench/mask", ...(masked ? ["--mask-output"] : []), "--", ...(file ? ["cat", file] : ["true"])],
    env,
    stdout: sink === "pipe" ? "pipe" : openSync("/dev/null", "w"),
    stderr: "inherit",
  });
  let bytes = -1;
  if (sink === "pipe") {
    bytes = 0;
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) bytes += chunk.length;
  }
  if ((await proc.exited) !== 0) throw new Error(`run failed with ${proc.exitCode}`);
  if (file && sink === "pipe" && bytes < SIZE * 0.99) throw new Error(`only ${bytes} bytes arrived`);
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rows: string[] = [];
// The fixed part of every run (start-up, fetch, spawn): the program writes nothing.
{
  const plain: number[] = [];
  const masked: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(await timeRun(undefined, false, "pipe"));
    masked.push(await timeRun(undefined, true, "pipe"));
  }
  rows.push(`| nothing (\`true\`) | read through a pipe | ${Math.round(median(plain))} ms | ${Math.round(median(masked))} ms | |`);
}
for (const [label, payload] of [["log-like text", textPayload()], ["random bytes", binaryPayload()]] as const) {
  const file = join(dir, label.replace(/\W+/g, "-"));
  writeFileSync(file, payload);
  for (const sink of ["pipe", "devnull"] as const) {
    const plain: number[] = [];
    const masked: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      plain.push(await timeRun(file, false, sink));
      masked.push(await timeRun(file, true, sink));
    }
    const p = median(plain);
    const m = median(masked);
    const mibps = (ms: number) => Math.round((SIZE / 1024 / 1024) / (ms / 1000));
    rows.push(
      `| ${label} | ${sink === "pipe" ? "read through a pipe" : "/dev/null"} | ${Math.round(p)} ms (${mibps(p)} MiB/s) | ${Math.round(m)} ms (${mibps(m)} MiB/s) | ${(m / p).toFixed(2)}x |`,
    );
    console.error(rows.at(-1));
  }
}
await fake.stop();
await Bun.$`rm -rf ${dir}`;
console.log("| output | env-secrets' stdout | without --mask-output | with --mask-output | ratio |");
console.log("| --- | --- | --- | --- | --- |");
for (const row of rows) console.log(row);
