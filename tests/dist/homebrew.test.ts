/**
 * scripts/homebrew.ts: the formula it renders from a SHA256SUMS names, for each
 * OS and CPU, the right archive URL and checksum. Checked by loading the formula
 * in Ruby (Debian package ruby) with a stand-in for Homebrew's DSL, and with `ruby -c`.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderFormula } from "../../scripts/homebrew.ts";
import { scratchDir } from "../helpers/run.ts";
import { fullReleaseBuilt, NO_RELEASE, RELEASE_DIR, readChecksums, sha256File } from "./fixture.ts";
import { noteSkip } from "../helpers/skips.ts";

const HARNESS = join(import.meta.dir, "fixtures", "formula-harness.rb");
const ruby = Bun.which("ruby");
if (!ruby) noteSkip(import.meta.path, "ruby is missing (Debian package ruby): the formula is not loaded in Ruby");

const PLATFORMS = ["linux-x64", "linux-x64-baseline", "linux-arm64", "linux-x64-musl", "linux-arm64-musl", "darwin-x64", "darwin-arm64"];

/** A SHA256SUMS with a distinct, recognisable checksum per platform. */
function sumsFor(version: string): { sums: string; hash: (platform: string) => string } {
  const hash = (platform: string) => Bun.SHA256.hash(platform, "hex") as string;
  const lines = PLATFORMS.map((p) => `${hash(p)}  env-secrets-${version}-${p}.tar.gz`);
  lines.push(`${hash("windows-x64")}  env-secrets-${version}-windows-x64.zip`);
  return { sums: `${lines.join("\n")}\n`, hash };
}

interface Loaded {
  fields: Record<string, unknown>;
  platforms: Record<string, { url: string; sha256: string }>;
}

function loadInRuby(formula: string): Loaded {
  const file = join(scratchDir(), "env-secrets.rb");
  writeFileSync(file, formula);
  const syntax = Bun.spawnSync({ cmd: [ruby!, "-c", file], stdout: "pipe", stderr: "pipe" });
  expect(syntax.stderr.toString()).toBe("");
  expect(syntax.stdout.toString()).toBe("Syntax OK\n");
  const loaded = Bun.spawnSync({ cmd: [ruby!, HARNESS, file], stdout: "pipe", stderr: "pipe" });
  expect(loaded.stderr.toString()).toBe("");
  expect(loaded.exitCode).toBe(0);
  return JSON.parse(loaded.stdout.toString()) as Loaded;
}

describe("homebrew formula", () => {
  test("names the right archive and checksum for each OS and CPU", () => {
    const { sums, hash } = sumsFor("1.2.3");
    const formula = renderFormula({ sums, repo: "acme/env-secrets" });
    const expected = {
      "macos-arm": "darwin-arm64",
      "macos-intel": "darwin-x64",
      "linux-arm": "linux-arm64",
      "linux-intel": "linux-x64",
    };
    if (!ruby) {
      for (const platform of Object.values(expected)) expect(formula).toContain(`sha256 "${hash(platform)}"`);
      return;
    }
    const loaded = loadInRuby(formula);
    expect(loaded.fields).toMatchObject({ version: "1.2.3", license: "MIT", homepage: "https://github.com/acme/env-secrets" });
    expect(loaded.fields.methods).toEqual(["install"]);
    expect(loaded.fields.test_block).toBe(true);
    // install: the binary, then bash, zsh and fish completions from `env-secrets completion <shell>`.
    expect(loaded.fields.installed).toEqual(["env-secrets"]);
    expect(loaded.fields.completions).toEqual({ commands: ["bin/env-secrets", "completion"], options: {} });
    const want = Object.fromEntries(
      Object.entries(expected).map(([where, platform]) => [
        where,
        { url: `https://github.com/acme/env-secrets/releases/download/v1.2.3/env-secrets-1.2.3-${platform}.tar.gz`, sha256: hash(platform) },
      ]),
    );
    expect(loaded.platforms).toEqual(want);
  });

  test("its test block checks --version", () => {
    const formula = renderFormula({ sums: sumsFor("1.2.3").sums });
    expect(formula).toContain('assert_equal version.to_s, shell_output("#{bin}/env-secrets --version").strip');
  });

  test("accepts a pre-release version", () => {
    const formula = renderFormula({ sums: sumsFor("2.0.0-rc.1").sums });
    expect(formula).toContain('version "2.0.0-rc.1"');
    expect(formula).toContain("/releases/download/v2.0.0-rc.1/env-secrets-2.0.0-rc.1-darwin-arm64.tar.gz");
  });

  test("refuses a SHA256SUMS missing a platform", () => {
    const sums = sumsFor("1.2.3").sums.split("\n").filter((line) => !line.includes("darwin-x64")).join("\n");
    expect(() => renderFormula({ sums })).toThrow("SHA256SUMS has no archive for darwin-x64");
  });

  test("refuses a SHA256SUMS mixing versions", () => {
    const sums = `${sumsFor("1.2.3").sums}${"f".repeat(64)}  env-secrets-1.2.4-linux-x64.tar.gz\n`;
    expect(() => renderFormula({ sums })).toThrow("SHA256SUMS must describe exactly one version; found: 1.2.3, 1.2.4");
  });

  test("for the built release, the checksums are those of the archives", () => {
    if (!fullReleaseBuilt()) {
      noteSkip(import.meta.path, NO_RELEASE);
      return;
    }
    const sumsFile = join(RELEASE_DIR, "SHA256SUMS");
    const formula = renderFormula({ sums: readFileSync(sumsFile, "utf8") });
    for (const [file, sha] of readChecksums(sumsFile)) {
      if (!/-(darwin-(x64|arm64)|linux-(x64|arm64))\.tar\.gz$/.test(file)) continue;
      expect(sha256File(join(RELEASE_DIR, file))).toBe(sha);
      expect(formula).toContain(`${file}"\n      sha256 "${sha}"`);
    }
  });
});
