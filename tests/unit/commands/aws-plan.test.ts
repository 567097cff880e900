import { describe, expect, test } from "bun:test";
import type { CommandContext } from "../../../src/commands/_command.ts";
import { parseOptions } from "../../../src/commands/_parse.ts";
import { awsRunArgs, planRun } from "../../../src/commands/aws-plan.ts";
import type { Config } from "../../../src/config/load.ts";
import { thrownError } from "../../helpers/errors.ts";

/** A context made up for the test: nothing comes from the test process's own environment. */
function context(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    env: { HOME: "/home/u", PATH: "/usr/bin" },
    cwd: "/work",
    home: "/home/u",
    platform: "linux",
    command: ["node", "app.js"],
    config: () => undefined,
    stdoutIsTerminal: () => false,
    stderrIsTerminal: () => false,
    readStdin: async () => new Uint8Array(),
    stdinStream: () => new Blob([]).stream(),
    ...overrides,
  };
}

const plan = (words: string[], overrides: Partial<CommandContext> = {}) => planRun(parseOptions(awsRunArgs, words), context(overrides));
const usage = (words: string[], overrides: Partial<CommandContext> = {}) => thrownError(() => plan(words, overrides), "usage").message;

describe("usage rules, before any AWS call", () => {
  test("a secret is needed, from -s or the config file", () => {
    expect(usage([])).toBe("no secret given — name one with -s <name-or-arn>, or list them under secrets: in .env-secrets.yml");
    const config: Config = { path: "/work/.env-secrets.yml", shaping: {}, secrets: [{ label: "from-file", secretId: "from-file" }] };
    expect(plan([], { config: () => config }).refs).toEqual(config.secrets!);
  });

  test("something to do: a command, or an output", () => {
    expect(usage(["-s", "x"], { command: [] })).toStartWith("nothing to do: no command given — ");
    expect(plan(["-s", "x", "--format", "json"], { command: [] }).outputs).toEqual({ format: "json" });
    expect(usage(["-s", "x", "--format", "json"])).toStartWith("--format and a command cannot be combined");
  });

  test("--exec: not on Windows, not with --mask-output, not without a command", () => {
    expect(plan(["-s", "x", "--exec"]).exec).toBe(true);
    expect(usage(["-s", "x", "--exec"], { platform: "win32" })).toBe(
      "--exec is not available on Windows — drop --exec: env-secrets then runs the command as its child",
    );
    expect(usage(["-s", "x", "--exec", "--mask-output"])).toStartWith("--exec cannot be combined with --mask-output");
    expect(usage(["-s", "x", "--exec", "-o", "out"], { command: [] })).toStartWith("--exec needs a command to run");
  });

  test("--create-config: secrets named with -s, no command, no output", () => {
    expect(plan(["-s", "x", "--create-config"], { command: [] }).createConfig).toBe(".env-secrets.yml");
    expect(usage(["-s", "x", "--create-config"])).toStartWith("--create-config cannot be combined with a command or an output option");
    expect(usage(["--create-config"], { command: [] })).toBe("--create-config needs the secrets to list — name each with -s <name-or-arn>");
  });

  test("the config file is read only when the checks before it passed", () => {
    let reads = 0;
    const config = () => {
      reads++;
      return undefined;
    };
    usage(["-s", "x", "--exec", "-o", "out"], { command: [], config });
    expect(reads).toBe(0);
    plan(["-s", "x"], { config });
    expect(reads).toBe(1);
  });
});

describe("--shell and --no-shell", () => {
  test("--shell runs the words joined with spaces through /bin/sh -c", () => {
    expect(plan(["-s", "x", "--shell"], { command: ["echo", "$HOME", "|", "tr", "a-z", "A-Z"] }).command).toEqual(["/bin/sh", "-c", "echo $HOME | tr a-z A-Z"]);
    expect(plan(["-s", "x", "--shell", "--exec"], { command: ["exit 3"] }).command).toEqual(["/bin/sh", "-c", "exit 3"]);
    expect(plan(["-s", "x"], { command: ["echo", "a b"] }).command).toEqual(["echo", "a b"]);
  });

  test("--no-shell is accepted and changes nothing", () => {
    expect(plan(["-s", "x", "--no-shell"]).command).toEqual(["node", "app.js"]);
  });

  test("--shell needs a command and a POSIX shell, and contradicts --no-shell", () => {
    expect(usage(["-s", "x", "--shell", "-o", "out"], { command: [] })).toBe("--shell needs a command to run — drop --shell when writing the variables out");
    expect(usage(["-s", "x", "--shell"], { platform: "win32" })).toStartWith("--shell is not available on Windows");
    expect(usage(["-s", "x", "--shell", "--no-shell"])).toBe("--shell and --no-shell cannot be combined — --no-shell is the default; drop one of them");
  });
});

describe("what the plan takes from the context", () => {
  test("the program inherits the context's environment; GITHUB_ACTIONS switches on the mask lines", () => {
    const env = { PATH: "/bin", GITHUB_ACTIONS: "true" };
    const result = plan(["-s", "x"], { env });
    expect(result.inherited).toEqual(env);
    expect(result.inherited).not.toBe(env);
    expect(result.ciMask).toBe(true);
    expect(plan(["-s", "x", "--no-ci-mask"], { env }).ciMask).toBe(false);
    expect(plan(["-s", "x"]).ciMask).toBe(false);
  });

  test("the endpoint from the flag, else the context's environment, checked either way", () => {
    expect(plan(["-s", "x"], { env: { AWS_ENDPOINT_URL: "http://127.0.0.1:4566" } }).aws.endpoint).toBe("http://127.0.0.1:4566");
    expect(plan(["-s", "x", "--endpoint-url", "https://sm.example"]).aws.endpoint).toBe("https://sm.example");
    expect(usage(["-s", "x"], { env: { AWS_ENDPOINT_URL: "http://10.0.0.1" } })).toStartWith("AWS_ENDPOINT_URL: refusing http://10.0.0.1");
  });

  test("flags win over the config file; the config fills in what flags leave out", () => {
    const config: Config = { path: "/c.yml", region: "eu-west-1", profile: "team", shaping: { prefix: "APP_" } };
    const fromFile = plan(["-s", "x"], { config: () => config });
    expect(fromFile.aws).toMatchObject({ region: "eu-west-1", profile: "team" });
    expect(fromFile.profileFlag).toBeUndefined();
    expect(fromFile.shaping.prefix).toBe("APP_");
    const fromFlags = plan(["-s", "x", "-r", "us-west-2", "-p", "me", "--prefix", "CLI_"], { config: () => config });
    expect(fromFlags.aws).toMatchObject({ region: "us-west-2", profile: "me" });
    expect(fromFlags.profileFlag).toBe("me");
    expect(fromFlags.shaping.prefix).toBe("CLI_");
  });

  test("the profile's source, for errors about it: the config file that named it; none when -p did", () => {
    const config: Config = { path: "/c.yml", profile: "team", shaping: {} };
    expect(plan(["-s", "x"], { config: () => config }).aws.profileSource).toBe("/c.yml");
    expect(plan(["-s", "x", "-p", "me"], { config: () => config }).aws.profileSource).toBeUndefined();
    expect(plan(["-s", "x"]).aws.profileSource).toBeUndefined();
  });

  test("--version-stage applies to the -s secrets; shaping flags become options", () => {
    const result = plan(["-s", "a", "-s", "B=b#KEY", "--version-stage", "AWSPREVIOUS", "--flatten", "--allow-override", "PATH"]);
    expect(result.refs.map((ref) => [ref.secretId, ref.versionStage, ref.as])).toEqual([
      ["a", "AWSPREVIOUS", undefined],
      ["b", "AWSPREVIOUS", "B"],
    ]);
    expect(result.shaping).toEqual({ flattenSeparator: "_", allowOverride: ["PATH"] });
    expect(plan(["-s", "a", "--timeout", "2.5"]).aws.timeoutMs).toBe(2500);
  });
});
