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
  // node:fs costs ~2.5 ms to load; the shared config files are read on nearly every run.
  { builtin: "node:fs/promises", standIn: standIn("file-text.ts"), modules: ["config/shared-ini-file-loader/readFile", "config/shared-ini-file-loader/getSSOTokenFromFile"] },
];

const standInsApplied = new Set<string>();

/**
 * The MCP SDK's `Server` imports its Ajv-based JSON Schema validator (Ajv and
 * ajv-formats) at load time, to check answers to elicitation requests, which
 * `env-secrets mcp` never sends; src/mcp/server.ts gives the server a stub
 * validator. A stand-in that refuses to be built keeps Ajv out of the
 * binary: 0.55 MiB of its size (docs/benchmarks.md). As above, the build fails if
 * nothing imports the module any more.
 */
const NO_AJV = standIn("no-ajv.ts");
let ajvProviderReplaced = false;

const mcpWithoutAjv: BunPlugin = {
  name: "mcp-without-ajv",
  setup(build) {
    build.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) => {
      if (!args.importer.includes("/@modelcontextprotocol/sdk/")) return undefined;
      ajvProviderReplaced = true;
      return { path: NO_AJV };
    });
  },
};

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

/**
 * SDK functions that run in a loop of JavaScript on every request, and a
 * native equivalent in our own module that the SDK module exports instead:
 * SigV4 hex-encodes four digests per request one byte at a time (about
 * 0.05 ms a request in the interpreter, docs/benchmarks.md). The signature is
 * still the SDK's own; the fake AWS checks it with node:crypto. As above, the
 * build fails if the module or the function is gone.
 */
const SDK_FUNCTION_STAND_INS = [{ module: "serde/util-hex-encoding/hex-encoding", name: "toHex", standIn: standIn("native-hex.ts") }];

const sdkFunctionStandIns: BunPlugin = {
  name: "sdk-function-stand-ins",
  setup(build) {
    for (const { module, name, standIn } of SDK_FUNCTION_STAND_INS) {
      build.onLoad({ filter: new RegExp(`/@smithy/core/dist-es/submodules/${module}\\.js$`) }, async ({ path }) => {
        const text = await Bun.file(path).text();
        const declaration = `export function ${name}(`;
        if (!text.includes(declaration)) throw new Error(`${path} no longer declares ${name}: update SDK_FUNCTION_STAND_INS in scripts/build.ts`);
        // The SDK's function stays, unexported (the bundler drops it); ours is exported under its name.
        const rewritten = `${text.replace(declaration, `function replaced_${name}(`)}\nexport { ${name} } from ${JSON.stringify(standIn)};\n`;
        standInsApplied.add(module);
        return { contents: rewritten, loader: "js" };
      });
    }
  },
};

/**
 * The JIT policy the binary starts with: JavaScriptCore's tier-up thresholds
 * multiplied by this. A run is a burst of code that runs once or a few dozen
 * times (the SDK's middleware, once per request), which the JIT compiles at a
 * cost (on its own threads, competing for the same cores) that such code never
 * pays back: the interpreter alone does a 50-secret run in about half the CPU
 * time. Code that truly loops still tiers up, only later. The normal policy
 * comes back once the AWS phase is over (src/aws/sdk/session.ts); masking
 * the program's output (--mask-output) holds it back again, as its work per
 * piece of output is also a few dozen calls (src/mask/child-output.ts).
 * docs/benchmarks.md.
 */
export const STARTUP_JIT_POLICY = 20;

export interface BuildOptions {
  /** A `bun build --compile --target` value; the host when absent. */
  target?: Bun.Build.CompileTarget;
  outfile: string;
}

export async function buildBinary({ target, outfile }: BuildOptions): Promise<void> {
  standInsApplied.clear();
  nodeHttpHandlerRedirected = false;
  ajvProviderReplaced = false;
  const result = await Bun.build({
    entrypoints: [source("cli.ts")],
    compile: {
      ...(target ? { target } : {}),
      outfile,
      autoloadDotenv: false,
      autoloadBunfig: false,
      autoloadTsconfig: false,
      autoloadPackageJson: false,
      jitPolicy: STARTUP_JIT_POLICY,
    },
    plugins: [lazyNodeHttpHandler, sdkBuiltinStandIns, sdkFunctionStandIns, mcpWithoutAjv],
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
  const expected = [...SDK_BUILTIN_STAND_INS.flatMap(({ modules }) => modules), ...SDK_FUNCTION_STAND_INS.map(({ module }) => module)];
  const missing = expected.filter((module) => !standInsApplied.has(module));
  if (missing.length > 0) throw new Error(`SDK modules not in the bundle any more: ${missing.join(", ")}; update the stand-ins in scripts/build.ts`);
  if (!ajvProviderReplaced) {
    throw new Error("the MCP SDK no longer imports validation/ajv-provider.js: drop mcpWithoutAjv and src/build-stand-ins/no-ajv.ts from scripts/build.ts");
  }
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
