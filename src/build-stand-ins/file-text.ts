/**
 * node:fs/promises' readFile, for the SDK's shared config and SSO token
 * loaders, which the release build points here (scripts/build.ts): they read
 * ~/.aws/config and ~/.aws/credentials on nearly every run, and node:fs costs
 * Bun about 2.5 ms to load (docs/benchmarks.md). Bun's own file reading
 * fails with the same error codes; the text is decoded as Node decodes it
 * (a byte-order mark is kept, bad bytes become U+FFFD).
 */
export async function readFile(path: string, _encoding: "utf8"): Promise<string> {
  return Buffer.from(await Bun.file(path).arrayBuffer()).toString("utf8");
}
