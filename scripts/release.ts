/**
 * Builds the release: one standalone binary per supported platform, each packed
 * with the README and the license into `dist/release/env-secrets-<version>-<platform>.tar.gz`
 * (`.zip` for Windows), one `SHA256SUMS` covering every archive, and the installer.
 *
 *   bun scripts/release.ts                       all targets
 *   bun scripts/release.ts --target linux-x64    only the named platform(s)
 *   bun scripts/release.ts --sizes               also measure each target's bare Bun runtime
 *   bun scripts/release.ts --check-size-budget --target linux-x64
 *                                                fail if an existing archive adds more than 10 % to the bare runtime
 *
 * Everything is cross-compiled from one Linux machine. Bun downloads each
 * target's runtime once and keeps it in its install cache (~/.bun/install/cache).
 * Archives are reproducible for a given commit: fixed owner, order and mtime
 * (SOURCE_DATE_EPOCH, else the commit time), and gzip without a name or timestamp.
 */
import { createHash } from "node:crypto";
import { copyFileSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import packageJson from "../package.json" with { type: "json" };
import { buildBinary } from "./build.ts";

export interface ReleaseTarget {
  /** `bun build --compile --target` value. */
  bun: Bun.Build.CompileTarget;
  os: "linux" | "darwin" | "windows";
  arch: "x64" | "arm64";
  variant?: "baseline" | "musl";
}

/** Every platform we ship, named as the installer and the Homebrew formula name them. */
export const TARGETS: readonly ReleaseTarget[] = [
  { bun: "bun-linux-x64", os: "linux", arch: "x64" },
  { bun: "bun-linux-x64-baseline", os: "linux", arch: "x64", variant: "baseline" },
  { bun: "bun-linux-arm64", os: "linux", arch: "arm64" },
  { bun: "bun-linux-x64-musl", os: "linux", arch: "x64", variant: "musl" },
  { bun: "bun-linux-arm64-musl", os: "linux", arch: "arm64", variant: "musl" },
  { bun: "bun-darwin-x64", os: "darwin", arch: "x64" },
  { bun: "bun-darwin-arm64", os: "darwin", arch: "arm64" },
  { bun: "bun-windows-x64", os: "windows", arch: "x64" },
];

export const REPO_ROOT = new URL("..", import.meta.url).pathname;
export const VERSION: string = packageJson.version;

/** `linux-x64`, `linux-x64-baseline`, `darwin-arm64`, ... */
export function platformName(target: ReleaseTarget): string {
  return `${target.os}-${target.arch}${target.variant ? `-${target.variant}` : ""}`;
}

export function binaryName(target: ReleaseTarget): string {
  return target.os === "windows" ? "env-secrets.exe" : "env-secrets";
}

/** The archive's name, which is also the name of the one directory inside it. */
export function archiveBase(version: string, target: ReleaseTarget): string {
  return `env-secrets-${version}-${platformName(target)}`;
}

export function archiveName(version: string, target: ReleaseTarget): string {
  return `${archiveBase(version, target)}.${target.os === "windows" ? "zip" : "tar.gz"}`;
}

export function findTarget(platform: string): ReleaseTarget {
  const target = TARGETS.find((t) => platformName(t) === platform);
  if (!target) throw new Error(`unknown platform '${platform}'; known: ${TARGETS.map(platformName).join(", ")}`);
  return target;
}

function run(cmd: string[], cwd: string, env?: Record<string, string>): void {
  const proc = Bun.spawnSync({ cmd, cwd, env: { ...process.env, ...env }, stdout: "inherit", stderr: "inherit" });
  if (proc.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed with exit code ${proc.exitCode}`);
}

/** SOURCE_DATE_EPOCH, else the time of the current commit, else now. */
export function sourceDateEpoch(): number {
  const fromEnv = Number(process.env.SOURCE_DATE_EPOCH);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  const git = Bun.spawnSync({ cmd: ["git", "log", "-1", "--format=%ct"], cwd: REPO_ROOT, stdout: "pipe", stderr: "ignore" });
  const fromGit = Number(git.stdout.toString().trim());
  return git.exitCode === 0 && Number.isInteger(fromGit) && fromGit > 0 ? fromGit : Math.floor(Date.now() / 1000);
}

export interface PackOptions {
  binary: string;
  target: ReleaseTarget;
  version: string;
  outDir: string;
  epoch: number;
}

/**
 * Packs one binary with README.md and LICENSE into `<outDir>/<archive>` and
 * returns the archive's path. The binary keeps its executable bit (mode 0755).
 */
export function packArchive({ binary, target, version, outDir, epoch }: PackOptions): string {
  const base = archiveBase(version, target);
  const staging = join(outDir, ".staging", base);
  rmSync(join(outDir, ".staging"), { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const files = [binaryName(target), "LICENSE", "README.md"];
  copyFileSync(binary, join(staging, files[0]!));
  copyFileSync(join(REPO_ROOT, "LICENSE"), join(staging, "LICENSE"));
  copyFileSync(join(REPO_ROOT, "README.md"), join(staging, "README.md"));
  run(["chmod", "0755", join(staging, files[0]!)], outDir);
  run(["chmod", "0644", join(staging, "LICENSE"), join(staging, "README.md")], outDir);
  for (const path of [staging, ...files.map((f) => join(staging, f))]) utimesSync(path, epoch, epoch);

  const archive = join(outDir, archiveName(version, target));
  rmSync(archive, { force: true });
  const stagingRoot = join(outDir, ".staging");
  if (target.os === "windows") {
    // -X: no extra attributes (uid/gid, extended timestamps), so the zip depends only on content and mtime.
    run(["zip", "-q", "-X", "-9", archive, base, ...files.map((f) => `${base}/${f}`)], stagingRoot, { TZ: "UTC" });
  } else {
    const tar = `tar --format=ustar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@${epoch} -cf - ${shellQuote(base)}`;
    run(["sh", "-c", `${tar} | gzip -n -9 > ${shellQuote(archive)}`], stagingRoot);
  }
  rmSync(stagingRoot, { recursive: true, force: true });
  return archive;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** `SHA256SUMS` in the format `sha256sum -c` reads: `<hex>  <file name>`, sorted by name. */
export function writeChecksums(outDir: string, archives: string[]): string {
  const lines = archives
    .map((path) => `${sha256File(path)}  ${path.slice(path.lastIndexOf("/") + 1)}`)
    .sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
  const file = join(outDir, "SHA256SUMS");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/** Where the unpacked binary of a target lives: `<outDir>/bin/<platform>/env-secrets`. */
export function releaseBinaryPath(outDir: string, target: ReleaseTarget): string {
  return join(outDir, "bin", platformName(target), binaryName(target));
}

export interface ReleaseOptions {
  targets: readonly ReleaseTarget[];
  outDir: string;
  version?: string;
  /** Called after each target, for progress output. */
  onTarget?: (target: ReleaseTarget, archive: string, ms: number) => void;
}

/**
 * Compiles and packs every target, writes SHA256SUMS, copies the installer, and
 * links the Linux binaries where the Dockerfile expects them
 * (`image/linux/<amd64|arm64>/env-secrets`, Docker's platform names).
 */
export async function buildRelease({ targets, outDir, version = VERSION, onTarget }: ReleaseOptions): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const epoch = sourceDateEpoch();
  const archives: string[] = [];
  for (const target of targets) {
    const started = performance.now();
    const binary = releaseBinaryPath(outDir, target);
    mkdirSync(join(binary, ".."), { recursive: true });
    rmSync(binary, { force: true });
    await buildBinary({ target: target.bun, outfile: binary });
    const archive = packArchive({ binary, target, version, outDir, epoch });
    archives.push(archive);
    if (target.os === "linux" && !target.variant) {
      const image = join(outDir, "image", "linux", target.arch === "x64" ? "amd64" : "arm64", "env-secrets");
      mkdirSync(join(image, ".."), { recursive: true });
      rmSync(image, { force: true });
      linkSync(binary, image);
    }
    onTarget?.(target, archive, performance.now() - started);
  }
  writeChecksums(outDir, archives);
  copyFileSync(join(REPO_ROOT, "scripts", "install.sh"), join(outDir, "install.sh"));
  return archives;
}

/**
 * The size of a target's bare Bun runtime as we would ship it: a compiled
 * one-line program, packed the same way. What our code and dependencies add
 * to the download is the difference.
 */
export async function bareRuntimeArchiveSize(target: ReleaseTarget, scratch: string): Promise<number> {
  mkdirSync(scratch, { recursive: true });
  const entry = join(scratch, "hello.ts");
  writeFileSync(entry, 'process.stdout.write("hello\\n");\n');
  const binary = join(scratch, binaryName(target));
  const result = await Bun.build({
    entrypoints: [entry],
    compile: { target: target.bun, outfile: binary, autoloadDotenv: false, autoloadBunfig: false },
    minify: true,
  });
  if (!result.success) throw new Error(`bare runtime build failed for ${target.bun}`);
  const archive = packArchive({ binary, target, version: "bare", outDir: scratch, epoch: sourceDateEpoch() });
  const size = statSync(archive).size;
  rmSync(scratch, { recursive: true, force: true });
  return size;
}

const MiB = 1024 * 1024;

/** What our code and dependencies may add to a platform's download, over the bare Bun runtime. */
export const SIZE_BUDGET_PERCENT = 10;

/** `| platform | archive | bare | added |` for each target whose archive is in outDir; also whether all are within budget. */
async function sizeReport(targets: readonly ReleaseTarget[], outDir: string): Promise<{ table: string; withinBudget: boolean }> {
  const rows = ["| platform | archive | bare Bun runtime archive | added by env-secrets |", "| --- | ---: | ---: | ---: |"];
  let withinBudget = true;
  for (const target of targets) {
    const ours = statSync(join(outDir, archiveName(VERSION, target))).size;
    const bare = await bareRuntimeArchiveSize(target, join(outDir, ".bare", platformName(target)));
    const added = ((ours - bare) / bare) * 100;
    if (added > SIZE_BUDGET_PERCENT) withinBudget = false;
    rows.push(`| ${platformName(target)} | ${(ours / MiB).toFixed(2)} MiB | ${(bare / MiB).toFixed(2)} MiB | ${added.toFixed(1)} % |`);
  }
  rmSync(join(outDir, ".bare"), { recursive: true, force: true });
  return { table: rows.join("\n"), withinBudget };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      target: { type: "string", multiple: true },
      "out-dir": { type: "string" },
      sizes: { type: "boolean" },
      "check-size-budget": { type: "boolean" },
    },
    strict: true,
  });
  const targets = values.target ? values.target.map(findTarget) : TARGETS;
  const outDir = values["out-dir"] ?? join(REPO_ROOT, "dist", "release");

  if (values["check-size-budget"]) {
    // Against an existing release: no rebuild, only the bare runtimes are compiled.
    const { table, withinBudget } = await sizeReport(targets, outDir);
    process.stdout.write(`${table}\n`);
    if (!withinBudget) {
      process.stderr.write(`release: env-secrets adds more than ${SIZE_BUDGET_PERCENT} % to a download (see above)\n`);
      process.exit(1);
    }
    process.exit(0);
  }

  rmSync(outDir, { recursive: true, force: true });
  const archives = await buildRelease({
    targets,
    outDir,
    onTarget: (target, archive, ms) =>
      process.stderr.write(`${platformName(target)}: ${archive} (${(statSync(archive).size / MiB).toFixed(1)} MiB) in ${(ms / 1000).toFixed(1)} s\n`),
  });
  process.stderr.write(`wrote ${archives.length} archives, SHA256SUMS and install.sh to ${outDir}\n`);
  if (values.sizes) process.stdout.write(`${(await sizeReport(targets, outDir)).table}\n`);
}
