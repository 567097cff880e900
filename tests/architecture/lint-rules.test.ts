/**
 * The conventions biome.json enforces (lint/*.grit and the built-in
 * noConsole, scoped by folder), shown to fire where they must and to stay
 * quiet where the code is allowed: each probe is linted as if it were a file
 * at that path of src/, with the repository's own configuration.
 */
import { describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { scratchDir } from "../helpers/run.ts";

const ROOT = resolve(import.meta.dir, "../..");
const BIOME = join(ROOT, "node_modules", ".bin", "biome");

interface Diagnostic {
  path: string;
  message: string;
}

/** Lints the given files (path under the repository → text) and returns what biome reports about them. */
function lint(files: Record<string, string>): Diagnostic[] {
  const dir = scratchDir();
  cpSync(join(ROOT, "biome.json"), join(dir, "biome.json"));
  cpSync(join(ROOT, "lint"), join(dir, "lint"), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = Bun.spawnSync({ cmd: [BIOME, "lint", "--reporter=json", "--max-diagnostics=none", "."], cwd: dir, stdout: "pipe", stderr: "pipe" });
  const report = JSON.parse(run.stdout.toString()) as { diagnostics: Array<{ location?: { path?: { file?: string } | string }; message?: string; description?: string; category?: string }> };
  return report.diagnostics.map((d) => ({
    path: typeof d.location?.path === "string" ? d.location.path : (d.location?.path?.file ?? ""),
    message: `${d.category ?? ""} ${d.description ?? d.message ?? ""}`,
  }));
}

const messagesFor = (diagnostics: Diagnostic[], path: string) => diagnostics.filter((d) => d.path.endsWith(path)).map((d) => d.message);

describe("lint rules", () => {
  test("stdout is written only under src/output/", () => {
    const writes = [
      'import { writeAllSync } from "../io/write-sync.ts";',
      'process.stdout.write("x");',
      "writeAllSync(1, 'x');",
      "writeAllSync(2, 'fine: stderr');",
      "export const sink = Bun.stdout;",
    ].join("\n");
    const diagnostics = lint({ "src/commands/probe.ts": writes, "src/output/probe.ts": writes });
    expect(messagesFor(diagnostics, "src/commands/probe.ts").filter((m) => m.includes("only src/output/ writes to stdout"))).toHaveLength(3);
    expect(messagesFor(diagnostics, "src/output/probe.ts").filter((m) => m.includes("stdout"))).toEqual([]);
  });

  test("@aws-sdk/* and @smithy/* are imported only by the on-demand AWS code", () => {
    const imports = [
      'import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";',
      'import type { AwsCredentialIdentity } from "@smithy/types";',
      'export { streamCollector } from "@smithy/core/serde";',
      'export const later = () => import("@smithy/core/config");',
      "export const used = [GetSecretValueCommand];",
      "export type Used = AwsCredentialIdentity;",
    ].join("\n");
    const diagnostics = lint({ "src/commands/probe.ts": imports, "src/aws/options/probe.ts": imports, "src/aws/sdk/probe.ts": imports });
    expect(messagesFor(diagnostics, "src/commands/probe.ts").filter((m) => m.includes("the AWS SDK is imported only"))).toHaveLength(4);
    expect(messagesFor(diagnostics, "src/aws/options/probe.ts").filter((m) => m.includes("the AWS SDK is imported only"))).toHaveLength(4);
    expect(messagesFor(diagnostics, "src/aws/sdk/probe.ts").filter((m) => m.includes("AWS SDK"))).toEqual([]);
  });

  test("the MCP SDK and zod are imported only by src/mcp/ and src/commands/mcp/", () => {
    const imports = [
      'import { Server } from "@modelcontextprotocol/sdk/server/index.js";',
      'import * as z from "zod";',
      'import type { ZodObject } from "zod/v4";',
      'export const later = () => import("@modelcontextprotocol/sdk/types.js");',
      'import { zodLike } from "./zod-like.ts";',
      "export const used = [Server, z, zodLike];",
      "export type Used = ZodObject;",
    ].join("\n");
    const diagnostics = lint({ "src/commands/probe.ts": imports, "src/mcp/probe.ts": imports, "src/commands/mcp/probe.ts": imports });
    expect(messagesFor(diagnostics, "src/commands/probe.ts").filter((m) => m.includes("the MCP SDK and zod are imported only"))).toHaveLength(4);
    expect(messagesFor(diagnostics, "src/mcp/probe.ts").filter((m) => m.includes("MCP SDK"))).toEqual([]);
    expect(messagesFor(diagnostics, "src/commands/mcp/probe.ts").filter((m) => m.includes("MCP SDK"))).toEqual([]);
  });

  test("node:fs is reached only through src/io/lazy-node.ts", () => {
    const imports = [
      'import { statSync } from "node:fs";',
      'import type { Stats } from "fs";',
      'export { readFile } from "node:fs/promises";',
      'export const later = () => require("node:fs");',
      'import { nodeFs } from "../io/lazy-node.ts";',
      "export const used = [statSync, nodeFs];",
      "export type Used = Stats;",
    ].join("\n");
    const diagnostics = lint({ "src/run/probe.ts": imports, "src/io/lazy-node.ts": imports });
    expect(messagesFor(diagnostics, "src/run/probe.ts").filter((m) => m.includes("node:fs is loaded on first use only"))).toHaveLength(4);
    expect(messagesFor(diagnostics, "src/io/lazy-node.ts").filter((m) => m.includes("node:fs"))).toEqual([]);
  });

  test("no console.* in src/ (the logger writes every line, redacted, to stderr)", () => {
    const diagnostics = lint({ "src/run/probe.ts": 'console.log("x");\n', "tests/probe.ts": 'console.log("x");\n' });
    expect(messagesFor(diagnostics, "src/run/probe.ts").some((m) => m.includes("noConsole"))).toBe(true);
    expect(messagesFor(diagnostics, "tests/probe.ts").some((m) => m.includes("noConsole"))).toBe(false);
  });

  test("the repository itself passes them", () => {
    const run = Bun.spawnSync({ cmd: [BIOME, "lint", "src"], cwd: ROOT, stdout: "pipe", stderr: "pipe" });
    expect(run.stderr.toString() + run.stdout.toString()).not.toContain("plugin");
    expect(run.exitCode).toBe(0);
  });
});
