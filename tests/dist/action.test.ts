/**
 * The composite action (action.yml): its steps' scripts run here as the runner
 * would run them (bash, inputs in env, GITHUB_OUTPUT/GITHUB_PATH files),
 * installing from a loopback release server with the real archive.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VERSION } from "../../scripts/release.ts";
import { REPO_ROOT } from "../helpers/binary.ts";
import { scratchDir } from "../helpers/run.ts";
import { releaseFixture } from "./fixture.ts";
import { ReleaseServer } from "./release-server.ts";

interface ActionStep {
  id?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
}

interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = Bun.YAML.parse(readFileSync(join(REPO_ROOT, "action.yml"), "utf8")) as Action;
const [installStep, exportStep] = action.runs.steps;

let server: ReleaseServer;
let baseUrl: string;

beforeAll(() => {
  const fixture = releaseFixture();
  const sums = readFileSync(join(fixture.dir, "SHA256SUMS"), "utf8")
    .split("\n")
    .filter((line) => line.endsWith(`  ${fixture.archive}`));
  server = new ReleaseServer();
  server.releases.set(fixture.version, {
    files: new Map([
      ["SHA256SUMS", new TextEncoder().encode(`${sums.join("\n")}\n`)],
      [fixture.archive, readFileSync(join(fixture.dir, fixture.archive))],
    ]),
  });
  server.latest = fixture.version;
  baseUrl = server.start();
}, 120_000);

afterAll(() => server?.stop());

/**
 * Runs one step's script with bash as the runner does (`bash --noprofile --norc -eo pipefail`).
 * Asynchronously: the release server lives in this process and must keep answering.
 */
async function runStep(step: ActionStep, env: Record<string, string>): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  expect(step.shell).toBe("bash");
  const proc = Bun.spawn({
    cmd: ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  await proc.exited;
  return { exitCode: proc.exitCode, stdout, stderr };
}

function runnerFiles() {
  const dir = scratchDir();
  const cpuinfo = join(dir, "cpuinfo");
  writeFileSync(cpuinfo, "flags\t\t: sse2 avx avx2\n");
  for (const name of ["output", "path", "env"]) writeFileSync(join(dir, name), "");
  return {
    dir,
    env: {
      GITHUB_ACTIONS: "true",
      GITHUB_OUTPUT: join(dir, "output"),
      GITHUB_PATH: join(dir, "path"),
      RUNNER_TEMP: dir,
      ENV_SECRETS_DOWNLOAD_URL: baseUrl,
      ENV_SECRETS_CPUINFO: cpuinfo,
    },
  };
}

describe("action.yml", () => {
  test("declares its inputs and a composite run whose inputs reach scripts only through env", async () => {
    expect(Object.keys(action.inputs).sort()).toEqual(["install-dir", "region", "secrets", "version"]);
    expect(Object.values(action.inputs).every((input) => input.required === false)).toBe(true);
    expect(action.runs.using).toBe("composite");
    for (const step of action.runs.steps) expect(step.run).not.toContain("${{");
    expect(exportStep!.if).toBe("inputs.secrets != ''");
  });

  test("by default installs the version of the action's own ref into RUNNER_TEMP and reports it", async () => {
    const runner = runnerFiles();
    const from = server.requests.length;
    const result = await runStep(installStep!, { ...runner.env, INPUT_VERSION: "", INPUT_INSTALL_DIR: "", ACTION_PATH: REPO_ROOT });
    expect(result.stderr).toContain(`installed ${runner.dir}/env-secrets/bin/env-secrets (${VERSION}, linux-x64`);
    expect(result.exitCode).toBe(0);
    expect(server.requests[from]).toBe(`/releases/download/v${VERSION}/SHA256SUMS`);
    expect(readFileSync(runner.env.GITHUB_OUTPUT, "utf8")).toBe(`version=${VERSION}\npath=${runner.dir}/env-secrets/bin/env-secrets\n`);
    expect(readFileSync(runner.env.GITHUB_PATH, "utf8")).toBe(`${runner.dir}/env-secrets/bin\n`);
  });

  test("version: latest asks for the latest release; install-dir is honoured", async () => {
    const runner = runnerFiles();
    const installDir = join(runner.dir, "tools");
    const from = server.requests.length;
    const result = await runStep(installStep!, { ...runner.env, INPUT_VERSION: "latest", INPUT_INSTALL_DIR: installDir, ACTION_PATH: REPO_ROOT });
    expect(result.exitCode).toBe(0);
    expect(server.requests[from]).toBe("/releases/latest/download/SHA256SUMS");
    expect(readFileSync(runner.env.GITHUB_OUTPUT, "utf8")).toContain(`path=${installDir}/env-secrets\n`);
  });

  test("a failed verification fails the step and reports no outputs", async () => {
    const runner = runnerFiles();
    const result = await runStep(installStep!, { ...runner.env, INPUT_VERSION: "0.0.404", INPUT_INSTALL_DIR: "", ACTION_PATH: REPO_ROOT });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("could not download");
    expect(readFileSync(runner.env.GITHUB_OUTPUT, "utf8")).toBe("");
  });

  test("the export step passes each listed secret, the region and --github-env, nothing else", async () => {
    const runner = runnerFiles();
    const argsFile = join(runner.dir, "args");
    const recorder = join(runner.dir, "env-secrets");
    writeFileSync(recorder, `#!/bin/sh\nprintf '%s\\n' "$@" > "${argsFile}"\n`);
    chmodSync(recorder, 0o755);
    const result = await runStep(exportStep!, {
      ...runner.env,
      INPUT_SECRETS: "  my-app/prod \n\n\tarn:aws:secretsmanager:us-east-1:123456789012:secret:shared-AbCdEf\n",
      INPUT_REGION: "eu-west-1",
      ENV_SECRETS: recorder,
    });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(readFileSync(argsFile, "utf8").trim().split("\n")).toEqual([
      "aws",
      "-s",
      "my-app/prod",
      "-s",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:shared-AbCdEf",
      "-r",
      "eu-west-1",
      "--github-env",
    ]);
  });

  test("the export step fails when env-secrets fails (fail closed)", async () => {
    const runner = runnerFiles();
    const failing = join(runner.dir, "env-secrets");
    writeFileSync(failing, "#!/bin/sh\nexit 1\n");
    chmodSync(failing, 0o755);
    const result = await runStep(exportStep!, { ...runner.env, INPUT_SECRETS: "my-app/prod", INPUT_REGION: "", ENV_SECRETS: failing });
    expect(result.exitCode).toBe(1);
  });
});
