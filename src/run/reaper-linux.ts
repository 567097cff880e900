import { nodeFs } from "../io/lazy-node.ts";
import { libc } from "./libc-posix.ts";

export interface Reaper {
  /** One last sweep, then stop. */
  stop(): void;
}

/** How often PID 1 looks for orphans to reap: zombies cost a process-table slot, not CPU. */
const SWEEP_INTERVAL_MS = 500;

/**
 * As PID 1, every orphan in the container is re-parented to env-secrets and
 * stays a zombie until someone waits for it. This reaps those orphans and
 * nothing else: it waits only for specific pids that are already zombies and
 * are not the main child, whose exit status Bun collects (reaping it here
 * would lose the status the container runtime must see).
 * Linux only (it reads /proc); elsewhere, or without libc, it does nothing.
 */
export function startReaper(mainChild: number): Reaper {
  const c = libc();
  if (process.platform !== "linux" || c === null) return { stop() {} };
  const self = process.pid;
  const sweep = () => {
    for (const pid of zombieChildren(self)) {
      if (pid !== mainChild) c.reapIfExited(pid);
    }
  };
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sweep();
    },
  };
}

/** Pids of `parent`'s children that have exited and wait to be reaped. */
export function zombieChildren(parent: number, proc = "/proc"): number[] {
  const zombies: number[] = [];
  let entries: string[];
  try {
    entries = nodeFs().readdirSync(proc);
  } catch {
    return zombies;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = nodeFs().readFileSync(`${proc}/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    const fields = parseStat(stat);
    if (fields && fields.state === "Z" && fields.ppid === parent) zombies.push(Number(entry));
  }
  return zombies;
}

/** State and parent from /proc/<pid>/stat; the command name may contain spaces and parentheses. */
export function parseStat(stat: string): { state: string; ppid: number } | undefined {
  const end = stat.lastIndexOf(")");
  if (end === -1) return undefined;
  const [state, ppid] = stat.slice(end + 2).split(" ");
  if (state === undefined || ppid === undefined) return undefined;
  return { state, ppid: Number(ppid) };
}
