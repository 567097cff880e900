import { readdirSync, readFileSync } from "node:fs";
import { parseStat } from "../../src/run/reaper-linux.ts";
import { waitFor } from "./process.ts";

/**
 * PID namespaces for the PID 1 and distroless tests: `unshare` from
 * util-linux, run as root. Probed once; tests skip with this reason otherwise.
 */
export const UNSHARE = Bun.which("unshare");

export const NAMESPACE_SKIP_REASON =
  "needs root and `unshare` (Debian package util-linux) to create PID and mount namespaces; CI runs as root";

export const canCreatePidNamespace: boolean =
  UNSHARE !== null &&
  process.platform === "linux" &&
  Bun.spawnSync({ cmd: [UNSHARE, "--pid", "--fork", "--mount-proc", "true"], stdout: "ignore", stderr: "ignore" }).exitCode === 0;

/** Runs the rest of the command line as PID 1 of a new PID namespace, with its own /proc. */
export function asPid1(procMountPoint?: string): string[] {
  return [UNSHARE ?? "unshare", "--pid", "--fork", procMountPoint ? `--mount-proc=${procMountPoint}` : "--mount-proc"];
}

export interface ProcessInfo {
  pid: number;
  state: string;
}

/** Every process whose parent is `parent` (host PIDs), from /proc/<pid>/stat. */
export function childrenOf(parent: number): ProcessInfo[] {
  const children: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = parseStat(readFileSync(`/proc/${entry}/stat`, "utf8"));
      if (fields?.ppid === parent) children.push({ pid: Number(entry), state: fields.state });
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

/** The host PID of the process that `unshare --fork` started: PID 1 of the new namespace. */
export async function namespaceInit(unsharePid: number): Promise<number> {
  let init: number | undefined;
  await waitFor("PID 1 of the new namespace", () => {
    init = childrenOf(unsharePid)[0]?.pid;
    return init !== undefined;
  });
  return init as number;
}
