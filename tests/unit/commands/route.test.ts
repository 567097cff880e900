import { describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configChoiceFromWords, type Request, route, type Surroundings } from "../../../src/commands/_route.ts";
import type { EnvSecretsError } from "../../../src/errors.ts";
import { scratchDir } from "../../helpers/run.ts";

/** A working directory and HOME of the test's own, with or without a config file. */
function surroundings(configText?: string): Surroundings & { configPath: string } {
  const cwd = scratchDir();
  const configPath = join(cwd, ".env-secrets.yml");
  if (configText !== undefined) writeFileSync(configPath, configText);
  return { env: { HOME: cwd, MARKER: "from-the-test" }, cwd, platform: "linux", stdoutIsTerminal: () => false, stderrIsTerminal: () => false, readStdin: async () => new Uint8Array(), stdinStream: () => new Blob([]).stream(), configPath };
}

function expectKind<K extends Request["kind"]>(request: Request, kind: K): Extract<Request, { kind: K }> {
  if (request.kind === "failed" && kind !== "failed") throw request.error;
  expect(request.kind).toBe(kind);
  return request as Extract<Request, { kind: K }>;
}

const errorText = (request: Request) => String((expectKind(request, "failed").error as EnvSecretsError).message);

describe("a named command", () => {
  test("options before --, the program after it, the context from the surroundings", async () => {
    const world = surroundings();
    const run = expectKind(await route(["aws", "-s", "x", "--debug", "--", "node", "--debug"], world), "run");
    expect(run.command.meta.name).toBe("aws");
    expect(run.parsed.logging).toEqual({ debug: true, quiet: false });
    expect(run.context.command).toEqual(["node", "--debug"]);
    expect(run.context.env.MARKER).toBe("from-the-test");
    expect(run.context).toMatchObject({ cwd: world.cwd, home: world.cwd, platform: "linux" });
    expect(run.programGiven).toBe(true);
    expect(expectKind(await route(["aws", "-s", "x"], world), "run").programGiven).toBe(false);
  });

  test("a bad option is a failed request, which knows whether a program was given", async () => {
    const world = surroundings();
    const withProgram = await route(["aws", "--bogus", "--", "true"], world);
    expect(errorText(withProgram)).toBe("unknown option '--bogus' — see 'env-secrets aws --help'");
    expect(expectKind(withProgram, "failed").programGiven).toBe(true);
    expect(expectKind(await route(["aws", "--bogus"], world), "failed").programGiven).toBe(false);
  });

  test("--help and --version: first word for the root; --help among a command's options for that command", async () => {
    const world = surroundings("provider: aws\nsecrets: [x]\n");
    expect((await route(["--version"], world)).kind).toBe("version");
    expect(expectKind(await route(["-h"], world), "help").command).toBeUndefined();
    expect(expectKind(await route(["aws", "-s", "x", "--help"], world), "help").command?.meta.name).toBe("aws");
    expect((await route(["aws", "-s", "x", "--version"], world)).kind).toBe("version");
  });

  test("help [command]: the root's, a command's; an unknown or unavailable one is a usage error", async () => {
    const world = surroundings("provider: aws\nsecrets: [x]\n");
    expect(expectKind(await route(["help"], world), "help")).toEqual({ kind: "help" });
    expect(expectKind(await route(["help", "aws"], world), "help").command?.meta.name).toBe("aws");
    expect(errorText(await route(["help", "gcp"], world))).toBe("unknown command 'gcp' — commands: aws, completion, mcp; see 'env-secrets --help'");
    expect(expectKind(await route(["help", "aws", "policy"], world), "help").command?.meta.name).toBe("aws policy");
    expect(expectKind(await route(["help", "aws", "secret"], world), "help").group).toBe("aws secret");
  });

  test("a group of commands: its --help lists them; alone or with an unknown word, a usage error naming them", async () => {
    const world = surroundings();
    expect(expectKind(await route(["aws", "secret", "--help"], world), "help").group).toBe("aws secret");
    const commands = "commands: create, update, upsert, import, append, remove, list, get, value, delete, restore; see 'env-secrets aws secret --help'";
    expect(errorText(await route(["aws", "secret"], world))).toBe(`'env-secrets aws secret' needs a command — ${commands}`);
    expect(errorText(await route(["aws", "secret", "frobnicate"], world))).toBe(`unknown command 'aws secret frobnicate' — ${commands}`);
  });

  test("the config file is read when the command asks, once, and as --config / --no-config say", async () => {
    const world = surroundings("region: eu-west-1\n");
    const run = expectKind(await route(["aws", "-s", "x", "--", "true"], world), "run");
    const config = run.context.config();
    expect(config?.region).toBe("eu-west-1");
    rmSync(world.configPath);
    expect(run.context.config()).toBe(config);
    const none = expectKind(await route(["aws", "--no-config", "--", "true"], surroundings("region: eu-west-1\n")), "run");
    expect(none.context.config()).toBeUndefined();
  });
});

describe("the program without --", () => {
  test("options end at the first word that is not one, in both forms", async () => {
    const named = expectKind(await route(["aws", "-s", "x", "node", "app.js", "--port", "3000"], surroundings()), "run");
    expect(named.context.command).toEqual(["node", "app.js", "--port", "3000"]);
    expect(named.programGiven).toBe(true);
    const dispatched = expectKind(await route(["--debug", "printf", "%s", "--debug"], surroundings("provider: aws\nsecrets: [x]\n")), "run");
    expect(dispatched.context.command).toEqual(["printf", "%s", "--debug"]);
    expect(dispatched.parsed.logging.debug).toBe(true);
  });

  test("secret and policy right after aws name its commands, not programs", async () => {
    const world = surroundings();
    const secret = expectKind(await route(["aws", "secret", "create", "-n", "x"], world), "run");
    expect(secret.command.meta.name).toBe("aws secret create");
    expect([secret.programGiven, secret.context.command]).toEqual([false, []]);
    expect(expectKind(await route(["aws", "secret", "import", "-n", "x"], world), "run").command.meta.name).toBe("aws secret upsert");
    expect(expectKind(await route(["aws", "policy", "-s", "x"], world), "run").command.meta.name).toBe("aws policy");
    // A command that starts no program takes no word that is not an option.
    expect(errorText(await route(["aws", "policy", "-s", "x", "list"], world))).toBe(
      "unexpected argument 'list' — see 'env-secrets aws policy --help'",
    );
    const afterDashes = expectKind(await route(["aws", "-s", "x", "--", "secret", "--flag"], world), "run");
    expect(afterDashes.context.command).toEqual(["secret", "--flag"]);
    const afterOptions = expectKind(await route(["aws", "-s", "x", "secret"], world), "run");
    expect(afterOptions.context.command).toEqual(["secret"]);
  });
});

describe("no command name: the config file decides", () => {
  test("provider: aws runs `env-secrets [options] -- cmd` and `env-secrets cmd args` as aws, reading the file once", async () => {
    const world = surroundings("provider: aws\nsecrets: [x]\n");
    const optionsFirst = expectKind(await route(["--debug", "--", "true"], world), "run");
    expect(optionsFirst.command.meta.name).toBe("aws");
    expect(optionsFirst.context.command).toEqual(["true"]);
    expect(optionsFirst.parsed.logging.debug).toBe(true);
    rmSync(world.configPath);
    expect(optionsFirst.context.config()?.provider).toBe("aws");

    const programFirst = expectKind(await route(["sh", "-c", "x", "--", "--help"], surroundings("provider: aws\nsecrets: [x]\n")), "run");
    expect(programFirst.context.command).toEqual(["sh", "-c", "x", "--", "--help"]);
    expect(programFirst.programGiven).toBe(true);
  });

  test("without provider: aws, an unknown command or options first are usage errors; nothing at all is the usage", async () => {
    const world = surroundings();
    const unknown = await route(["gcp"], world);
    expect(errorText(unknown)).toBe("unknown command 'gcp' — commands: aws, completion, mcp; see 'env-secrets --help'");
    expect(expectKind(unknown, "failed").programGiven).toBe(false);
    const optionsFirst = await route(["-s", "x", "--", "true"], world);
    expect(errorText(optionsFirst)).toStartWith("-s comes before a command — ");
    expect(expectKind(optionsFirst, "failed").programGiven).toBe(true);
    expect(expectKind(await route([], world), "usage").programGiven).toBe(false);
    expect(expectKind(await route(["--", "true"], world), "usage").programGiven).toBe(true);
  });

  test("a broken config file met while dispatching a program: the program was meant", async () => {
    const world = surroundings("region: [\n");
    expect(expectKind(await route(["node", "app.js"], world), "failed").programGiven).toBe(true);
    expect(expectKind(await route([], world), "failed").programGiven).toBe(false);
  });
});

test("--config / --no-config are read from the words before --", () => {
  expect(configChoiceFromWords(["--config", "a.yml", "-s", "x"])).toEqual({ file: "a.yml" });
  expect(configChoiceFromWords(["--config=b.yml"])).toEqual({ file: "b.yml" });
  expect(configChoiceFromWords(["--no-config"])).toEqual({ disabled: true });
});
