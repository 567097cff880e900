/**
 * The fleet simulation (`npm run fleet`): N env-secrets processes started at
 * once, as a deployment that restarts every pod does, against the local fake
 * Secrets Manager with AWS's per-second request quotas. It reports how many
 * runs succeeded, their start latency (p50, p95, p99: from spawn to the exit
 * of the program, which is `true`), the throttled answers per run (each one
 * a retry, or the end of a run that ran out of attempts) and the requests
 * per second the fake saw.
 *
 *   bun scripts/fleet.ts [--runs N] [--secrets N] [--batch] [--quota OPERATION=RPS[:BURST] ...]
 *                        [--latency MS] [--timeout S] [--binary PATH] [--json FILE] [--smoke]
 *
 * Defaults: 200 runs of 5 secrets each on the GetSecretValue path, with the
 * quotas AWS documents (GetSecretValue 10,000 per second, BatchGetSecretValue
 * 100, both per account and region); --quota replaces them. --smoke runs 10
 * processes, to prove the script still works, and fails unless all succeed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { requestStats } from "../tests/fake-aws/request-stats.ts";
import { type FakeAws, type RecordedRequest, startFakeAws } from "../tests/fake-aws/server.ts";
import { buildBinary } from "./build.ts";
import { type ReadPath, readPathArgs } from "./read-paths.ts";

const { values: options } = parseArgs({
  options: {
    runs: { type: "string" },
    secrets: { type: "string" },
    batch: { type: "boolean" },
    quota: { type: "string", multiple: true },
    latency: { type: "string" },
    timeout: { type: "string" },
    binary: { type: "string" },
    json: { type: "string" },
    smoke: { type: "boolean" },
  },
  strict: true,
});

function positive(flag: string, text: string | undefined, fallback: number): number {
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} expects a non-negative number, got "${text}"`);
  return value;
}

const runs = positive("--runs", options.runs, options.smoke ? 10 : 200);
const secretCount = positive("--secrets", options.secrets, 5);
const path: ReadPath = options.batch ? "--batch" : "GetSecretValue";
const latencyMs = positive("--latency", options.latency, 0);
const quotas = (options.quota ?? ["GetSecretValue=10000", "BatchGetSecretValue=100"]).map((text) => {
  const match = /^(\w+)=(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(text);
  if (!match) throw new Error(`--quota expects OPERATION=RPS[:BURST], got "${text}"`);
  return { operation: match[1]!, rps: Number(match[2]), burst: match[3] === undefined ? undefined : Number(match[3]) };
});

const work = mkdtempSync(join(tmpdir(), "env-secrets-fleet-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
let binary = options.binary;
if (!binary) {
  process.stderr.write("building the release binary...\n");
  binary = join(work, "env-secrets");
  await buildBinary({ outfile: binary });
}

/** What the fake answered, and when: the fleet's view of AWS. */
const records: RecordedRequest[] = [];
const fake: FakeAws = await startFakeAws({ latencyMs, onRequest: (request) => records.push(request) });
for (const quota of quotas) fake.setQuota(quota.operation, quota.rps, quota.burst);

const names = Array.from({ length: secretCount }, (_, i) => `fleet/service-${i}`);
for (const [i, name] of names.entries()) fake.seed({ name, secretString: JSON.stringify({ [`KEY_${i}`]: `value-${i}` }) });

const baseEnv: Record<string, string> = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: work,
  AWS_SECRET_ACCESS_KEY: "fleet-secret-key",
  AWS_REGION: "us-east-1",
  AWS_ENDPOINT_URL: fake.url,
  AWS_CONFIG_FILE: join(work, "absent-config"),
  AWS_SHARED_CREDENTIALS_FILE: join(work, "absent-credentials"),
  AWS_EC2_METADATA_DISABLED: "true",
};
const pathArgs = readPathArgs(binary, baseEnv)[path];
const args = ["aws", ...names.flatMap((name) => ["-s", name]), ...pathArgs, ...(options.timeout ? ["--timeout", options.timeout] : []), "--", "true"];

interface Run {
  ms: number;
  exitCode: number;
  firstLine: string;
}

/** One pod: its own access key id, so that the fake's record tells the runs apart. */
async function startOne(index: number): Promise<Run> {
  const started = performance.now();
  const accessKeyId = `AKIDFLEET${String(index).padStart(6, "0")}`;
  const proc = Bun.spawn({ cmd: [binary!, ...args], env: { ...baseEnv, AWS_ACCESS_KEY_ID: accessKeyId }, stdin: "ignore", stdout: "ignore", stderr: "pipe" });
  const stderr = await new Response(proc.stderr).text();
  const exitCode = await proc.exited;
  return { ms: performance.now() - started, exitCode, firstLine: stderr.trim().split("\n")[0] ?? "" };
}

process.stderr.write(`starting ${runs} runs of ${secretCount} secrets at once, ${path} path, quotas ${quotas.map((q) => `${q.operation}=${q.rps}${q.burst ? `:${q.burst}` : ""}`).join(", ")}\n`);
const fleetStarted = Date.now();
const results = await Promise.all(Array.from({ length: runs }, (_, index) => startOne(index)));
const fleetMs = Date.now() - fleetStarted;
await fake.stop();

const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
const format = (n: number, digits = 0) => (Number.isNaN(n) ? "n/a" : n.toFixed(digits));

const times = results.map((r) => r.ms).sort((a, b) => a - b);
const succeeded = results.filter((r) => r.exitCode === 0).length;
const failures = new Map<string, number>();
for (const r of results) if (r.exitCode !== 0) failures.set(r.firstLine, (failures.get(r.firstLine) ?? 0) + 1);

const throttledPerRun = new Map<string, number>();
for (const record of records) {
  if (record.errorCode === "ThrottlingException") {
    throttledPerRun.set(record.accessKeyId, (throttledPerRun.get(record.accessKeyId) ?? 0) + 1);
  }
}
const throttled = Array.from({ length: runs }, (_, index) => throttledPerRun.get(`AKIDFLEET${String(index).padStart(6, "0")}`) ?? 0).sort((a, b) => a - b);
const totalThrottled = throttled.reduce((sum, n) => sum + n, 0);

/** What the fake saw of one operation: requests, answered, throttled, the busiest second (a sliding window) and the span of the burst. */
function rates(operation: string) {
  const ofOperation = records.filter((r) => r.operation === operation);
  if (ofOperation.length === 0) return undefined;
  const stats = requestStats(ofOperation);
  const counts = stats.byOperation[operation]!;
  return { operation, requests: counts.total, answered: counts.ok, throttled: counts.errors.ThrottlingException ?? 0, busiestSecond: stats.peakPerSecond, spanMs: stats.durationMs };
}
const seen = ["GetSecretValue", "BatchGetSecretValue"].map(rates).filter((r) => r !== undefined);

const lines = [
  `${runs} runs of ${secretCount} secrets started at once, ${path} path, ${latencyMs} ms latency; quotas ${quotas.map((q) => `${q.operation} ${q.rps}/s${q.burst ? ` (burst ${q.burst})` : ""}`).join(", ")}`,
  "",
  "| runs | succeeded | start p50 ms | p95 ms | p99 ms | max ms | throttled answers per run: mean | p95 | max | fleet done in ms |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  `| ${runs} | ${succeeded} | ${format(quantile(times, 0.5))} | ${format(quantile(times, 0.95))} | ${format(quantile(times, 0.99))} | ${format(times[times.length - 1] ?? Number.NaN)} | ${format(totalThrottled / runs, 2)} | ${quantile(throttled, 0.95)} | ${throttled[throttled.length - 1] ?? 0} | ${fleetMs} |`,
  "",
  "| operation | requests | answered | throttled | requests in the busiest second | first to last request, ms |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  ...seen.map((r) => `| ${r.operation} | ${r.requests} | ${r.answered} | ${r.throttled} | ${r.busiestSecond} | ${r.spanMs} |`),
];
if (failures.size > 0) {
  lines.push("", "failures:");
  for (const [line, count] of [...failures].sort((a, b) => b[1] - a[1])) lines.push(`  ${count} x ${line}`);
}
process.stdout.write(`${lines.join("\n")}\n`);
// A smoke run uses the default quotas, which 10 runs never reach: every run must start its program.
if (options.smoke && succeeded < runs) process.exitCode = 1;
if (options.json) {
  writeFileSync(options.json, `${JSON.stringify({ runs, secretCount, path, latencyMs, quotas, succeeded, times, throttled, seen, failures: Object.fromEntries(failures) }, null, 2)}\n`);
}
