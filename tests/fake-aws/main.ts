/**
 * Runs the fake Secrets Manager as a process for the demo and the benchmark:
 *
 *   bun tests/fake-aws/main.ts [--port N] [--latency MS] [--seed FILE.json]
 *
 * Prints exactly one line, {"url":"http://127.0.0.1:PORT"}, on stdout once it
 * accepts requests; logs one line per request on stderr (operation, secret
 * ids, key id, status, never values; --quiet silences them, e.g. for the
 * benchmark); stops cleanly on SIGTERM or SIGINT.
 */

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseSeedFile } from "./seed-file";
import { type FakeAws, type RecordedRequest, startFakeAws } from "./server";

const USAGE = `usage: bun tests/fake-aws/main.ts [--port N] [--latency MS] [--seed FILE.json] [--hostname HOST] [--account-id ID] [--quiet]`;

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

function logRequest(request: RecordedRequest): void {
  const ids = request.secretIds.length > 0 ? request.secretIds.join(",") : "-";
  const status = request.status === 0 ? "dropped" : String(request.status);
  process.stderr.write(
    `fake-aws ${status} ${request.operation || "-"} region=${request.region || "-"} akid=${request.accessKeyId || "-"} ids=${ids}\n`,
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
  for (const seed of seeds) fake.seed(seed);

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
