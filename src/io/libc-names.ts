/**
 * Names under which libc can be found: glibc, musl (per architecture), macOS.
 * Here, below the folders that call libc through bun:ffi (run/, mask/), so
 * that each can open it for the calls it needs.
 */
export function libcCandidates(): string[] {
  if (process.platform === "darwin") return ["/usr/lib/libSystem.B.dylib"];
  const muslArch = process.arch === "arm64" ? "aarch64" : "x86_64";
  return ["libc.so.6", `libc.musl-${muslArch}.so.1`, "libc.so"];
}
