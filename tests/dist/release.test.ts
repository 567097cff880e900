/**
 * The release archives: names, contents, modes, reproducibility, and — for the
 * full release in dist/release (npm run build:release) — that each archive holds
 * a binary for the platform its name promises and matches SHA256SUMS.
 */
import { describe, expect, test } from "bun:test";
import { openSync, readFileSync, readSync, closeSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { archiveName, binaryName, findTarget, packArchive, platformName, type ReleaseTarget, TARGETS, VERSION } from "../../scripts/release.ts";
import { scratchDir } from "../helpers/run.ts";
import { fullReleaseBuilt, NO_RELEASE, RELEASE_DIR, readChecksums, releaseFixture, sha256File } from "./fixture.ts";
import { noteSkip } from "../helpers/skips.ts";

interface Member {
  mode: string;
  owner: string;
  name: string;
}

/** `tar -tvzf` as [mode, owner/group, name]. */
function tarMembers(archive: string): Member[] {
  const proc = Bun.spawnSync({ cmd: ["tar", "--numeric-owner", "-tvzf", archive], stdout: "pipe", stderr: "pipe" });
  expect(proc.exitCode).toBe(0);
  return proc.stdout
    .toString()
    .trim()
    .split("\n")
    .map((line) => {
      const [mode, owner, , , , name] = line.split(/\s+/);
      return { mode: mode!, owner: owner!, name: name! };
    });
}

describe("release naming", () => {
  test("eight platforms, each with its archive name", () => {
    expect(TARGETS.map((t) => archiveName("1.2.3", t))).toEqual([
      "env-secrets-1.2.3-linux-x64.tar.gz",
      "env-secrets-1.2.3-linux-x64-baseline.tar.gz",
      "env-secrets-1.2.3-linux-arm64.tar.gz",
      "env-secrets-1.2.3-linux-x64-musl.tar.gz",
      "env-secrets-1.2.3-linux-arm64-musl.tar.gz",
      "env-secrets-1.2.3-darwin-x64.tar.gz",
      "env-secrets-1.2.3-darwin-arm64.tar.gz",
      "env-secrets-1.2.3-windows-x64.zip",
    ]);
  });

  test("an unknown platform is refused with the known ones", () => {
    expect(() => findTarget("linux-riscv64")).toThrow("unknown platform 'linux-riscv64'; known: linux-x64, linux-x64-baseline,");
  });
});

describe("packing", () => {
  function packSmall(target: ReleaseTarget, epoch: number): string {
    const dir = scratchDir();
    const binary = join(dir, "binary");
    writeFileSync(binary, "#!/bin/sh\necho fake\n", { mode: 0o700 });
    return packArchive({ binary, target, version: "1.2.3", outDir: join(dir, "out"), epoch });
  }

  test("a tarball holds one directory with the executable, LICENSE and README, owned by root", () => {
    const archive = packSmall(findTarget("linux-arm64"), 1_700_000_000);
    expect(tarMembers(archive)).toEqual([
      { mode: "drwxr-xr-x", owner: "0/0", name: "env-secrets-1.2.3-linux-arm64/" },
      { mode: "-rw-r--r--", owner: "0/0", name: "env-secrets-1.2.3-linux-arm64/LICENSE" },
      { mode: "-rw-r--r--", owner: "0/0", name: "env-secrets-1.2.3-linux-arm64/README.md" },
      { mode: "-rwxr-xr-x", owner: "0/0", name: "env-secrets-1.2.3-linux-arm64/env-secrets" },
    ]);
  });

  test("the same input packs to the same bytes, and another mtime to other bytes", () => {
    const target = findTarget("darwin-x64");
    const a = sha256File(packSmall(target, 1_700_000_000));
    expect(sha256File(packSmall(target, 1_700_000_000))).toBe(a);
    expect(sha256File(packSmall(target, 1_700_000_001))).not.toBe(a);
  });

  test("the Windows zip holds env-secrets.exe, reproducibly", () => {
    const target = findTarget("windows-x64");
    const archive = packSmall(target, 1_700_000_000);
    const list = Bun.spawnSync({ cmd: ["unzip", "-Z1", archive], stdout: "pipe" });
    expect(list.stdout.toString().trim().split("\n")).toEqual([
      "env-secrets-1.2.3-windows-x64/",
      "env-secrets-1.2.3-windows-x64/env-secrets.exe",
      "env-secrets-1.2.3-windows-x64/LICENSE",
      "env-secrets-1.2.3-windows-x64/README.md",
    ]);
    expect(sha256File(packSmall(target, 1_700_000_000))).toBe(sha256File(archive));
  });
});

/** What the first bytes of an executable say about its OS and CPU. */
function executableKind(file: string): string {
  const fd = openSync(file, "r");
  const head = Buffer.alloc(4096);
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  if (head.readUInt32BE(0) === 0x7f454c46) {
    const machine = head.readUInt16LE(18);
    const cpu = machine === 0x3e ? "x64" : machine === 0xb7 ? "arm64" : `elf-machine-${machine}`;
    // The program interpreter (PT_INTERP) is near the start: musl's loader is ld-musl-*.
    return `linux-${cpu}${head.includes("ld-musl-") ? "-musl" : ""}`;
  }
  if (head.readUInt32LE(0) === 0xfeedfacf) {
    const cpuType = head.readUInt32LE(4);
    return `darwin-${cpuType === 0x01000007 ? "x64" : cpuType === 0x0100000c ? "arm64" : `cputype-${cpuType}`}`;
  }
  if (head.toString("latin1", 0, 2) === "MZ") {
    const pe = head.readUInt32LE(0x3c);
    return head.readUInt16LE(pe + 4) === 0x8664 ? "windows-x64" : "windows-other";
  }
  return "unknown";
}

describe("the built release", () => {
  const built = fullReleaseBuilt();
  if (!built) noteSkip(import.meta.path, NO_RELEASE, 1 + TARGETS.length);

  test("the host archive unpacks to a binary that runs", () => {
    const fixture = releaseFixture();
    const dir = scratchDir();
    expect(Bun.spawnSync({ cmd: ["tar", "-xzf", join(fixture.dir, fixture.archive), "-C", dir] }).exitCode).toBe(0);
    const run = Bun.spawnSync({ cmd: [join(dir, `env-secrets-${VERSION}-linux-x64`, "env-secrets"), "--version"], stdout: "pipe" });
    expect(run.stdout.toString()).toBe(`${VERSION}\n`);
  }, 120_000);

  test.skipIf(!built)("SHA256SUMS lists every archive with its checksum", () => {
    const sums = readChecksums(join(RELEASE_DIR, "SHA256SUMS"));
    expect([...sums.keys()].sort()).toEqual(TARGETS.map((t) => archiveName(VERSION, t)).sort());
    for (const [file, sha] of sums) expect(sha256File(join(RELEASE_DIR, file))).toBe(sha);
    // What the README tells users to run, not our own hashing.
    const check = Bun.spawnSync({ cmd: ["sha256sum", "-c", "SHA256SUMS"], cwd: RELEASE_DIR, stdout: "pipe", stderr: "pipe" });
    expect(check.exitCode).toBe(0);
    expect(check.stdout.toString().trim().split("\n").sort()).toEqual(TARGETS.map((t) => `${archiveName(VERSION, t)}: OK`).sort());
  });

  test.skipIf(!built).each(TARGETS.map((t) => [platformName(t), t] as const))("%s: the binary is built for that platform", (platform, target) => {
    const dir = scratchDir();
    const archive = join(RELEASE_DIR, archiveName(VERSION, target));
    const unpack = target.os === "windows" ? ["unzip", "-q", archive, "-d", dir] : ["tar", "-xzf", archive, "-C", dir];
    expect(Bun.spawnSync({ cmd: unpack }).exitCode).toBe(0);
    const binary = join(dir, `env-secrets-${VERSION}-${platform}`, binaryName(target));
    const expected = platform.replace("-baseline", "");
    expect(executableKind(binary)).toBe(expected);
    expect(readFileSync(join(dir, `env-secrets-${VERSION}-${platform}`, "LICENSE"), "utf8")).toContain("env-secrets contributors");
  });
});
