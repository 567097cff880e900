/**
 * Runs the fake Secrets Manager as a process for the demo and the benchmark:
 *
 *   bun tests/fake-aws/main.ts [--port N] [--latency MS] [--seed FILE.json]
 *                              [--quota OPERATION=RPS[:BURST] ...]
 *
 * Prints exactly one line, {"url":"http://127.0.0.1:PORT"}, on stdout once it
 * accepts requests; logs one line per request on stderr (status, operation,
 * region, key id, secret ids and the error code of a failed request, never
 * values; --quiet silences them, e.g. for the benchmark); stops cleanly on
 * SIGTERM or SIGINT.
 *
 * --quota throttles an operation like AWS's per-second request quotas
 * (ThrottlingException beyond RPS requests per second, bursts of BURST,
 * default RPS): `--quota GetSecretValue=1000 --quota BatchGetSecretValue=100`.
 */

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseSeedFile } from "./seed-file";
import { type FakeAws, type RecordedRequest, startFakeAws } from "./server";

const USAGE = `usage: bun tests/fake-aws/main.ts [--port N] [--latency MS] [--seed FILE.json] [--quota OPERATION=RPS[:BURST] ...] [--hostname HOST] [--account-id ID] [--quiet]`;

function fail(message: string, exitCode = 2): never {
  process.stderr.write(`fake-aws: ${message}\n`);
  process.exit(exitCode);
}

function nonNegativeInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) fail(`${flag} expects a non-negative integer, got "${value}"`);
  return parsed;
}

interface QuotaOption {
  operation: string;
  rps: number;
  burst: number | undefined;
}

/** OPERATION=RPS[:BURST], e.g. GetSecretValue=1000 or BatchGetSecretValue=100:200. */
function parseQuota(text: string): QuotaOption {
  const match = /^([A-Za-z]+)=([0-9]+(?:\.[0-9]+)?)(?::([0-9]+))?$/.exec(text);
  if (!match) fail(`--quota expects OPERATION=RPS[:BURST], got "${text}"`);
  const [, operation = "", rps = "", burst] = match;
  return { operation, rps: Number(rps), burst: burst === undefined ? undefined : Number(burst) };
}

function logRequest(request: RecordedRequest): void {
  const ids = request.secretIds.length > 0 ? request.secretIds.join(",") : "-";
  const status = request.status === 0 ? "dropped" : String(request.status);
  const code = request.errorCode === undefined ? "" : ` code=${request.errorCode}`;
  process.stderr.write(
    `fake-aws ${status} ${request.operation || "-"} region=${request.region || "-"} akid=${request.accessKeyId || "-"} ids=${ids}${code}\n`,
  );
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions();
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const seeds = values.seed === undefined ? [] : readSeeds(values.seed);
  const quotas = (values.quota ?? []).map(parseQuota);
  const quiet = values.quiet ?? false;
  let fake: FakeAws;
  try {
    fake = await startFakeAws({
      port: nonNegativeInteger("--port", values.port, 0),
      latencyMs: nonNegativeInteger("--latency", values.latency, 0),
      ...(values.hostname === undefined ? {} : { hostname: values.hostname }),
      ...(values["account-id"] === undefined ? {} : { accountId: values["account-id"] }),
      onRequest: (request) => {
        if (!quiet) logRequest(request);
        // Nobody reads the in-memory log in CLI mode; a long benchmark must not grow it forever.
        fake.clearRequests();
      },
    });
  } catch (error) {
    fail(`cannot listen: ${(error as Error).message}`, 1);
  }
  try {
    for (const seed of seeds) fake.seed(seed);
    for (const quota of quotas) fake.setQuota(quota.operation, quota.rps, quota.burst);
  } catch (error) {
    await fake.stop();
    fail((error as Error).message, 2);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`fake-aws: ${signal}, stopping\n`);
    await fake.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));

  process.stderr.write(`fake-aws: listening on ${fake.url} with ${seeds.length} seeded secret(s)\n`);
  process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);
}

function parseOptions() {
  return parseArgs({
    options: {
      port: { type: "string" },
      latency: { type: "string" },
      seed: { type: "string" },
      quota: { type: "string", multiple: true },
      hostname: { type: "string" },
      "account-id": { type: "string" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

function readSeeds(path: string) {
  try {
    return parseSeedFile(readFileSync(path, "utf8"), path);
  } catch (error) {
    fail((error as Error).message, 1);
  }
}

await main();
