import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { scratchDir } from "./run.ts";

/**
 * A root directory shaped like a distroless image (gcr.io/distroless/base):
 * the compiled binary, the shared libraries it links (glibc's loader, libc,
 * libm, libpthread, libdl — whatever ldd lists), a CA bundle, /etc/passwd,
 * /tmp, and a static stand-in application, Debian's busybox-static, under
 * /app. No shell: busybox is there only as one file, with no applet links.
 */
export const BUSYBOX = Bun.which("busybox");
export const CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
export const LDD = Bun.which("ldd");
export const CHROOT = Bun.which("chroot");

/** Why a distroless root cannot be built here, or null when it can. */
export function rootfsUnavailable(): string | null {
  if (LDD === null) return "needs ldd (Debian package libc-bin)";
  if (CHROOT === null) return "needs chroot (Debian package coreutils)";
  if (BUSYBOX === null || isDynamic(BUSYBOX)) return "needs a static busybox (Debian package busybox-static)";
  if (!existsSync(CA_BUNDLE)) return "needs a CA bundle (Debian package ca-certificates)";
  return null;
}

export interface Rootfs {
  root: string;
  /** Where env-secrets sits inside the root, as an ENTRYPOINT would name it. */
  entrypoint: string;
}

export function buildDistrolessRoot(binary: string): Rootfs {
  const root = scratchDir();
  const place = (source: string, target = source) => {
    const destination = join(root, target);
    mkdirSync(dirname(destination), { recursive: true });
    copyFileSync(source, destination); // follows symlinks: the real library lands under the linked name
    return destination;
  };
  chmodSync(place(binary, "/env-secrets"), 0o755);
  for (const library of linkedLibraries(binary)) place(library);
  place(CA_BUNDLE);
  chmodSync(place(BUSYBOX as string, "/app/busybox"), 0o755);
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n");
  for (const dir of ["proc", "tmp", "root"]) mkdirSync(join(root, dir), { recursive: true });
  for (const shell of ["/bin/sh", "/usr/bin/sh", "/bin/bash"]) {
    if (existsSync(join(root, shell))) throw new Error(`the distroless root must not contain a shell, found ${shell}`);
  }
  return { root, entrypoint: "/env-secrets" };
}

/** Absolute paths of the shared objects `binary` loads, its ELF interpreter included. */
export function linkedLibraries(binary: string): string[] {
  const result = Bun.spawnSync({ cmd: [LDD as string, binary], stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`ldd ${binary} failed: ${result.stderr.toString()}`);
  const libraries: string[] = [];
  for (const line of result.stdout.toString().split("\n")) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
    const path = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line)?.[1];
    if (path !== undefined) libraries.push(path);
  }
  return libraries;
}

function isDynamic(file: string): boolean {
  return LDD !== null && Bun.spawnSync({ cmd: [LDD, file], stdout: "ignore", stderr: "ignore" }).exitCode === 0;
}
