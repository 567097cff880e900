/**
 * The CLI as the demo and benchmark use it: a child process that prints its
 * URL, serves seeded secrets to the SDK, logs without values and stops on
 * SIGTERM.
 */

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-secrets-manager";
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

describe("main.ts --quota", () => {
  test("throttles beyond the quota and logs the error code; the seed file can schedule a deletion", async () => {
    const seedPath = join(workDir, "quota-seed.json");
    writeFileSync(
      seedPath,
      JSON.stringify([
        { name: "demo/app", secretString: "quota-canary" },
        { name: "demo/old", secretString: "old-canary", deleted: true, recoveryWindowInDays: 7 },
      ]),
    );
    const child = Bun.spawn(
      [process.execPath, mainScript, "--seed", seedPath, "--quota", "GetSecretValue=1:1", "--quota", "DescribeSecret=100"],
      { stdout: "pipe", stderr: "pipe" },
    );
    const { url } = JSON.parse(await stdoutReader(child.stdout).firstLine()) as { url: string };
    const client = sdkClient({ url });

    const first = await client.send(new GetSecretValueCommand({ SecretId: "demo/app" }));
    const second = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: "demo/app" })));
    const described = await client.send(new DescribeSecretCommand({ SecretId: "demo/old" }));
    client.destroy();
    child.kill("SIGTERM");
    await child.exited;
    const stderr = await new Response(child.stderr).text();

    expect(first.SecretString).toBe("quota-canary");
    expect(second.name).toBe("ThrottlingException");
    expect(described.DeletedDate).toBeInstanceOf(Date);
    expect(stderr).toContain("400 GetSecretValue region=us-east-1 akid=AKIDEXAMPLE ids=demo/app code=ThrottlingException");
    expect(stderr).not.toContain("canary");
  });

  test("a malformed quota or one for an operation the fake does not serve is a usage error", async () => {
    for (const [quota, message] of [
      ["GetSecretValue", "--quota expects OPERATION=RPS[:BURST]"],
      ["RotateSecret=5", "does not implement RotateSecret"],
      ["GetSecretValue=0", "requests per second must be > 0"],
    ] as const) {
      const child = Bun.spawn([process.execPath, mainScript, "--quota", quota], { stdout: "pipe", stderr: "pipe" });
      const exitCode = await child.exited;

      expect(exitCode).toBe(2);
      expect(await new Response(child.stderr).text()).toContain(message);
      expect(await new Response(child.stdout).text()).toBe("");
    }
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

  test("reads labels, version ids, tags, rotation and deletion", () => {
    const written = {
      name: "a",
      secretString: "s",
      versionStages: ["AWSCURRENT", "custom"],
      versionId: "v".repeat(32),
      tags: { team: "core" },
      rotation: { automaticallyAfterDays: 30, lambdaArn: "arn:aws:lambda:us-east-1:1:function:r" },
      deleted: true,
      recoveryWindowInDays: 7,
    };

    // Every field comes through as written.
    const [entry] = parseSeedFile(JSON.stringify([written]));

    expect(entry).toEqual(written);
  });

  test("refuses malformed new fields, naming where and never the value", () => {
    const entry = (extra: Record<string, unknown>) =>
      JSON.stringify([{ name: "a", secretString: "hidden-value", ...extra }]);

    expect(() => parseSeedFile(entry({ tags: { k: 1 } }))).toThrow('seed file[0] (a): "tags" must be an object of strings');
    expect(() => parseSeedFile(entry({ versionStages: "AWSCURRENT" }))).toThrow('"versionStages" must be an array');
    expect(() => parseSeedFile(entry({ versionStage: "x", versionStages: ["y"] }))).toThrow("not both");
    expect(() => parseSeedFile(entry({ recoveryWindowInDays: 3 }))).toThrow("from 7 to 30");
    expect(() => parseSeedFile(entry({ rotation: { every: 3 } }))).toThrow('"rotation.every"');
    expect(() => parseSeedFile(entry({ deleted: "yes" }))).toThrow('"deleted" must be true or false');
    try {
      parseSeedFile(entry({ tags: [] }));
    } catch (error) {
      expect((error as Error).message).not.toContain("hidden-value");
    }
  });

  test("refuses malformed entries, naming where", () => {
    expect(() => parseSeedFile("{}")).toThrow(SeedFileError);
    expect(() => parseSeedFile("[{}]")).toThrow('seed file[0]: "name" must be a non-empty string');
    expect(() => parseSeedFile('[{"name":"a","secretBinary":"not base64!"}]')).toThrow("base64");
    expect(() => parseSeedFile('[{"name":"a","secretString":"s","extra":1}]')).toThrow('unknown field "extra"');
  });
});
