/**
 * `--version` and `--help` never load the AWS SDK (nor does anything before a
 * command has AWS work to do), nor the MCP SDK and zod (only `env-secrets mcp`
 * does, once it serves): their modules are reached only through lazy
 * imports. Checked on the source with a loader hook that reports each SDK
 * module loaded; the compiled binary keeps the same lazy imports as separate
 * chunks (scripts/build.ts: ES modules, split at each lazy import).
 */
import { expect, test } from "bun:test";
import { join, resolve } from "node:path";
import { envWith } from "../helpers/env.ts";
import { scratchDir } from "../helpers/run.ts";

const ROOT = resolve(import.meta.dir, "../..");

function runSource(args: string[]): { exitCode: number; stderr: string; sdkModules: string[] } {
  const run = Bun.spawnSync({
    cmd: [process.execPath, "--preload", join(ROOT, "tests/helpers/sdk-probe.ts"), join(ROOT, "src/cli.ts"), ...args],
    cwd: scratchDir(),
    env: envWith({}),
    stdout: "pipe",
    stderr: "pipe",
  });
  const stderr = run.stderr.toString();
  return { exitCode: run.exitCode, stderr, sdkModules: stderr.split("\n").filter((line) => line.startsWith("sdk module loaded: ")) };
}

test("--version, --help and a command's --help load no module of the AWS SDK, the MCP SDK or zod", () => {
  for (const args of [["--version"], ["-v"], ["--help"], ["aws", "--help"], ["aws", "secret", "--help"], ["aws", "secret", "create", "--help"], ["aws", "policy", "--help"], ["mcp", "--help"]]) {
    const run = runSource(args);
    expect({ args, exitCode: run.exitCode, sdkModules: run.sdkModules }).toEqual({ args, exitCode: 0, sdkModules: [] });
  }
});

test("usage errors found before any AWS call load none either", () => {
  const run = runSource(["aws", "--no-config", "--", "true"]);
  expect(run.stderr).toContain("no secret given");
  expect(run.sdkModules).toEqual([]);
  const secretCommand = runSource(["aws", "secret", "create", "-n", "x", "-r", "us-east-1"]);
  expect(secretCommand.stderr).toContain("no value given");
  expect(secretCommand.sdkModules).toEqual([]);
});

test("a run of aws loads no module of the MCP SDK or zod", () => {
  const run = runSource(["aws", "--no-config", "-s", "x", "-r", "us-east-1", "--endpoint-url", "http://127.0.0.1:9", "--timeout", "2", "--", "true"]);
  expect(run.sdkModules.filter((line) => /@modelcontextprotocol|\/zod\//.test(line))).toEqual([]);
});

test("the probe sees the MCP SDK and zod when mcp serves (stdin at its end: it exits at once), and no AWS SDK before a call", () => {
  const run = runSource(["mcp"]);
  expect(run.exitCode).toBe(0);
  expect(run.sdkModules.some((line) => line.includes("/@modelcontextprotocol/sdk/"))).toBe(true);
  expect(run.sdkModules.some((line) => line.includes("/zod/"))).toBe(true);
  expect(run.sdkModules.filter((line) => /@(aws-sdk|smithy)\//.test(line))).toEqual([]);
});

test("the probe sees the SDK when a run does load it", () => {
  const run = runSource(["aws", "--no-config", "-s", "x", "-r", "us-east-1", "--endpoint-url", "http://127.0.0.1:9", "--timeout", "2", "--", "true"]);
  expect(run.exitCode).toBe(125);
  expect(run.sdkModules.length).toBeGreaterThan(0);
});
