/**
 * Local files env-secrets reads itself (the config file, the CA bundle), end
 * to end through the compiled binary: only regular files, never more than a
 * fixed size, and a broken config file's line found without re-parsing it
 * line by line.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useSecretRuns } from "../helpers/e2e.ts";
import { awsEnv, dumpEnvCommand, runBinary, scratchDir } from "../helpers/run.ts";

const { fake } = useSecretRuns("local-files");

/** A FIFO nobody writes to: reading it would wait forever. */
function fifo(): string {
  const path = join(scratchDir(), "fifo");
  const made = Bun.spawnSync({ cmd: ["mkfifo", path] });
  if (made.exitCode !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`);
  return path;
}

/** A regular file one byte over `bytes`. */
function fileOver(bytes: number, line: string): string {
  const path = join(scratchDir(), "big");
  writeFileSync(path, line.repeat(Math.ceil((bytes + 1) / line.length)));
  return path;
}

/** Runs `aws -s ... -- <dump env>` in a scratch directory; the run must fail closed within `withinMs`. */
async function expectFastFailure(args: string[], env: Record<string, string | undefined>, line: string, withinMs = 5000) {
  const dir = scratchDir();
  const dump = join(dir, "env");
  const started = performance.now();
  const result = await runBinary(["aws", "-s", "local-files/any", ...args, "--", ...dumpEnvCommand(dump)], {
    env: awsEnv(fake().url, { HOME: dir, ...env }),
    cwd: dir,
    timeoutMs: 15_000,
  });
  const elapsed = performance.now() - started;
  expect(result.stderr).toBe(`${line}\n`);
  expect(result.exitCode).toBe(125);
  expect(existsSync(dump)).toBe(false);
  expect(elapsed).toBeLessThan(withinMs);
  expect(fake().requests).toHaveLength(0);
}

describe("--config reads only a regular file of at most 1 MiB", () => {
  const hint = "check the --config path, or run with --no-config";

  test("/dev/zero: refused at once, nothing read", async () => {
    await expectFastFailure(["--config", "/dev/zero"], {}, `env-secrets: /dev/zero: the config file is not a regular file (a character device) — ${hint}`);
  });

  test("a FIFO: refused at once, without waiting for a writer", async () => {
    const path = fifo();
    await expectFastFailure(["--config", path], {}, `env-secrets: ${path}: the config file is not a regular file (a FIFO) — ${hint}`);
  });

  test("a file over 1 MiB", async () => {
    const path = fileOver(1024 * 1024, "# a comment line of a config file\n");
    await expectFastFailure(["--config", path], {}, `env-secrets: ${path}: the config file is larger than 1 MiB — a config file may hold at most 1 MiB; ${hint}`);
  });
});

describe("--ca-bundle and AWS_CA_BUNDLE read only a regular file of at most 4 MiB", () => {
  const hint = "give the path of a PEM file of CA certificates";

  test("/dev/zero, as --ca-bundle and as AWS_CA_BUNDLE: refused at once", async () => {
    await expectFastFailure(["--ca-bundle", "/dev/zero"], {}, `env-secrets: --ca-bundle: /dev/zero is not a regular file (a character device) — ${hint}`);
    await expectFastFailure([], { AWS_CA_BUNDLE: "/dev/zero" }, `env-secrets: AWS_CA_BUNDLE: /dev/zero is not a regular file (a character device) — ${hint}`);
  });

  test("a FIFO, as --ca-bundle and as AWS_CA_BUNDLE: refused without waiting for a writer", async () => {
    const path = fifo();
    await expectFastFailure(["--ca-bundle", path], {}, `env-secrets: --ca-bundle: ${path} is not a regular file (a FIFO) — ${hint}`);
    await expectFastFailure([], { AWS_CA_BUNDLE: path }, `env-secrets: AWS_CA_BUNDLE: ${path} is not a regular file (a FIFO) — ${hint}`);
  });

  test("a file over 4 MiB", async () => {
    const path = fileOver(4 * 1024 * 1024, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    await expectFastFailure(["--ca-bundle", path], {}, `env-secrets: --ca-bundle: ${path} is larger than 4 MiB — ${hint} of at most 4 MiB`);
  });
});

describe("a YAML syntax error is located in about log2(lines) parses", () => {
  /** `secrets:` with `items` list entries, the last one broken. */
  function brokenConfig(items: number): string {
    const lines = ["provider: aws", "secrets:"];
    for (let i = 1; i < items; i++) lines.push(`  - name: app/secret-${i}`);
    lines.push("  - name: [unclosed");
    return `${lines.join("\n")}\n`;
  }

  test("16,000 lines with a broken last line: the line is named, within 2 seconds", async () => {
    const dir = scratchDir();
    const cwd = join(dir, "project");
    mkdirSync(cwd);
    const file = join(cwd, ".env-secrets.yml");
    writeFileSync(file, brokenConfig(15_998));
    const started = performance.now();
    const result = await runBinary(["aws", "--format", "json"], { env: awsEnv(fake().url, { HOME: dir }), cwd, timeoutMs: 30_000 });
    const elapsed = performance.now() - started;
    expect(result.stderr).toMatch(new RegExp(`^env-secrets: ${file}:16000: not valid YAML \\(.*\\) — fix the config file, or choose another with --config <file> or none with --no-config\\n$`));
    expect(result.exitCode).toBe(1);
    expect(elapsed).toBeLessThan(2000);
  });
});
