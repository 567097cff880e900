/**
 * The CLI as the demo and benchmark use it: a child process that prints its
 * URL, serves seeded secrets to the SDK, logs without values and stops on
 * SIGTERM.
 */

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetSecretValueCommand, ResourceNotFoundException } from "@aws-sdk/client-secrets-manager";
import { rejectionOf, sdkClient } from "./sdk-test-client";
import { parseSeedFile, SeedFileError } from "./seed-file";

const workDir = mkdtempSync(join(tmpdir(), "fake-aws-cli-"));
const mainScript = join(import.meta.dir, "main.ts");

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** Reads a child's stdout: the first line as soon as it is complete, the rest at exit. */
function stdoutReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  return {
    async firstLine(): Promise<string> {
      while (!text.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      return text.split("\n")[0] ?? "";
    },
    async all(): Promise<string> {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += decoder.decode(value, { stream: true });
      }
    },
  };
}

describe("main.ts", () => {
  test("prints its URL, serves the seed file, logs without values and exits 0 on SIGTERM", async () => {
    const seedPath = join(workDir, "seed.json");
    writeFileSync(
      seedPath,
      JSON.stringify([
        { name: "demo/app", secretString: "cli-secret-value" },
        { name: "demo/cert", region: "eu-west-1", secretBinary: "AAEC/w==" },
      ]),
    );
    const child = Bun.spawn([process.execPath, mainScript, "--seed", seedPath, "--latency", "1"], {
      stdout: "pipe",
      stderr: "pipe",
    });

    const stdoutOf = stdoutReader(child.stdout);
    const line = await stdoutOf.firstLine();
    const { url } = JSON.parse(line) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const east = sdkClient({ url });
    const west = sdkClient({ url }, { region: "eu-west-1" });
    const app = await east.send(new GetSecretValueCommand({ SecretId: "demo/app" }));
    const cert = await west.send(new GetSecretValueCommand({ SecretId: "demo/cert" }));
    const missing = await rejectionOf(east.send(new GetSecretValueCommand({ SecretId: "demo/cert" })));
    east.destroy();
    west.destroy();

    child.kill("SIGTERM");
    const exitCode = await child.exited;
    const stdout = await stdoutOf.all();
    const stderr = await new Response(child.stderr).text();

    expect(app.SecretString).toBe("cli-secret-value");
    expect([...(cert.SecretBinary ?? [])]).toEqual([0, 1, 2, 255]);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(exitCode).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("200 GetSecretValue region=us-east-1 akid=AKIDEXAMPLE ids=demo/app");
    expect(stderr).toContain("400 GetSecretValue region=us-east-1 akid=AKIDEXAMPLE ids=demo/cert");
    expect(stderr).not.toContain("cli-secret-value");
    expect(stderr).not.toContain("AAEC/w==");
  });

  test("rejects a bad seed file with a message and a non-zero exit", async () => {
    const seedPath = join(workDir, "bad.json");
    writeFileSync(seedPath, JSON.stringify([{ name: "x", secretString: "hidden-value", secretBinary: "AA==" }]));

    const child = Bun.spawn([process.execPath, mainScript, "--seed", seedPath], {
      stdout: "pipe",
      stderr: "pipe",
    });
    const exitCode = await child.exited;
    const stderr = await new Response(child.stderr).text();

    expect(exitCode).not.toBe(0);
    expect(stderr).toContain("exactly one of");
    expect(stderr).not.toContain("hidden-value");
    expect(await new Response(child.stdout).text()).toBe("");
  });
});

describe("parseSeedFile", () => {
  test("decodes base64 secretBinary and keeps optional fields", () => {
    const seeds = parseSeedFile(
      JSON.stringify([
        { name: "a", secretBinary: "AAEC/w==", region: "eu-west-1", versionStage: "AWSPENDING" },
        { name: "b", secretString: "s", description: "d", kmsKeyId: "k" },
      ]),
    );

    expect(seeds[0]?.secretBinary).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(seeds[0]).toMatchObject({ name: "a", region: "eu-west-1", versionStage: "AWSPENDING" });
    expect(seeds[1]).toEqual({ name: "b", secretString: "s", description: "d", kmsKeyId: "k" });
  });

  test("refuses malformed entries, naming where", () => {
    expect(() => parseSeedFile("{}")).toThrow(SeedFileError);
    expect(() => parseSeedFile("[{}]")).toThrow('seed file[0]: "name" must be a non-empty string');
    expect(() => parseSeedFile('[{"name":"a","secretBinary":"not base64!"}]')).toThrow("base64");
    expect(() => parseSeedFile('[{"name":"a","secretString":"s","extra":1}]')).toThrow('unknown field "extra"');
  });
});
