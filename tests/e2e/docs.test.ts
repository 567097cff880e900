/**
 * The shell blocks of README.md and docs/ marked ```sh runnable run as
 * written, against the local fake, with `env-secrets` on PATH as a user would
 * have it: the docs cannot drift from what the binary does. Each block runs
 * in a fresh directory under `sh -e`, so every line must succeed. Every
 * relative link, and every docs address the binary prints, must lead to a page
 * and heading that exist.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPath, REPO_ROOT } from "../helpers/binary.ts";
import { canary, leakedCanaries } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { brokenLinks, headingAnchors } from "../helpers/markdown.ts";
import { awsEnv, scratchDir } from "../helpers/run.ts";

const fake = useFakeAws();
const RUNNABLE = /^```sh runnable\n([\s\S]*?)^```$/gm;
const PAGES = ["README.md", ...readdirSync(join(REPO_ROOT, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];

function runnableBlocks(): { file: string; code: string }[] {
  return PAGES.flatMap((file) => [...readFileSync(join(REPO_ROOT, file), "utf8").matchAll(RUNNABLE)].map((match) => ({ file, code: match[1]! })));
}

const blocks = runnableBlocks();

test("README and docs have runnable blocks", () => {
  expect(blocks.filter((block) => block.file === "README.md").length).toBeGreaterThan(0);
  expect(blocks.filter((block) => block.file.startsWith("docs/")).length).toBeGreaterThan(0);
});

test("every command in README and docs needs only Node.js and npm: npm run or npx bun, never a bare bun", () => {
  const bare = PAGES.flatMap((file) =>
    readFileSync(join(REPO_ROOT, file), "utf8")
      .split("\n")
      .filter((line) => /(^|[`(]|&& )bun (scripts|tests|test|run|install)\b/.test(line))
      .map((line) => `${file}: ${line.trim().slice(0, 80)}`),
  );
  expect(bare).toEqual([]);
});

describe("links", () => {
  test("every relative link of README and docs leads to a file that exists, and to a heading that page has", () => {
    expect(PAGES.flatMap((page) => brokenLinks(REPO_ROOT, page))).toEqual([]);
  });

  test("every docs address in the source (help, error hints) names a page and heading that exist", () => {
    const DOCS_ADDRESS = /github\.com\/env-secrets\/env-secrets\/blob\/main\/(docs\/[\w.-]+\.md)(?:#([\w-]+))?/g;
    const addresses = [...new Bun.Glob("src/**/*.ts").scanSync(REPO_ROOT)].flatMap((file) =>
      [...readFileSync(join(REPO_ROOT, file), "utf8").matchAll(DOCS_ADDRESS)].map(([address, page, anchor]) => ({ file, address, page: page!, anchor })),
    );
    // The protected names' page and the IAM policy's heading, at least.
    expect(addresses.length).toBeGreaterThanOrEqual(2);
    const broken = addresses.flatMap(({ file, address, page, anchor }) => {
      const path = join(REPO_ROOT, page);
      if (!existsSync(path)) return [`${file}: ${address} (no such page)`];
      return anchor === undefined || headingAnchors(readFileSync(path, "utf8")).has(anchor) ? [] : [`${file}: ${address} (no such heading)`];
    });
    expect(broken).toEqual([]);
  });

  test("the check itself: a missing file, a missing heading and a missing anchor in the same page are reported", () => {
    const root = scratchDir();
    mkdirSync(join(root, "docs"));
    writeFileSync(join(root, "docs", "a.md"), "# A page\n\n## Rotation: `--watch`\n\n## Rotation: `--watch`\n");
    writeFileSync(
      join(root, "README.md"),
      [
        "# Title",
        "[ok](docs/a.md#rotation---watch) [ok too](docs/a.md#rotation---watch-1) [here](#title) [web](https://example.com/x#y)",
        "`[in code](docs/gone.md)`",
        "```",
        "[in a block](docs/gone.md)",
        "```",
        "[gone](docs/gone.md) [no heading](docs/a.md#nothing) [not here](#nothing)",
      ].join("\n"),
    );
    expect(brokenLinks(root, "README.md")).toEqual([
      "README.md:7: docs/gone.md (no file docs/gone.md)",
      "README.md:7: docs/a.md#nothing (no heading #nothing)",
      "README.md:7: #nothing (no heading #nothing)",
    ]);
  });
});

test("README: at most ~150 lines, none over 200 characters, a table of contents", () => {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const lines = readme.split("\n");
  expect(lines.length).toBeLessThanOrEqual(150);
  expect(lines.filter((line) => line.length > 200)).toEqual([]);
  expect(readme).toContain("## Contents\n");
});

describe("runnable blocks run as written", () => {
  for (const [index, { file, code }] of blocks.entries()) {
    test(`${file}, block ${index + 1}`, async () => {
      const password = canary("docs-password");
      fake().seed({ name: "my-app/prod", secretString: JSON.stringify({ DB_HOST: "db.internal", DB_PASSWORD: password }) });
      const cwd = scratchDir();
      const bin = join(cwd, ".bin");
      mkdirSync(bin);
      symlinkSync(binaryPath(), join(bin, "env-secrets"));
      const env = awsEnv(fake().url, { HOME: cwd, PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}` });
      const proc = Bun.spawn({ cmd: ["sh", "-e", "-c", code], cwd, env, stdout: "pipe", stderr: "pipe" });
      const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
      expect({ exitCode, stderr: exitCode === 0 ? "" : stderr }).toEqual({ exitCode: 0, stderr: "" });
      // What env-secrets says on the way (wrote a file) is fine; a warning means the docs teach something off.
      expect(stderr.split("\n").filter((line) => line !== "" && !/^env-secrets: wrote /.test(line))).toEqual([]);
      expect(leakedCanaries(stdout + stderr)).toEqual([]);
    });
  }
});
