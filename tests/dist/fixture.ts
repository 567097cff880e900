/**
 * Real release archives for the distribution tests: the full release in
 * dist/release when `npm run build:release` has made one for this version,
 * otherwise the host's linux-x64 archive packed from dist/env-secrets (which
 * `npm test` builds first) exactly as the release packs it.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { archiveName, findTarget, packArchive, sha256File, sourceDateEpoch, TARGETS, VERSION, writeChecksums } from "../../scripts/release.ts";
import { binaryPath, REPO_ROOT } from "../helpers/binary.ts";

export const RELEASE_DIR = join(REPO_ROOT, "dist", "release");

export interface ReleaseFixture {
  dir: string;
  version: string;
  /** The archive for linux-x64, which this machine runs. */
  archive: string;
}

/** Why the checks of a full release did not run. */
export const NO_RELEASE = "they check a full release: run npm run build:release first";

/** True when dist/release holds a complete, consistent release of this version. */
export function fullReleaseBuilt(): boolean {
  const sums = join(RELEASE_DIR, "SHA256SUMS");
  if (!existsSync(sums)) return false;
  const lines = readFileSync(sums, "utf8").trim().split("\n");
  return lines.length === TARGETS.length && lines.every((line) => line.includes(`env-secrets-${VERSION}-`));
}

let cached: ReleaseFixture | undefined;

export function releaseFixture(): ReleaseFixture {
  if (cached) return cached;
  const target = findTarget("linux-x64");
  if (fullReleaseBuilt()) {
    cached = { dir: RELEASE_DIR, version: VERSION, archive: archiveName(VERSION, target) };
    return cached;
  }
  const dir = mkdtempSync(join(tmpdir(), "env-secrets-release-"));
  const archive = packArchive({ binary: binaryPath(), target, version: VERSION, outDir: dir, epoch: sourceDateEpoch() });
  writeChecksums(dir, [archive]);
  cached = { dir, version: VERSION, archive: archiveName(VERSION, target) };
  return cached;
}

/** `<hex>  <name>` lines of a SHA256SUMS file, as a map from name to hex. */
export function readChecksums(file: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    if (match) sums.set(match[2]!, match[1]!);
  }
  return sums;
}

export { sha256File };
