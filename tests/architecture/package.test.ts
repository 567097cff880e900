/**
 * package.json keeps `npm ci` clean: every installed package with an install
 * script is approved in allowScripts (npm 11 warns about any that is not, and
 * npm 12 will not run it: bun's postinstall fetches the runtime itself).
 */
import { expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/binary.ts";

const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall"];

function installedPackages(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) found.push(...readdirSync(join(dir, entry)).map((name) => `${entry}/${name}`));
    else found.push(entry);
  }
  return found;
}

test("every installed package with an install script is approved in allowScripts", () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
  const modules = join(REPO_ROOT, "node_modules");
  const withScripts = installedPackages(modules).filter((name) => {
    const manifest = join(modules, name, "package.json");
    if (!existsSync(manifest)) return false;
    const scripts = JSON.parse(readFileSync(manifest, "utf8")).scripts ?? {};
    return INSTALL_SCRIPTS.some((script) => script in scripts);
  });
  expect(withScripts).toContain("bun");
  expect(withScripts.filter((name) => pkg.allowScripts?.[name] !== true)).toEqual([]);
});

test("npm test is the runner that says what it skipped", () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
  expect(pkg.scripts.test).toBe("bun scripts/test.ts");
});
