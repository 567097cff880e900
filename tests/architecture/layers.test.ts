/**
 * The folders of src/ form layers: a module imports from its own folder and
 * from lower layers only, so there is no import cycle between folders and
 * the lower folders can be read (and tested) without the higher ones.
 * Type-only imports count too: they couple the code all the same.
 */
import { describe, expect, test } from "bun:test";
import { folderOf, sourceFiles, sourceImports, sourceText } from "./source.ts";

/** Lowest first. Folders on one line are peers: none of them imports another. */
const LAYERS: string[][] = [
  ["."], // errors.ts, version.ts
  ["io"],
  ["log"],
  ["secrets"],
  // mcp/: the MCP protocol over stdio (the SDK's server, our line transport); what the tools do is in commands/mcp/.
  ["aws", "config", "mask", "mcp", "output", "run"],
  // What the secret commands and `aws policy` do beyond parsing and printing; they use the features above.
  ["manage", "policy"],
  // Used only by the build, which points SDK modules at them: nothing in src/ imports them.
  ["build-stand-ins"],
  ["commands"],
  ["cli"],
];

const rank = new Map(LAYERS.flatMap((folders, index) => folders.map((folder) => [folder, index] as const)));
const imports = sourceImports().filter((edge) => !edge.to.startsWith(".."));

describe("layers", () => {
  test("the scan sees the imports it checks", () => {
    const edges = new Set(imports.map((edge) => `${folderOf(edge.from)} -> ${folderOf(edge.to)}`));
    for (const known of ["cli -> commands", "commands -> config", "commands -> aws", "config -> secrets", "log -> io", "commands -> manage", "commands -> policy", "policy -> aws"]) {
      expect(edges).toContain(known);
    }
    expect(imports.some((edge) => edge.lazy)).toBe(true);
    expect(imports.some((edge) => edge.typeOnly)).toBe(true);
  });

  test("every folder of src/ has its place in the layers", () => {
    const folders = new Set(imports.flatMap((edge) => [folderOf(edge.from), folderOf(edge.to)]));
    expect([...folders].filter((folder) => !rank.has(folder))).toEqual([]);
  });

  test("imports go from a higher layer to a lower one only (config/ never imports commands/)", () => {
    const upward = imports
      .filter((edge) => folderOf(edge.from) !== folderOf(edge.to))
      .filter((edge) => rank.get(folderOf(edge.to))! >= rank.get(folderOf(edge.from))!)
      .map((edge) => `${edge.from} imports ${edge.to}`);
    expect(upward).toEqual([]);
  });

  test("no import cycle between folders", () => {
    const graph = new Map<string, Set<string>>();
    for (const edge of imports) {
      const [from, to] = [folderOf(edge.from), folderOf(edge.to)];
      if (from !== to) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
    const cycles = new Set<string>();
    const visit = (folder: string, path: string[]) => {
      if (path.includes(folder)) {
        cycles.add([...path.slice(path.indexOf(folder)), folder].join(" -> "));
        return;
      }
      for (const next of graph.get(folder) ?? []) visit(next, [...path, folder]);
    };
    for (const folder of graph.keys()) visit(folder, []);
    expect([...cycles]).toEqual([]);
  });
});

describe("folders that say what they are", () => {
  test("aws/sdk/, the SDK-facing code, is loaded on demand: from outside, only lazy or type-only imports reach it", () => {
    const eager = imports
      .filter((edge) => edge.to.startsWith("aws/sdk/") && !edge.from.startsWith("aws/sdk/"))
      .filter((edge) => !edge.lazy && !edge.typeOnly)
      .map((edge) => `${edge.from} imports ${edge.to}`);
    expect(eager).toEqual([]);
    expect(imports.some((edge) => edge.to === "aws/sdk/index.ts" && edge.lazy)).toBe(true);
  });

  test("mcp/ and commands/mcp/, which load the MCP SDK and zod, are reached from outside only by lazy or type-only imports", () => {
    const isMcp = (path: string) => path.startsWith("mcp/") || path.startsWith("commands/mcp/");
    const eager = imports
      .filter((edge) => isMcp(edge.to) && !isMcp(edge.from))
      .filter((edge) => !edge.lazy && !edge.typeOnly)
      .map((edge) => `${edge.from} imports ${edge.to}`);
    expect(eager).toEqual([]);
    expect(imports.some((edge) => edge.from === "commands/mcp.ts" && edge.to === "mcp/server.ts" && edge.lazy)).toBe(true);
  });

  test("aws/options/, loaded at startup, never imports aws/sdk/", () => {
    expect(imports.filter((edge) => edge.from.startsWith("aws/options/") && edge.to.startsWith("aws/sdk/"))).toEqual([]);
  });

  test("the build's stand-ins are imported by nothing in src/ and import nothing of it; the build uses each of them", async () => {
    const standIns = sourceFiles().filter((path) => path.startsWith("build-stand-ins/"));
    expect(standIns.length).toBeGreaterThan(0);
    expect(sourceImports().filter((edge) => (edge.from.startsWith("build-stand-ins/") || edge.to.startsWith("build-stand-ins/")) && folderOf(edge.from) !== folderOf(edge.to))).toEqual([]);
    const build = await Bun.file(new URL("../../scripts/build.ts", import.meta.url)).text();
    for (const path of standIns) expect(build).toContain(`standIn("${path.slice("build-stand-ins/".length)}")`);
  });

  test("code for one platform is named for it (-posix, -linux, -darwin, -windows)", () => {
    const PLATFORM_ONLY = [/from "bun:ffi"/, /["'`]\/proc\b/, /["'`]\/dev\/tty\b/];
    const unnamed = sourceFiles()
      .filter((path) => PLATFORM_ONLY.some((pattern) => pattern.test(sourceText(path))))
      .filter((path) => !/-(posix|linux|darwin|windows)\.ts$/.test(path));
    expect(unnamed).toEqual([]);
    expect(sourceFiles()).toContain("run/libc-posix.ts");
  });
});
