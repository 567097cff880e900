/**
 * Memory of a long --watch run: the release binary watches one secret of the
 * local fake Secrets Manager at a 1 s interval for 300 checks (--checks N),
 * with a rotation every 30 s (--rotate-every S), and the script samples
 * env-secrets' RSS (/proc/<pid>/status, Linux) after every check. Prints the
 * RSS at the first check, after each tenth of the run, and the slope of a
 * least-squares line over the second half (KiB per 100 checks).
 *
 *   bun scripts/build.ts && bun scripts/watch-memory.ts [--checks 300] [--rotate-every 30]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startFakeAws } from "../tests/fake-aws/server.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const CHECKS = option("--checks", 300);
const ROTATE_EVERY_S = option("--rotate-every", 30);
const binary = process.env.ENV_SECRETS_BIN ?? join(import.meta.dir, "..", "dist", "env-secrets");

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

const fake = await startFakeAws();
const name = "bench/watched";
const value = (n: number) => JSON.stringify({ DB_PASSWORD: `password-${n}-${"x".repeat(64)}`, DB_USER: "app" });
fake.seed({ name, secretString: value(0) });

const proc = Bun.spawn({
  cmd: [binary, "aws", "-s", name, "--watch", "1s", "--quiet", "--", "sleep", "100000"],
  env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent", AWS_ACCESS_KEY_ID: "AKIDBENCH", AWS_SECRET_ACCESS_KEY: "bench-secret", AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: fake.url },
  stdout: "inherit",
  stderr: "inherit",
});

const checks = () => fake.requests.filter((r) => r.operation === "DescribeSecret").length;
const samples: { check: number; kib: number }[] = [];
const started = Date.now();
let rotations = 0;
let seen = 0;
while (seen < CHECKS) {
  await Bun.sleep(50);
  if (proc.exitCode !== null) throw new Error(`env-secrets exited with ${proc.exitCode}`);
  const now = checks();
  if (now === seen) continue;
  seen = now;
  samples.push({ check: seen, kib: rssKiB(proc.pid) });
  if ((Date.now() - started) / 1000 >= (rotations + 1) * ROTATE_EVERY_S) {
    rotations++;
    fake.rotate(name, value(rotations));
  }
}
proc.kill("SIGTERM");
await proc.exited;
await fake.stop();

const mib = (kib: number) => (kib / 1024).toFixed(1);
const restarts = rotations;
console.log(`${samples.length} checks in ${Math.round((Date.now() - started) / 1000)} s, ${restarts} rotations (each a restart); RSS of env-secrets in MiB:`);
const marks = [0, ...Array.from({ length: 10 }, (_, i) => Math.round(((i + 1) * samples.length) / 10) - 1)];
console.log(`| check | ${marks.map((i) => samples[i]!.check).join(" | ")} |`);
console.log(`| RSS MiB | ${marks.map((i) => mib(samples[i]!.kib)).join(" | ")} |`);
const half = samples.slice(Math.floor(samples.length / 2));
const meanX = half.reduce((s, p) => s + p.check, 0) / half.length;
const meanY = half.reduce((s, p) => s + p.kib, 0) / half.length;
const slope = half.reduce((s, p) => s + (p.check - meanX) * (p.kib - meanY), 0) / half.reduce((s, p) => s + (p.check - meanX) ** 2, 0);
const kibs = samples.map((s) => s.kib);
console.log(`min ${mib(Math.min(...kibs))} MiB, max ${mib(Math.max(...kibs))} MiB; second half slope ${(slope * 100).toFixed(0)} KiB per 100 checks`);
