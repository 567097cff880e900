/**
 * Compiles the standalone env-secrets binary for this machine: `dist/env-secrets`.
 *
 * The binary must never read `.env` or `bunfig.toml` from the directory it
 * runs in: a compiled Bun program does both by default, and a bunfig.toml
 * `preload` would run foreign code inside a process that holds secrets.
 * Both autoloads are turned off here, and an end-to-end test proves it.
 */
import { parseArgs } from "node:util";
import type { BunPlugin } from "bun";

const source = (path: string) => new URL(`../src/${path}`, import.meta.url).pathname;
/** Every module of this folder stands in for something the SDK imports, and is used only through the plugins below. */
const standIn = (name: string) => source(`build-stand-ins/${name}`);
const LAZY_NODE_HTTP_HANDLER = standIn("node-http-handler.ts");

/**
 * The SDK's clients import their Node.js HTTP handler (and with it node:http,
 * node:https and node:http2) at startup even when given another handler, as
 * ours always are. Routing the import to a stand-in that loads the real module
 * on first use saves about 3.5 ms of every run (docs/benchmarks.md).
 * The build fails if no module of the bundle imports it any more, like the
 * rewrites below.
 */
let nodeHttpHandlerRedirected = false;

const lazyNodeHttpHandler: BunPlugin = {
  name: "lazy-node-http-handler",
  setup(build) {
    build.onResolve({ filter: /^@smithy\/node-http-handler$/ }, (args) => {
      if (args.importer === LAZY_NODE_HTTP_HANDLER) return undefined;
      nodeHttpHandlerRedirected = true;
      return { path: LAZY_NODE_HTTP_HANDLER };
    });
  },
};

/**
 * SDK modules that import a Node built-in at load time for work a run never
 * or rarely does, and the module they import instead: node:crypto (hashing
 * for SigV4, invocation ids) on Bun's native hasher; node:zlib (CRC-32
 * checksums) and Node's streams (instanceof checks, a collector for Node
 * response bodies) loaded on first use. About 2 ms of every fetch
 * (docs/benchmarks.md).
 * The build fails if one of these files is missing from the bundle or no
 * longer imports the built-in, so an SDK update cannot silently change what
 * is replaced.
 */
const SDK_BUILTIN_STAND_INS = [
  {
    builtin: "node:crypto",
    standIn: standIn("native-crypto.ts"),
    modules: ["checksum/sha256/Sha256Node", "serde/hash-node/hash-node", "serde/index", "config/shared-ini-file-loader/getSSOTokenFilepath"],
  },
  { builtin: "node:zlib", standIn: standIn("lazy-zlib.ts"), modules: ["checksum/crc32/Crc32Node"] },
  {
    builtin: "node:stream",
    standIn: standIn("lazy-stream.ts"),
    modules: ["retry/middleware-retry/isStreamingPayload/isStreamingPayload", "serde/util-stream/sdk-stream-mixin", "serde/util-stream/stream-collector"],
  },
  // Importing ReadStream from node:fs loads Node's streams as well.
  { builtin: "node:fs", standIn: standIn("lazy-stream.ts"), modules: ["serde/util-body-length/calculateBodyLength"] },
];

const standInsApplied = new Set<string>();

const sdkBuiltinStandIns: BunPlugin = {
  name: "sdk-builtin-stand-ins",
  setup(build) {
    for (const { builtin, standIn, modules } of SDK_BUILTIN_STAND_INS) {
      const filter = new RegExp(`/@smithy/core/dist-es/submodules/(${modules.join("|")})\\.js$`);
      build.onLoad({ filter }, async ({ path }) => {
        const text = await Bun.file(path).text();
        const rewritten = text.replaceAll(`from "${builtin}"`, `from ${JSON.stringify(standIn)}`);
        if (rewritten === text) throw new Error(`${path} no longer imports ${builtin}: update SDK_BUILTIN_STAND_INS in scripts/build.ts`);
        standInsApplied.add(modules.find((module) => path.endsWith(`/${module}.js`)) ?? path);
        return { contents: rewritten, loader: "js" };
      });
    }
  },
};

export interface BuildOptions {
  /** A `bun build --compile --target` value; the host when absent. */
  target?: Bun.Build.CompileTarget;
  outfile: string;
}

export async function buildBinary({ target, outfile }: BuildOptions): Promise<void> {
  standInsApplied.clear();
  nodeHttpHandlerRedirected = false;
  const result = await Bun.build({
    entrypoints: [source("cli.ts")],
    compile: {
      ...(target ? { target } : {}),
      outfile,
      autoloadDotenv: false,
      autoloadBunfig: false,
      autoloadTsconfig: false,
      autoloadPackageJson: false,
    },
    plugins: [lazyNodeHttpHandler, sdkBuiltinStandIns],
    // The SDK's packages map the "node" condition to one bundled CommonJS file
    // per package, which is evaluated whole on first require: every command,
    // schema, event-stream and CBOR codec of @smithy/core, for instance. Their
    // "module" entry (listed first) is the same code as ES modules, which the
    // bundler tree-shakes and evaluates module by module: about 2 ms off every
    // run that fetches (docs/benchmarks.md).
    conditions: ["module"],
    minify: true,
    // ES modules split at each lazy import: the SDK's chunks load only when a
    // command needs them, instead of one bundle that every run loads whole.
    // --version: 6.8 -> 5.5 ms; a 1-secret run about 1 ms less (docs/benchmarks.md).
    format: "esm",
    splitting: true,
    // Precompiled bytecode: startup drops from ~36 ms to ~7 ms (docs/benchmarks.md).
    bytecode: true,
    sourcemap: "none",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  if (!result.success) {
    for (const message of result.logs) process.stderr.write(`${message}\n`);
    throw new Error(`build failed for ${target ?? "host"}`);
  }
  const missing = SDK_BUILTIN_STAND_INS.flatMap(({ modules }) => modules).filter((module) => !standInsApplied.has(module));
  if (missing.length > 0) throw new Error(`SDK modules not in the bundle any more: ${missing.join(", ")}; update SDK_BUILTIN_STAND_INS in scripts/build.ts`);
  if (!nodeHttpHandlerRedirected) {
    throw new Error("nothing in the bundle imports @smithy/node-http-handler any more: drop lazyNodeHttpHandler and src/build-stand-ins/node-http-handler.ts from scripts/build.ts");
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { outfile: { type: "string" } }, strict: true });
  const outfile = values.outfile ?? new URL("../dist/env-secrets", import.meta.url).pathname;
  const started = performance.now();
  await buildBinary({ outfile });
  process.stderr.write(`built ${outfile} in ${Math.round(performance.now() - started)} ms\n`);
}
