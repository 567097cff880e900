/**
 * Time and peak memory of the binary against hostile answers, for
 * docs/benchmarks.md: `bun tests/hostile/measure.ts [binary]` (default: the
 * build in dist/). Each mode runs once with --timeout 3 (the batch modes with
 * --batch); peak memory is GNU time's %M (needs /usr/bin/time).
 */
import { binaryPath } from "../helpers/binary.ts";
import { awsEnv } from "../helpers/run.ts";
import { type Answer, drip, flood, json, secretValueEntry, startHostileServer } from "./server.ts";

const MiB = 1024 * 1024;
const largest = "\u0001".repeat(64 * 1024);
const modes: Array<[string, string[], Answer | ((ids: string[]) => Answer), string[]?]> = [
  ["endless chunked body, GetSecretValue", ["m/a"], flood()],
  ["256 MiB chunked body, GetSecretValue", ["m/a"], flood(256 * MiB)],
  ["1 GiB chunked body, GetSecretValue", ["m/a"], flood(1024 * MiB)],
  ["endless chunked body, BatchGetSecretValue", ["m/a", "m/b"], flood(undefined, '{"SecretValues":[{"SecretString":"'), ["--batch"]],
  ["gzip bomb, 64 MiB from 64 KiB", ["m/a"], { kind: "plain", status: 200, headers: { "Content-Type": "application/x-amz-json-1.1", "Content-Encoding": "gzip" }, body: Bun.gzipSync(new Uint8Array(64 * MiB).fill(0x41)) }],
  ["body dripping 1 byte / 100 ms", ["m/a"], drip("A", 100)],
  ["largest real batch: 20 x 64 KiB escaping to 7.7 MiB", Array.from({ length: 20 }, (_, i) => `V${i}=m/${i}`), (ids) => json({ SecretValues: ids.map((id) => secretValueEntry(id, largest)), Errors: [] }), ["--batch"]],
];

const binary = process.argv[2] ?? binaryPath();
const server = await startHostileServer();
console.log(`| answer | exit | time | peak RSS |\n| --- | --- | --- | --- |`);
for (const [label, secrets, answer, extraArgs = []] of modes) {
  server.respond((request) => (typeof answer === "function" ? answer(request.secretIds) : answer));
  const started = performance.now();
  const proc = Bun.spawn({
    cmd: ["/usr/bin/time", "-f", "%M", binary, "aws", ...secrets.flatMap((s) => ["-s", s]), ...extraArgs, "--timeout", "3", "--", "true"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/", AWS_EC2_METADATA_DISABLED: "true", ...awsEnv(server.url) } as Record<string, string>,
    stdout: "ignore",
    stderr: "pipe",
  });
  const stderr = await new Response(proc.stderr).text();
  await proc.exited;
  const kib = Number(stderr.trim().split("\n").pop());
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`| ${label} | ${proc.exitCode} | ${seconds} s | ${Math.round(kib / 1024)} MiB |`);
}
await server.stop();
