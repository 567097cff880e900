/**
 * Writing the variables out instead of running a command (-o, --format,
 * --github-env), end to end through the compiled binary and the local fake
 * Secrets Manager.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { canary } from "../helpers/canary.ts";
import { useSecretRuns } from "../helpers/e2e.ts";
import { parseGithubEnvFile } from "../helpers/github-env.ts";
import { awsEnv, runBinary, scratchDir } from "../helpers/run.ts";
import { sourceInShell } from "../helpers/shells.ts";

const { fake, secretName } = useSecretRuns("output");

/** A seeded secret with canary values, including the characters formats get wrong. */
function seedSecret(label: string): { name: string; values: { PASSWORD: string; QUOTED: string; TICKS: string; MULTILINE: string } } {
  const name = secretName(label);
  const values = {
    PASSWORD: canary("password"),
    QUOTED: `${canary("quoted")} it's "$HOME" $(id) \\ #`,
    TICKS: `\`id\` it's`,
    MULTILINE: `${canary("multi")}\nsecond line\n`,
  };
  fake().seed({ name, secretString: JSON.stringify(values) });
  return { name, values };
}

function run(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; valuesOnStdout?: boolean } = {}) {
  return runBinary(["aws", ...args], {
    env: awsEnv(fake().url, options.env),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.valuesOnStdout ? { valuesExpectedOn: "stdout" as const } : {}),
  });
}

describe("-o <file>", () => {
  test("writes a new shell file, mode 0400, that sh and bash source back exactly; nothing on stdout", async () => {
    const { name, values } = seedSecret("shell");
    const file = join(scratchDir(), "secrets.sh");
    const result = await run(["-s", name, "-o", file]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`env-secrets: wrote 4 variables to ${file} (shell format, mode 0400)\n`);
    expect(lstatSync(file).mode & 0o777).toBe(0o400);
    for (const shell of ["sh", "bash"]) {
      expect(Object.fromEntries(sourceInShell(shell, file, Object.keys(values)))).toEqual(values);
    }
    expect(readdirSync(join(file, ".."))).toEqual(["secrets.sh"]);
  });

  test("--format dotenv, json, docker and github files read back exactly by their consumers", async () => {
    const { name, values } = seedSecret("formats");
    const dir = scratchDir();
    for (const format of ["dotenv", "json", "github"]) {
      const file = join(dir, `out.${format}`);
      const result = await run(["-s", name, "-o", file, "--format", format]);
      expect(result.stderr).toBe(`env-secrets: wrote 4 variables to ${file} (${format} format, mode 0400)\n`);
      expect(result.exitCode).toBe(0);
      expect(lstatSync(file).mode & 0o777).toBe(0o400);
      const text = readFileSync(file, "utf8");
      const back = format === "dotenv" ? parseDotenv(text) : format === "json" ? JSON.parse(text) : Object.fromEntries(parseGithubEnvFile(text));
      expect(back).toEqual(values);
    }
    const single = secretName("docker");
    const token = canary("docker");
    fake().seed({ name: single, secretString: JSON.stringify({ TOKEN: `${token} "as is" $x` }) });
    const file = join(dir, "docker.env");
    expect((await run(["-s", single, "-o", file, "--format", "docker"])).exitCode).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(`TOKEN=${token} "as is" $x\n`);
  });

  test("an existing file is refused and left untouched (exit 1)", async () => {
    const { name } = seedSecret("exists");
    const file = join(scratchDir(), "secrets.env");
    writeFileSync(file, "old content\n");
    const result = await run(["-s", name, "-o", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `env-secrets: ${file}: already exists — env-secrets never overwrites or follows a file it writes; remove it or choose another name\n`,
    );
    expect(readFileSync(file, "utf8")).toBe("old content\n");
    expect(readdirSync(join(file, ".."))).toEqual(["secrets.env"]);
  });

  test("a symlink at the path is refused and nothing is written through it", async () => {
    const { name } = seedSecret("symlink");
    const dir = scratchDir();
    const target = join(dir, "target");
    writeFileSync(target, "old target\n");
    const link = join(dir, "link.env");
    symlinkSync(target, link);
    const result = await run(["-s", name, "-o", link]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `env-secrets: ${link}: is a symbolic link — env-secrets never overwrites or follows a file it writes; remove it or choose another name\n`,
    );
    expect(readFileSync(target, "utf8")).toBe("old target\n");
    expect(readdirSync(dir).sort()).toEqual(["link.env", "target"]);
  });

  // As root, permissions do not stop writes: run the binary as nobody (setpriv, util-linux).
  const asRoot = process.getuid?.() === 0;
  const canDropPrivileges = !asRoot || Bun.which("setpriv") !== null;
  test.skipIf(!canDropPrivileges)(
    `an unwritable directory is an error, and nothing is written there${canDropPrivileges ? "" : " (skipped: install util-linux for setpriv)"}`,
    async () => {
      const { name } = seedSecret("unwritable");
      const dir = scratchDir();
      chmodSync(dir, 0o755);
      const locked = join(dir, "locked");
      mkdirSync(locked);
      writeFileSync(join(locked, "other"), "old\n");
      chmodSync(locked, 0o555);
      const file = join(locked, "secrets.env");
      const { binaryPath } = await import("../helpers/binary.ts");
      const prefix = asRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : [];
      const proc = Bun.spawn({
        cmd: [...prefix, binaryPath(), "aws", "-s", name, "-o", file],
        env: { ...(awsEnv(fake().url) as Record<string, string>), PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
        cwd: dir,
        stdout: "pipe",
        stderr: "pipe",
      });
      const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
      expect(await proc.exited).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toBe(
        `env-secrets: ${file}: cannot create a file in its directory: permission denied (EACCES) — check the path and its directory's permissions\n`,
      );
      expect(readdirSync(locked)).toEqual(["other"]);
      expect(readFileSync(join(locked, "other"), "utf8")).toBe("old\n");
    },
  );

  test("fail closed: when a secret cannot be fetched, no file is written", async () => {
    const { name } = seedSecret("partial");
    const file = join(scratchDir(), "secrets.env");
    const result = await run(["-s", name, "-s", "output/does-not-exist", "-o", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toStartWith("env-secrets: output/does-not-exist: ResourceNotFoundException");
    expect(existsSync(file)).toBe(false);
  });

  test("a value the format cannot carry is refused by variable name, and nothing is written", async () => {
    const name = secretName("refused");
    fake().seed({ name, secretString: JSON.stringify({ OK: canary("ok"), PEM: `${canary("pem")}\nline2` }) });
    const file = join(scratchDir(), "docker.env");
    const result = await run(["-s", name, "-o", file, "--format", "docker"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      "env-secrets: PEM: the value has a line break, which a docker env-file cannot hold — use --format json or dotenv, or -o with the default shell format\n",
    );
    expect(existsSync(file)).toBe(false);
  });
});

describe("--format alone prints to stdout", () => {
  test("eval of the shell format gives back every value", async () => {
    const { name, values } = seedSecret("stdout");
    const result = await run(["-s", name, "--format", "shell"], { valuesOnStdout: true });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    const file = join(scratchDir(), "printed.sh");
    writeFileSync(file, result.stdout);
    expect(Object.fromEntries(sourceInShell("sh", file, Object.keys(values)))).toEqual(values);
  });

  test.skipIf(Bun.which("script") === null)("warns on stderr when stdout is a terminal (skipped without bsdutils' script)", async () => {
    const { name } = seedSecret("tty");
    const { binaryPath } = await import("../helpers/binary.ts");
    const dir = scratchDir();
    const errFile = join(dir, "stderr");
    const inner = `"${binaryPath()}" aws -s "${name}" --format json 2>"${errFile}" >/dev/tty`;
    const proc = Bun.spawn({
      cmd: ["script", "-qec", inner, "/dev/null"],
      env: { ...(awsEnv(fake().url) as Record<string, string>), PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    expect(readFileSync(errFile, "utf8")).toBe("env-secrets: warning: printing secret values to a terminal; redirect stdout or use -o <file>\n");
  });
});

describe("--github-env", () => {
  test("prints ::add-mask:: for each line of every value, then appends github blocks to GITHUB_ENV", async () => {
    const { name, values } = seedSecret("github");
    const githubEnv = join(scratchDir(), "github_env");
    writeFileSync(githubEnv, "EARLIER=kept\n");
    const result = await run(["-s", name, "--github-env"], { env: { GITHUB_ENV: githubEnv }, valuesOnStdout: true });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      [values.PASSWORD, values.QUOTED, values.TICKS, values.MULTILINE.split("\n")[0], "second line"].map((line) => `::add-mask::${line}\n`).join(""),
    );
    expect(result.stderr).toBe("env-secrets: added 4 variables to GITHUB_ENV\n");
    const text = readFileSync(githubEnv, "utf8");
    expect(text).toStartWith("EARLIER=kept\n");
    expect(Object.fromEntries(parseGithubEnvFile(text))).toEqual({ EARLIER: "kept", ...values });
  });

  test("with -o as well: the file and GITHUB_ENV both get the variables", async () => {
    const { name, values } = seedSecret("github-and-file");
    const dir = scratchDir();
    const githubEnv = join(dir, "github_env");
    writeFileSync(githubEnv, "");
    const file = join(dir, "out.json");
    const result = await run(["-s", name, "--github-env", "-o", file, "--format", "json"], { env: { GITHUB_ENV: githubEnv }, valuesOnStdout: true });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(`env-secrets: wrote 4 variables to ${file} (json format, mode 0400)\nenv-secrets: added 4 variables to GITHUB_ENV\n`);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(values);
    expect(Object.fromEntries(parseGithubEnvFile(readFileSync(githubEnv, "utf8")))).toEqual(values);
  });

  test("a value the runner would change is refused before anything is printed or appended", async () => {
    const name = secretName("github-cr");
    fake().seed({ name, secretString: JSON.stringify({ WINDOWS: `${canary("crlf")}\r\nline` }) });
    const githubEnv = join(scratchDir(), "github_env");
    writeFileSync(githubEnv, "EARLIER=kept\n");
    const result = await run(["-s", name, "--github-env"], { env: { GITHUB_ENV: githubEnv } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "env-secrets: WINDOWS: the value has a carriage return, which the GitHub Actions runner would change — store the value without carriage returns\n",
    );
    expect(readFileSync(githubEnv, "utf8")).toBe("EARLIER=kept\n");
  });

  test("without GITHUB_ENV it is an error (exit 1)", async () => {
    const { name } = seedSecret("no-github-env");
    const result = await run(["-s", name, "--github-env"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("env-secrets: --github-env: GITHUB_ENV is not set — use --github-env inside a GitHub Actions step, or -o <file>\n");
    expect(fake().requests).toEqual([]);
  });
});

describe("usage errors", () => {
  test("an output option and a command cannot be combined (a command was given: exit 125)", async () => {
    const file = join(scratchDir(), "x.env");
    const result = await run(["-s", "any", "-o", file, "--", "true"]);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe(
      "env-secrets: -o and a command cannot be combined — either write the variables out or run a command after --, not both\n",
    );
    expect(existsSync(file)).toBe(false);
    expect(fake().requests).toEqual([]);
  });

  test("an unknown format (exit 2)", async () => {
    const result = await run(["-s", "any", "--format", "xml"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("env-secrets: invalid value for --format: 'xml' — expected one of shell, dotenv, json, docker, github\n");
  });

  test("--format without -o next to --github-env (exit 2)", async () => {
    const result = await run(["-s", "any", "--format", "json", "--github-env"], { env: { GITHUB_ENV: join(scratchDir(), "g") } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "env-secrets: --format without -o prints to stdout, which --github-env uses for ::add-mask:: lines — add -o <file> to write that format to a file\n",
    );
  });

  test("neither a command nor an output: nothing to do (exit 2)", async () => {
    const result = await run(["-s", "any"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "env-secrets: nothing to do: no command given — put the command after --: env-secrets aws -s <secret> -- <command>, or write the variables out with -o <file> or --format <format>\n",
    );
  });

  test("-o - is refused, before anything is fetched: no file named -, nothing on stdout (exit 2); -o ./- is a file named -", async () => {
    const { name } = seedSecret("dash");
    const cwd = scratchDir();
    const result = await run(["-s", name, "-o", "-"], { cwd });
    expect([result.exitCode, result.stdout]).toEqual([2, ""]);
    expect(result.stderr).toBe("env-secrets: -o - would write a file named - — to print the variables on stdout, use --format <format> without -o; for a file named -, write -o ./-\n");
    expect(readdirSync(cwd)).toEqual([]);
    expect(fake().requests).toEqual([]);
    const explicit = await run(["-s", name, "-o", "./-"], { cwd });
    expect(explicit.exitCode).toBe(0);
    expect(readdirSync(cwd)).toEqual(["-"]);
  });

  test("-o with an empty name (exit 2)", async () => {
    const result = await run(["-s", "any", "-o", ""]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("env-secrets: -o needs a file name — e.g. -o .env.secrets\n");
  });
});
