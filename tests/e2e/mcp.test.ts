/**
 * `env-secrets mcp` on the compiled binary, driven by the official SDK's
 * MCP client over stdio against the local fake AWS. Every byte the server
 * writes on stdout and stderr in each session is recorded and checked for
 * canaries: the tools give names, metadata and key names, never a value.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type CallToolResult, LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { VERSION } from "../../src/version.ts";
import { binaryPath } from "../helpers/binary.ts";
import { canary, expectNoCanaries } from "../helpers/canary.ts";
import { envWith } from "../helpers/env.ts";
import { useSecretCommands } from "../helpers/manage.ts";
import { awsEnv, readEnvDump, runBinary, scratchDir } from "../helpers/run.ts";

const { fake, secretName, run: runCli } = useSecretCommands("e2e-mcp");

interface Session {
  client: Client;
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** Closes stdin, waits for the server to exit: its exit status and every byte it wrote. */
  end(): Promise<{ exitCode: number; stdout: string; stderr: string }>;
}

/**
 * A client session with `env-secrets mcp <args>`. The server is started by
 * `sh`, which records its stdout (through tee, on its way to the client) and
 * its stderr in files, and its exit status.
 */
async function session(args: string[] = [], env: Record<string, string | undefined> = {}): Promise<Session> {
  const dir = scratchDir();
  const [out, err, status] = [join(dir, "stdout"), join(dir, "stderr"), join(dir, "status")];
  const transport = new StdioClientTransport({
    command: "sh",
    args: ["-c", '{ "$0" mcp "$@" 2>"$MCP_ERR"; echo $? >"$MCP_STATUS"; } | tee "$MCP_OUT"', binaryPath(), ...args],
    env: envWith({ ...awsEnv(fake().url, env), MCP_OUT: out, MCP_ERR: err, MCP_STATUS: status }),
    stderr: "inherit",
  });
  const client = new Client({ name: "env-secrets-test", version: "1.0.0" });
  await client.connect(transport);
  return {
    client,
    call: async (name, callArgs) => (await client.callTool({ name, arguments: callArgs })) as CallToolResult,
    async end() {
      await client.close();
      for (let i = 0; i < 100 && !existsSync(status); i++) await Bun.sleep(50);
      const [stdout, stderr] = [readFileSync(out, "utf8"), readFileSync(err, "utf8")];
      expectNoCanaries(stdout, "mcp stdout");
      expectNoCanaries(stderr, "mcp stderr");
      return { exitCode: Number(readFileSync(status, "utf8").trim()), stdout, stderr };
    },
  };
}

/** The JSON object a tool returned, from its text (as every client reads it) and as structured content, which must agree. */
function resultOf(result: CallToolResult): Record<string, unknown> {
  expect(result.isError).toBeFalsy();
  const text = (result.content[0] as { type: "text"; text: string }).text;
  const parsed = JSON.parse(text) as Record<string, unknown>;
  expect(result.structuredContent).toEqual(parsed);
  return parsed;
}

function errorText(result: CallToolResult): string {
  expect(result.isError).toBe(true);
  return (result.content[0] as { type: "text"; text: string }).text;
}

/** A JSON object secret of canary values. */
function seedApp(label: string, options: { region?: string; tags?: Record<string, string>; description?: string } = {}) {
  const name = secretName(label);
  const values = { DB_HOST: canary(`${label}-host`), DB_PASSWORD: canary(`${label}-password`) };
  const { arn } = fake().seed({ name, secretString: JSON.stringify(values), ...options });
  return { name, arn, values };
}

/** A raw session: lines written to stdin by the test, stdout and stderr read whole. */
function rawServer(args: string[] = [], env: Record<string, string | undefined> = {}) {
  const proc = Bun.spawn({
    cmd: [binaryPath(), "mcp", ...args],
    env: envWith(awsEnv(fake().url, env)),
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    timeout: 20_000,
  });
  const stdout = new Response(proc.stdout).text();
  const stderr = new Response(proc.stderr).text();
  return {
    proc,
    send(...lines: string[]) {
      for (const line of lines) proc.stdin.write(`${line}\n`);
      proc.stdin.flush();
    },
    async finish() {
      const [out, err] = [await stdout, await stderr];
      await proc.exited;
      expectNoCanaries(out, "mcp stdout");
      expectNoCanaries(err, "mcp stderr");
      return { exitCode: proc.exitCode, signal: proc.signalCode, messages: out.trimEnd().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stderr: err };
    },
  };
}

const initialize = (id: number, protocolVersion = "2025-06-18") =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "initialize", params: { protocolVersion, capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
const initialized = JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" });
const callLine = (id: number, name: string, args: Record<string, unknown>) => JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

describe("protocol", () => {
  test("initialize: our name and version, the tools capability, instructions; the client's protocol version when we support it", async () => {
    const s = await session();
    expect(s.client.getServerVersion()).toEqual({ name: "env-secrets", version: VERSION });
    expect(s.client.getServerCapabilities()?.tools).toBeDefined();
    expect(s.client.getInstructions()).toContain("never a value");
    const end = await s.end();
    expect(end.exitCode).toBe(0);
    expect(end.stderr).toBe("");
    // Every line on stdout is a JSON-RPC message.
    for (const line of end.stdout.trimEnd().split("\n")) expect(JSON.parse(line).jsonrpc).toBe("2.0");

    const raw = rawServer();
    raw.send(initialize(1, "2024-11-05"), initialize(2, "1999-01-01"));
    raw.proc.stdin.end();
    const { messages, exitCode } = await raw.finish();
    const versions = Object.fromEntries(messages.map((m) => [m.id, (m.result as { protocolVersion: string }).protocolVersion]));
    expect(versions).toEqual({ 1: "2024-11-05", 2: LATEST_PROTOCOL_VERSION });
    expect(exitCode).toBe(0);
  });

  test("tools/list: the five tools, each with a description and a JSON Schema for its input", async () => {
    const s = await session();
    const { tools } = await s.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(["describe_secret", "get_command", "iam_policy", "list_secrets", "secret_keys"]);
    const shape = (name: string) => {
      const schema = byName[name]!.inputSchema as { type: string; properties: Record<string, { type?: string; enum?: string[] }>; required?: string[]; additionalProperties?: boolean };
      expect(schema.type).toBe("object");
      expect(schema.additionalProperties).toBe(false);
      expect(byName[name]!.description!.length).toBeGreaterThan(60);
      expect(byName[name]!.annotations?.readOnlyHint).toBe(true);
      return { properties: Object.keys(schema.properties).sort(), required: schema.required ?? [], types: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, v.type])) };
    };
    expect(shape("list_secrets")).toEqual({
      properties: ["prefix", "profile", "region", "tag_key", "tag_value"],
      required: [],
      types: { prefix: "string", tag_key: "string", tag_value: "string", region: "string", profile: "string" },
    });
    expect(shape("describe_secret")).toMatchObject({ properties: ["profile", "region", "secret_name"], required: ["secret_name"] });
    expect(shape("secret_keys")).toMatchObject({ properties: ["profile", "region", "secret_name"], required: ["secret_name"] });
    expect(shape("get_command")).toMatchObject({ properties: ["action", "command", "key", "profile", "region", "secret_name"], required: ["action"], types: { command: "array" } });
    expect((byName.get_command!.inputSchema.properties as Record<string, { enum: string[] }>).action!.enum).toEqual(["run", "set", "create", "list", "describe", "policy"]);
    expect(shape("iam_policy")).toMatchObject({ properties: ["batch", "profile", "region", "secret_names", "watch"], required: ["secret_names"], types: { batch: "boolean", secret_names: "array", watch: "boolean" } });
    expect(byName.get_command!.annotations?.openWorldHint).toBe(false);
    expect((await s.end()).exitCode).toBe(0);
  });

  test("malformed lines, unknown methods and invalid requests get JSON-RPC errors, and the server keeps answering", async () => {
    const raw = rawServer();
    raw.send(
      "this is not json",
      initialize(1),
      initialized,
      '{"jsonrpc":"2.0","id":2}',
      "[1,2]",
      '{"jsonrpc":"2.0","id":3,"method":"no/such/method"}',
      "",
      '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}',
      '{"jsonrpc":"2.0","id":5,"method":"ping"}',
    );
    raw.proc.stdin.end();
    const { messages, exitCode, stderr } = await raw.finish();
    const errors = messages.filter((m) => m.error).map((m) => ({ id: m.id, code: (m.error as { code: number }).code }));
    expect(errors).toEqual([
      { id: null, code: -32700 },
      { id: 2, code: -32600 },
      { id: null, code: -32600 },
      { id: 3, code: -32601 },
      { id: 4, code: -32602 },
    ]);
    expect((messages.find((m) => m.id === 4)!.error as { message: string }).message).toBe(
      "unknown tool 'no_such_tool': the tools are list_secrets, describe_secret, secret_keys, get_command, iam_policy",
    );
    expect(messages.find((m) => m.id === 5)).toEqual({ jsonrpc: "2.0", id: 5, result: {} });
    expect(messages.find((m) => m.id === 1)?.result).toBeDefined();
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
  });

  test("a bad option or word on the command line: the usage error, before anything is served", async () => {
    const endpoint = await runBinary(["mcp", "--endpoint-url", "http://example.com"], { env: awsEnv(fake().url), stdin: `${initialize(1)}\n` });
    expect(endpoint.stdout).toBe("");
    expect(endpoint.stderr).toBe(
      "env-secrets: --endpoint-url: refusing http://example.com — secrets travel over HTTPS only; plain http is allowed for loopback hosts (127.0.0.0/8, ::1, localhost)\n",
    );
    expect(endpoint.exitCode).toBe(2);
    const word = await runBinary(["mcp", "serve"], { env: awsEnv(fake().url) });
    expect(word.stderr).toBe("env-secrets: unexpected argument 'serve' — see 'env-secrets mcp --help'\n");
    expect(word.exitCode).toBe(2);
  });

  test("stdin a regular file (which epoll refuses with EPERM) or /dev/null: read from fd 0 all the same", async () => {
    const input = join(scratchDir(), "input");
    writeFileSync(input, `${initialize(1)}\n${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" })}\n`);
    for (const stdin of [Bun.file(input), Bun.file("/dev/null")]) {
      const proc = Bun.spawn({ cmd: [binaryPath(), "mcp"], env: envWith(awsEnv(fake().url)), stdin, stdout: "pipe", stderr: "pipe", timeout: 20_000 });
      const [stdout, stderr] = [await new Response(proc.stdout).text(), await new Response(proc.stderr).text()];
      await proc.exited;
      const ids = stdout.trimEnd().split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { id: number }).id);
      expect({ ids: ids.sort(), exitCode: proc.exitCode, stderr }).toEqual({ ids: stdin.name === "/dev/null" ? [] : [1, 2], exitCode: 0, stderr: "" });
    }
  });

  test("end of stdin with a call in flight: the answer goes out, then exit 0", async () => {
    const app = seedApp("inflight");
    fake().setLatency(800);
    const raw = rawServer();
    raw.send(initialize(1), initialized, callLine(2, "describe_secret", { secret_name: app.name }));
    raw.proc.stdin.end();
    const { messages, exitCode } = await raw.finish();
    const answer = messages.find((m) => m.id === 2)!.result as CallToolResult;
    expect(answer.isError).toBeFalsy();
    expect((answer.structuredContent as { arn: string }).arn).toBe(app.arn);
    expect(exitCode).toBe(0);
  });

  test("SIGTERM and SIGINT end the server promptly, also with a call in flight", async () => {
    const app = seedApp("signal");
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      fake().setLatency(10_000);
      const raw = rawServer();
      raw.send(initialize(1), initialized, callLine(2, "secret_keys", { secret_name: app.name }));
      // The call is in flight once the fake has it.
      for (let i = 0; i < 100 && !fake().requests.some((r) => r.operation === "GetSecretValue"); i++) await Bun.sleep(50);
      const started = performance.now();
      raw.proc.kill(signal);
      const { exitCode, signal: died } = await raw.finish();
      expect(performance.now() - started).toBeLessThan(2_000);
      expect({ exitCode, died }).toEqual({ exitCode: null, died: signal });
      fake().clearRequests();
    }
  });
});

describe("tools", () => {
  test("list_secrets: filters in AWS by prefix and tag; name, ARN, description, dates; capped at 100 with a note", async () => {
    const prefix = `${secretName("list")}/`;
    const a = fake().seed({ name: `${prefix}a`, secretString: `{"K":"${canary("list-a")}"}`, description: "first", tags: { team: "core" } });
    fake().seed({ name: `${prefix}b`, secretString: "{}", tags: { team: "other" } });
    fake().seed({ name: `${prefix}c`, secretString: "{}", tags: { owner: "x" } });
    const s = await session();
    const listed = resultOf(await s.call("list_secrets", { prefix, tag_key: "team", tag_value: "core" }));
    expect(listed).toEqual({
      region: "us-east-1",
      secrets: [{ name: `${prefix}a`, arn: a.arn, description: "first", lastChanged: expect.stringMatching(/^\d{4}-/), lastAccessed: null, tags: { team: "core" } }],
      truncated: false,
    });
    const byKey = resultOf(await s.call("list_secrets", { prefix, tag_key: "team" }));
    expect((byKey.secrets as Array<{ name: string }>).map((e) => e.name)).toEqual([`${prefix}a`, `${prefix}b`]);
    expect(fake().requests.every((r) => r.operation === "ListSecrets")).toBe(true);

    const many = `${secretName("many")}/`;
    for (let i = 0; i < 230; i++) fake().seed({ name: `${many}${String(i).padStart(3, "0")}`, secretString: "{}" });
    fake().clearRequests();
    const capped = resultOf(await s.call("list_secrets", { prefix: many }));
    expect((capped.secrets as unknown[]).length).toBe(100);
    expect(capped.truncated).toBe(true);
    expect(capped.note).toBe("more than 100 secrets match: showing the first 100; narrow with prefix or tag_key/tag_value");
    // The cap stops paging: two pages of 100 read, not three.
    expect(fake().requests.map((r) => r.operation)).toEqual(["ListSecrets", "ListSecrets"]);
    expect(errorText(await s.call("list_secrets", { tag_value: "core" }))).toBe("tag_value: given without tag_key — give the tag's key in tag_key as well");
    expect((await s.end()).exitCode).toBe(0);
  });

  test("describe_secret: metadata, stages, tags, KMS key, rotation, as `aws secret get --output json` shows them; never the value", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/k-1";
    const name = secretName("describe");
    const { arn, versionId } = fake().seed({ name, secretString: `{"PASSWORD":"${canary("describe")}"}`, description: "db", kmsKeyId: key, tags: { team: "core" } });
    const s = await session();
    const described = resultOf(await s.call("describe_secret", { secret_name: name }));
    expect(described).toMatchObject({ name, arn, description: "db", kmsKeyId: key, rotationEnabled: false, versions: { [versionId]: ["AWSCURRENT"] }, tags: { team: "core" } });
    const cli = await runCli(["get", "-n", name, "--output", "json"]);
    expect(described).toEqual({ ...JSON.parse(cli.stdout), lastAccessed: described.lastAccessed });
    expect((await s.end()).exitCode).toBe(0);
  });

  test("secret_keys: the key names of a JSON object, never the values; plain text and binary secrets say so", async () => {
    const app = seedApp("keys");
    const text = secretName("text");
    fake().seed({ name: text, secretString: canary("plain-text") });
    const binary = secretName("binary");
    fake().seed({ name: binary, secretBinary: new TextEncoder().encode(canary("binary")) });
    const s = await session();
    expect(resultOf(await s.call("secret_keys", { secret_name: app.name }))).toEqual({
      name: app.name,
      arn: app.arn,
      kind: "json-object",
      keys: ["DB_HOST", "DB_PASSWORD"],
      note: "env-secrets aws -s <name> gives one variable per key; -s '<name>#KEY' only that key",
    });
    expect(resultOf(await s.call("secret_keys", { secret_name: text }))).toMatchObject({ kind: "text", keys: [] });
    expect(resultOf(await s.call("secret_keys", { secret_name: binary }))).toMatchObject({ kind: "binary", keys: [] });
    expect((await s.end()).exitCode).toBe(0);
  });

  test("iam_policy: the policy `aws policy` prints for the same secrets, with its notes", async () => {
    const app = seedApp("policy");
    const s = await session();
    const answer = resultOf(await s.call("iam_policy", { secret_names: [app.name], batch: true, watch: true }));
    const cli = await runCli(["policy", "-s", app.name, "--batch", "--watch", "--no-config"]);
    expect(JSON.stringify(answer.policy)).toContain("secretsmanager:DescribeSecret");
    expect(answer.policy).toEqual(JSON.parse(cli.stdout));
    expect((answer.notes as string[]).length).toBeGreaterThan(0);
    expect(cli.stderr).toContain((answer.notes as string[])[0]!);
    expect(fake().requests.filter((r) => r.operation === "GetSecretValue")).toEqual([]);
    expect((await s.end()).exitCode).toBe(0);
  });

  test("per-call region and profile; -r and -p of the server are the defaults", async () => {
    const west = seedApp("west", { region: "eu-west-1" });
    const dir = scratchDir();
    writeFileSync(join(dir, "config"), "[profile other]\nregion = eu-west-1\n");
    writeFileSync(join(dir, "credentials"), `[other]\naws_access_key_id = AKIDOTHERPROFILE\naws_secret_access_key = ${canary("other-profile-key")}\n`);
    const files = { AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials") };
    const s = await session([], files);
    expect(errorText(await s.call("describe_secret", { secret_name: west.name }))).toContain("ResourceNotFoundException — no such secret in us-east-1");
    fake().clearRequests();
    expect(resultOf(await s.call("describe_secret", { secret_name: west.name, region: "eu-west-1" })).arn).toBe(west.arn);
    expect(fake().requests.map((r) => [r.region, r.accessKeyId])).toEqual([["eu-west-1", "AKIDENVTEST"]]);
    fake().clearRequests();
    // The profile's keys (AWS_REGION still wins over the profile's region, as everywhere in the SDK).
    expect(resultOf(await s.call("secret_keys", { secret_name: west.name, profile: "other", region: "eu-west-1" })).keys).toEqual(["DB_HOST", "DB_PASSWORD"]);
    expect(fake().requests.map((r) => [r.region, r.accessKeyId])).toEqual([["eu-west-1", "AKIDOTHERPROFILE"]]);
    expect((await s.end()).exitCode).toBe(0);

    const defaults = await session(["-r", "eu-west-1"], files);
    fake().clearRequests();
    expect(resultOf(await defaults.call("describe_secret", { secret_name: west.name })).arn).toBe(west.arn);
    expect(fake().requests.map((r) => r.region)).toEqual(["eu-west-1"]);
    expect(resultOf(await defaults.call("get_command", { action: "describe", secret_name: west.name })).command).toBe(
      `env-secrets aws secret get -n '${west.name}' -r 'eu-west-1'`,
    );
    expect(resultOf(await defaults.call("get_command", { action: "describe", secret_name: west.name, profile: "other" })).command).toBe(
      `env-secrets aws secret get -n '${west.name}' -r 'eu-west-1' -p 'other'`,
    );
    expect((await defaults.end()).exitCode).toBe(0);
  });
});

describe("errors", () => {
  test("a missing secret and a denied call are tool errors with the CLI's one-line message and fix", async () => {
    const app = seedApp("errors");
    const s = await session();
    const missing = errorText(await s.call("describe_secret", { secret_name: `${app.name}-missing` }));
    const cli = await runCli(["get", "-n", `${app.name}-missing`]);
    expect(`env-secrets: ${missing}\n`).toBe(cli.stderr);
    expect(missing).toBe(
      `${app.name}-missing: ResourceNotFoundException — no such secret in us-east-1; check the name, the region (-r) and the account of your credentials`,
    );
    fake().deny("GetSecretValue");
    const denied = errorText(await s.call("secret_keys", { secret_name: app.name }));
    expect(denied).toMatch(new RegExp(`^${app.name}: AccessDeniedException — .*secretsmanager:GetSecretValue`));
    expect(denied).not.toContain("\n");
    fake().clearDenials();
    fake().deny("ListSecrets");
    expect(errorText(await s.call("list_secrets", {}))).toMatch(/^us-east-1: AccessDeniedException — your credentials may not call secretsmanager:ListSecrets here/);
    expect((await s.end()).exitCode).toBe(0);
  });

  test("bad arguments are JSON-RPC invalid-params errors that name the argument; the session goes on", async () => {
    const s = await session();
    const invalid = async (name: string, args: Record<string, unknown>) => {
      const error = await s.call(name, args).then(
        () => undefined,
        (e: unknown) => e as { code: number; message: string },
      );
      expect(error?.code).toBe(-32602);
      return error!.message;
    };
    expect(await invalid("describe_secret", {})).toContain("invalid arguments for describe_secret: secret_name: Invalid input: expected string, received undefined");
    expect(await invalid("secret_keys", { secret_name: "x", secretName: "x" })).toContain('invalid arguments for secret_keys: arguments: Unrecognized key: "secretName"');
    expect(await invalid("get_command", { action: "delete", secret_name: "x" })).toContain("invalid arguments for get_command: action: Invalid option");
    expect(await invalid("iam_policy", { secret_names: [] })).toContain("invalid arguments for iam_policy: secret_names: Too small");
    // A required argument of one action only: a tool error, as the CLI's usage errors read.
    expect(errorText(await s.call("get_command", { action: "describe" }))).toBe("get_command describe needs secret_name — give secret_name: the secret's name or ARN");
    expect(resultOf(await s.call("get_command", { action: "list" })).command).toBe("env-secrets aws secret list");
    expect((await s.end()).exitCode).toBe(0);
  });
});

describe("get_command", () => {
  const HOSTILE = `app/it's $(touch pwned) \`x\` "q" ; | & > *`;
  const ACTIONS = ["run", "set", "create", "list", "describe", "policy"] as const;

  test("every action, with hostile names and keys: sh -n accepts each line, and sh reads back exactly the words", async () => {
    const s = await session();
    const dir = scratchDir();
    // A stand-in env-secrets that prints its arguments, one per line, NUL-terminated.
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "env-secrets"), '#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done\n', { mode: 0o755 });
    for (const action of ACTIONS) {
      for (const key of [undefined, "KEY'$(x)"]) {
        const args = { action, secret_name: HOSTILE, ...(key ? { key } : {}), ...(action === "run" ? { command: ["node", "-e", "console.log('$HOME')"] } : {}), region: "eu-west-1" };
        const { command } = resultOf(await s.call("get_command", args)) as { command: string };
        const syntax = Bun.spawnSync({ cmd: ["sh", "-n", "-c", command], stderr: "pipe" });
        expect({ command, status: syntax.exitCode, stderr: syntax.stderr.toString() }).toEqual({ command, status: 0, stderr: "" });
        const words = Bun.spawnSync({ cmd: ["sh", "-c", command], cwd: dir, env: envWith({ PATH: `${bin}:${process.env.PATH}` }), stdout: "pipe" });
        const argv = words.stdout.toString().split("\0").slice(0, -1);
        expect(argv).toContain(action === "run" ? `${HOSTILE}${key ? `#${key}` : ""}` : HOSTILE);
        if (key && action !== "run" && action !== "list" && action !== "describe" && action !== "policy") expect(argv).toContain(key);
        if (action === "set" || action === "create") expect(argv).toContain("--prompt");
        if (action === "run") expect(argv.slice(argv.indexOf("--") + 1)).toEqual(["node", "-e", "console.log('$HOME')"]);
        expect(existsSync(join(dir, "pwned"))).toBe(false);
      }
    }
    expect((await s.end()).exitCode).toBe(0);
  });

  test("run: the command line, executed with env-secrets on PATH, starts the program with the secret's keys", async () => {
    const app = seedApp("run");
    const s = await session();
    const dump = join(scratchDir(), "env");
    const { command } = resultOf(await s.call("get_command", { action: "run", secret_name: app.name, command: ["sh", "-c", 'env -0 > "$1"', "sh", dump] })) as {
      command: string;
    };
    expect(command).toBe(`env-secrets aws -s '${app.name}' -- 'sh' '-c' 'env -0 > "$1"' 'sh' '${dump}'`);
    const bin = join(scratchDir(), "bin");
    mkdirSync(bin);
    symlinkSync(binaryPath(), join(bin, "env-secrets"));
    // Asynchronously: the fake answers from this process.
    const inShell = async (line: string) => {
      const proc = Bun.spawn({ cmd: ["sh", "-c", line], env: envWith({ ...awsEnv(fake().url), PATH: `${bin}:${process.env.PATH}` }), stdout: "pipe", stderr: "pipe", timeout: 20_000 });
      const [stdout, stderr] = [await new Response(proc.stdout).text(), await new Response(proc.stderr).text()];
      await proc.exited;
      expectNoCanaries(stdout + stderr, "the run's output");
      return { exitCode: proc.exitCode, stderr };
    };
    expect(await inShell(command)).toEqual({ exitCode: 0, stderr: "" });
    const env = readEnvDump(dump);
    expect([env.DB_HOST, env.DB_PASSWORD]).toEqual([app.values.DB_HOST, app.values.DB_PASSWORD]);

    const { command: oneKey } = resultOf(await s.call("get_command", { action: "run", secret_name: app.name, key: "DB_HOST", command: ["sh", "-c", 'env -0 > "$1"', "sh", `${dump}2`] })) as {
      command: string;
    };
    expect(await inShell(oneKey)).toEqual({ exitCode: 0, stderr: "" });
    const one = readEnvDump(`${dump}2`);
    expect([one.DB_HOST, one.DB_PASSWORD]).toEqual([app.values.DB_HOST, undefined]);
    expect((await s.end()).exitCode).toBe(0);
  });
});

describe("no value ever leaves the server", () => {
  test("a session calling every tool on canary secrets, with --debug: no canary in any byte of stdout or stderr", async () => {
    const app = seedApp("debug");
    const text = secretName("debug-text");
    fake().seed({ name: text, secretString: canary("debug-text") });
    const s = await session(["--debug"]);
    await s.call("list_secrets", { prefix: app.name });
    await s.call("describe_secret", { secret_name: app.name });
    await s.call("secret_keys", { secret_name: app.name });
    await s.call("secret_keys", { secret_name: text });
    await s.call("get_command", { action: "run", secret_name: app.name, command: ["node", "app.js"] });
    await s.call("iam_policy", { secret_names: [app.name, text] });
    fake().inject({ kind: "decryption-failure", operation: "GetSecretValue" });
    expect(errorText(await s.call("secret_keys", { secret_name: app.name }))).toContain("DecryptionFailure");
    // end() checks every byte for canaries.
    const end = await s.end();
    expect(end.exitCode).toBe(0);
    expect(end.stderr).toContain("env-secrets: debug: mcp: secret_keys");
    expect(end.stderr.split("\n").filter(Boolean).every((line) => line.startsWith("env-secrets: "))).toBe(true);
  });
});
