/**
 * scripts/install.sh against a loopback HTTP server that serves real release
 * archives in the layout of GitHub releases. The platform is chosen through
 * shims on PATH (uname, ldd, sysctl) and a CPU-flags fixture, so every
 * detection branch runs on this one machine. Each case runs under dash and bash.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/binary.ts";
import { scratchDir } from "../helpers/run.ts";
import { type ReleaseFixture, releaseFixture } from "./fixture.ts";
import { ReleaseServer } from "./release-server.ts";
import { noteSkip } from "../helpers/skips.ts";

const INSTALLER = join(REPO_ROOT, "scripts", "install.sh");
const SHELLS = ["dash", "bash"].filter((shell) => Bun.which(shell) !== null);
if (SHELLS.length < 2) noteSkip(import.meta.path, "dash is missing (Debian package dash): the installer is tried under bash only");

let fixture: ReleaseFixture;
let server: ReleaseServer;
let baseUrl: string;
let realArchive: Uint8Array;
let realSums: string;

/** Release of `version` as the fixture's files, optionally with altered SHA256SUMS or archive. */
function publish(version: string, changes: { sums?: string | null; archive?: Uint8Array } = {}): void {
  const files = new Map<string, Uint8Array>();
  if (changes.sums !== null) files.set("SHA256SUMS", new TextEncoder().encode(changes.sums ?? realSums));
  files.set(fixture.archive, changes.archive ?? realArchive);
  server.releases.set(version, { files });
}

beforeAll(() => {
  fixture = releaseFixture();
  realArchive = readFileSync(join(fixture.dir, fixture.archive));
  realSums = `${readFileSync(join(fixture.dir, "SHA256SUMS"), "utf8")
    .split("\n")
    .filter((line) => line.endsWith(`  ${fixture.archive}`))
    .join("\n")}\n`;
  server = new ReleaseServer();
  baseUrl = server.start();
}, 120_000);

afterAll(() => server?.stop());

interface Machine {
  os?: string;
  arch?: string;
  musl?: boolean;
  avx2?: boolean;
  rosetta?: boolean;
  /** Commands to leave off PATH, e.g. curl to exercise wget. */
  without?: string[];
}

const TOOLS = ["sh", "dash", "bash", "cat", "chmod", "cp", "cut", "grep", "gzip", "mkdir", "mktemp", "mv", "rm", "tar", "curl", "wget", "sha256sum", "shasum", "id", "env"];

/**
 * A directory to use as the whole PATH: the real tools this installer may use,
 * minus `without`, plus shims that describe the pretended machine.
 */
function machineDir(root: string, machine: Machine): { bin: string; cpuinfo: string } {
  const bin = join(root, "bin");
  mkdirSync(bin, { recursive: true });
  for (const tool of TOOLS) {
    if (machine.without?.includes(tool)) continue;
    const real = Bun.which(tool);
    if (real) symlinkSync(real, join(bin, tool));
  }
  const shim = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  shim("uname", `case "$1" in -s) echo ${machine.os ?? "Linux"} ;; -m) echo ${machine.arch ?? "x86_64"} ;; *) echo ${machine.os ?? "Linux"} ;; esac`);
  shim("ldd", machine.musl ? 'echo "musl libc (x86_64)" >&2; echo "Version 1.2.5" >&2; exit 1' : 'echo "ldd (Debian GLIBC 2.36-9) 2.36"');
  if (machine.os === "Darwin") shim("sysctl", `[ "$2" = sysctl.proc_translated ] && echo ${machine.rosetta ? 1 : 0}`);
  const cpuinfo = join(root, "cpuinfo");
  writeFileSync(cpuinfo, `processor\t: 0\nflags\t\t: fpu sse sse2 ssse3 sse4_1 sse4_2${machine.avx2 === false ? "" : " avx avx2"} aes\n`);
  return { bin, cpuinfo };
}

interface InstallResult {
  exitCode: number | null;
  stderr: string;
  installDir: string;
  home: string;
  githubPath: string;
}

async function install(
  shell: string,
  options: { machine?: Machine; env?: Record<string, string>; installDir?: string | null; viaStdin?: boolean; asNobody?: boolean } = {},
): Promise<InstallResult> {
  const root = scratchDir();
  chmodSync(root, 0o755);
  const home = join(root, "home");
  mkdirSync(home);
  const { bin, cpuinfo } = machineDir(root, options.machine ?? {});
  const installDir = options.installDir === null ? "" : (options.installDir ?? join(root, "install dir"));
  const githubPath = join(root, "github_path");
  const env: Record<string, string> = {
    PATH: bin,
    HOME: home,
    ENV_SECRETS_DOWNLOAD_URL: baseUrl,
    ENV_SECRETS_CPUINFO: cpuinfo,
    ...(installDir ? { ENV_SECRETS_INSTALL_DIR: installDir } : {}),
    ...options.env,
  };
  // A copy beside the pretend machine: readable by an unprivileged user wherever the checkout lives.
  const installer = join(root, "install.sh");
  copyFileSync(INSTALLER, installer);
  chmodSync(installer, 0o644);
  let cmd = options.viaStdin ? [join(bin, shell)] : [join(bin, shell), installer];
  if (options.asNobody) {
    chownSync(home, 65534, 65534);
    cmd = [Bun.which("setpriv")!, "--reuid=65534", "--regid=65534", "--clear-groups", ...cmd];
  }
  const proc = Bun.spawn({
    cmd,
    env,
    cwd: root,
    stdin: options.viaStdin ? Bun.file(INSTALLER) : "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  await proc.exited;
  expect(stdout).toBe("");
  return { exitCode: proc.exitCode, stderr, installDir, home, githubPath };
}

function installedVersion(binary: string): string {
  const proc = Bun.spawnSync({ cmd: [binary, "--version"], stdout: "pipe", stderr: "pipe" });
  expect(proc.exitCode).toBe(0);
  return proc.stdout.toString().trim();
}

/** The archive requests the server saw since `from`, as file names. */
function archivesRequested(from: number): string[] {
  return server.requests
    .slice(from)
    .map((path) => path.slice(path.lastIndexOf("/") + 1))
    .filter((name) => name !== "SHA256SUMS");
}

/** A release whose SHA256SUMS lists every platform, for detection tests (archives other than linux-x64 are absent). */
function publishAllPlatforms(version: string): void {
  const platforms = ["linux-x64", "linux-x64-baseline", "linux-arm64", "linux-x64-musl", "linux-arm64-musl", "darwin-x64", "darwin-arm64"];
  const lines = platforms.map((p, i) => `${String(i).repeat(64)}  env-secrets-${version}-${p}.tar.gz`);
  publish(version, { sums: `${lines.join("\n")}\n` });
}

for (const shell of SHELLS) {
  describe(`install.sh under ${shell}`, () => {
    test("installs the latest release, verified, into ENV_SECRETS_INSTALL_DIR (a path with a space)", async () => {
      publish(fixture.version);
      server.latest = fixture.version;
      const from = server.requests.length;
      const result = await install(shell);
      expect(result.stderr).toContain(`installed ${result.installDir}/env-secrets (${fixture.version}, linux-x64, sha256 `);
      expect(result.exitCode).toBe(0);
      expect(server.requests.slice(from)).toEqual([
        "/releases/latest/download/SHA256SUMS",
        `/releases/download/v${fixture.version}/${fixture.archive}`,
      ]);
      const binary = join(result.installDir, "env-secrets");
      expect(statSync(binary).mode & 0o777).toBe(0o755);
      expect(installedVersion(binary)).toBe(fixture.version);
      expect(readdirSync(result.installDir)).toEqual(["env-secrets"]);
      expect(result.stderr).toContain("is not in your PATH");
    });

    test("curl | sh: the script read from stdin works the same", async () => {
      publish(fixture.version);
      server.latest = fixture.version;
      const result = await install(shell, { viaStdin: true });
      expect(result.exitCode).toBe(0);
      expect(installedVersion(join(result.installDir, "env-secrets"))).toBe(fixture.version);
    });

    test("ENV_SECRETS_VERSION pins a release other than the latest (a leading v is accepted)", async () => {
      publish(fixture.version);
      publishAllPlatforms("99.0.0");
      server.latest = "99.0.0";
      const from = server.requests.length;
      const result = await install(shell, { env: { ENV_SECRETS_VERSION: `v${fixture.version}` } });
      expect(result.exitCode).toBe(0);
      expect(server.requests.slice(from)).toEqual([
        `/releases/download/v${fixture.version}/SHA256SUMS`,
        `/releases/download/v${fixture.version}/${fixture.archive}`,
      ]);
      expect(installedVersion(join(result.installDir, "env-secrets"))).toBe(fixture.version);
    });

    test("replaces an existing binary in place", async () => {
      publish(fixture.version);
      server.latest = fixture.version;
      const installDir = join(scratchDir(), "bin");
      mkdirSync(installDir);
      writeFileSync(join(installDir, "env-secrets"), "#!/bin/sh\necho old\n", { mode: 0o755 });
      const result = await install(shell, { installDir });
      expect(result.exitCode).toBe(0);
      expect(installedVersion(join(installDir, "env-secrets"))).toBe(fixture.version);
      expect(readdirSync(installDir)).toEqual(["env-secrets"]);
    });

    test("refuses a checksum mismatch and writes nothing to the install directory", async () => {
      const tampered = new Uint8Array(realArchive);
      tampered[tampered.length - 100] = (tampered[tampered.length - 100]! + 1) % 256;
      publish(fixture.version, { archive: tampered });
      server.latest = fixture.version;
      const result = await install(shell);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`env-secrets install: error: checksum mismatch for ${fixture.archive} (expected `);
      expect(result.stderr).toContain("nothing was installed");
      expect(existsSync(result.installDir)).toBe(false);
    });

    test("refuses to install without SHA256SUMS", async () => {
      publish(fixture.version, { sums: null });
      server.latest = fixture.version;
      const result = await install(shell);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        `env-secrets install: error: could not download ${baseUrl}/latest/download/SHA256SUMS: without it nothing can be verified, so nothing was installed`,
      );
      expect(existsSync(result.installDir)).toBe(false);
    });

    test("refuses when SHA256SUMS has no entry for this platform", async () => {
      publish(fixture.version, { sums: `${"0".repeat(64)}  env-secrets-${fixture.version}-linux-arm64.tar.gz\n` });
      server.latest = fixture.version;
      const result = await install(shell);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`/latest/download/SHA256SUMS has no entry for linux-x64: nothing was installed`);
      expect(existsSync(result.installDir)).toBe(false);
    });

    test("refuses when a pinned version's SHA256SUMS names another version", async () => {
      publish("7.7.7", { sums: realSums });
      const result = await install(shell, { env: { ENV_SECRETS_VERSION: "7.7.7" } });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`lists version ${fixture.version}, not 7.7.7: nothing was installed`);
      expect(existsSync(result.installDir)).toBe(false);
    });

    test("fails on an unknown version with the URL it tried", async () => {
      const result = await install(shell, { env: { ENV_SECRETS_VERSION: "0.0.404" } });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`could not download ${baseUrl}/download/v0.0.404/SHA256SUMS`);
    });

    test.each([
      [{ os: "FreeBSD", arch: "amd64" }, "unsupported operating system 'FreeBSD': builds exist for Linux, macOS and Windows"],
      [{ arch: "riscv64" }, "unsupported CPU architecture 'riscv64': builds exist for x86_64 and arm64 (aarch64)"],
      [{ musl: true, avx2: false }, "no build for musl on x86_64 CPUs without AVX2"],
      [{ os: "MINGW64_NT-10.0" }, "on Windows, download env-secrets-<version>-windows-x64.zip"],
    ] as [Machine, string][])("unsupported platform %o is refused before any download", async (machine, message) => {
      publish(fixture.version);
      server.latest = fixture.version;
      const from = server.requests.length;
      const result = await install(shell, { machine });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`env-secrets install: error: ${message}`);
      expect(server.requests.length).toBe(from);
    });

    test.each([
      [{}, "linux-x64"],
      [{ avx2: false }, "linux-x64-baseline"],
      [{ arch: "aarch64" }, "linux-arm64"],
      [{ musl: true }, "linux-x64-musl"],
      [{ arch: "aarch64", musl: true }, "linux-arm64-musl"],
      [{ os: "Darwin", arch: "x86_64" }, "darwin-x64"],
      [{ os: "Darwin", arch: "arm64" }, "darwin-arm64"],
      [{ os: "Darwin", arch: "x86_64", rosetta: true }, "darwin-arm64"],
    ] as [Machine, string][])("detects %o as %s", async (machine, platform) => {
      publishAllPlatforms("5.0.0");
      server.latest = "5.0.0";
      const from = server.requests.length;
      await install(shell, { machine });
      expect(archivesRequested(from)).toEqual([`env-secrets-5.0.0-${platform}.tar.gz`]);
    });

    test("an archive that cannot be downloaded: the URL, and nothing installed", async () => {
      // SHA256SUMS lists the archive, but the release does not hold it.
      server.releases.set("6.0.404", { files: new Map([["SHA256SUMS", new TextEncoder().encode(realSums.replace(fixture.version, "6.0.404"))]]) });
      const result = await install(shell, { env: { ENV_SECRETS_VERSION: "6.0.404" } });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        `env-secrets install: error: could not download ${baseUrl}/download/v6.0.404/${fixture.archive.replace(fixture.version, "6.0.404")}: nothing was installed`,
      );
      expect(existsSync(result.installDir)).toBe(false);
    });

    test("an archive without the binary in it is refused", async () => {
      const root = scratchDir();
      const inside = `env-secrets-${fixture.version}-linux-x64`;
      mkdirSync(join(root, inside));
      writeFileSync(join(root, inside, "README.md"), "no binary here\n");
      const tarball = join(root, "empty.tar.gz");
      expect(Bun.spawnSync({ cmd: ["tar", "-czf", tarball, "-C", root, inside] }).exitCode).toBe(0);
      const archive = new Uint8Array(readFileSync(tarball));
      const sha = new Bun.CryptoHasher("sha256").update(archive).digest("hex");
      publish(fixture.version, { archive, sums: `${sha}  ${fixture.archive}\n` });
      const result = await install(shell, { env: { ENV_SECRETS_VERSION: fixture.version } });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`env-secrets install: error: ${fixture.archive} does not contain env-secrets: nothing was installed`);
      expect(existsSync(result.installDir)).toBe(false);
    });

    test("an install directory that cannot be created or written: the directory and the fix", async () => {
      publish(fixture.version);
      server.latest = fixture.version;
      // Under /proc, even root can neither make a directory nor write a file.
      const uncreatable = await install(shell, { installDir: "/proc/version/bin" });
      expect(uncreatable.exitCode).toBe(1);
      expect(uncreatable.stderr).toContain("env-secrets install: error: cannot create /proc/version/bin: set ENV_SECRETS_INSTALL_DIR to a writable directory");
      const unwritable = await install(shell, { installDir: "/proc" });
      expect(unwritable.exitCode).toBe(1);
      expect(unwritable.stderr).toContain("env-secrets install: error: cannot write to /proc: set ENV_SECRETS_INSTALL_DIR to a writable directory, or run with sudo");
    });

    test("refuses to run without curl or wget", async () => {
      publish(fixture.version);
      server.latest = fixture.version;
      const result = await install(shell, { machine: { without: ["curl", "wget"] } });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("env-secrets install: error: curl or wget is needed to download env-secrets");
      expect(existsSync(result.installDir)).toBe(false);
    });

    test("works with wget and shasum when curl and sha256sum are absent", async () => {
      if (!Bun.which("wget") || !Bun.which("shasum")) {
        noteSkip(import.meta.path, "needs wget and shasum (Debian packages wget, perl)");
        return;
      }
      publish(fixture.version);
      server.latest = fixture.version;
      const result = await install(shell, { machine: { without: ["curl", "sha256sum"] } });
      expect(result.exitCode).toBe(0);
      expect(installedVersion(join(result.installDir, "env-secrets"))).toBe(fixture.version);
    });

    test("refuses to install when no SHA-256 tool exists", async () => {
      publish(fixture.version);
      server.latest = fixture.version;
      const result = await install(shell, { machine: { without: ["sha256sum", "shasum"] } });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("sha256sum or shasum is needed to verify the download");
      expect(existsSync(result.installDir)).toBe(false);
    });

    test("under GitHub Actions, adds the install directory to GITHUB_PATH", async () => {
      publish(fixture.version);
      server.latest = fixture.version;
      const root = scratchDir();
      const githubPath = join(root, "github_path");
      writeFileSync(githubPath, "/already/there\n");
      const result = await install(shell, { env: { GITHUB_ACTIONS: "true", GITHUB_PATH: githubPath } });
      expect(result.exitCode).toBe(0);
      expect(readFileSync(githubPath, "utf8")).toBe(`/already/there\n${result.installDir}\n`);
      expect(result.stderr).not.toContain("is not in your PATH");
    });

    test("defaults to ~/.local/bin when /usr/local/bin is not writable, and touches no shell rc file", async () => {
      const asNobody = process.getuid?.() === 0;
      if (!asNobody && isWritable("/usr/local/bin")) {
        noteSkip(import.meta.path, "/usr/local/bin is writable by this user, and the test must not install there");
        return;
      }
      if (asNobody && !Bun.which("setpriv")) {
        noteSkip(import.meta.path, "running as root needs setpriv (Debian package util-linux) to drop privileges");
        return;
      }
      publish(fixture.version);
      server.latest = fixture.version;
      const result = await install(shell, { installDir: null, asNobody });
      expect(result.stderr).toContain(`installed ${result.home}/.local/bin/env-secrets`);
      expect(result.exitCode).toBe(0);
      expect(installedVersion(join(result.home, ".local", "bin", "env-secrets"))).toBe(fixture.version);
      expect(readdirSync(result.home)).toEqual([".local"]);
    });
  });
}

function isWritable(dir: string): boolean {
  return Bun.spawnSync({ cmd: ["sh", "-c", `[ -w "${dir}" ]`] }).exitCode === 0;
}
