/**
 * Names under which libc can be found: glibc, musl (per architecture), macOS.
 * Here, below the folders that call libc through bun:ffi (run/, mask/, and
 * io/start-calls-posix.ts), so that each can open it for the calls it needs.
 */
export function libcCandidates(): string[] {
  if (process.platform === "darwin") return ["/usr/lib/libSystem.B.dylib"];
  const muslArch = process.arch === "arm64" ? "aarch64" : "x86_64";
  return ["libc.so.6", `libc.musl-${muslArch}.so.1`, "libc.so"];
}

/**
 * A libc binding made on first use, from the first of the candidates that
 * `bind` opens, and kept; null on a platform it is not `for`, or when none
 * opens (the callers then do without, or fall back).
 */
export function libcBinding<T>(bind: (name: string) => T, forPlatform: (platform: NodeJS.Platform) => boolean): () => T | null {
  let bound: T | null | undefined;
  return () => {
    if (bound !== undefined) return bound;
    bound = null;
    if (!forPlatform(process.platform)) return bound;
    for (const name of libcCandidates()) {
      try {
        bound = bind(name);
        break;
      } catch {
        // try the next name
      }
    }
    return bound;
  };
}
