import { constants } from "node:os";
import { nodeFs } from "../io/lazy-node.ts";
import { libc } from "./libc-posix.ts";

/** What a signal target offers: its pid (the rest of SignalTarget is not needed here). */
interface Process {
  readonly pid: number;
}

/**
 * True when a terminal-generated signal reached the child directly: env-secrets
 * and the child are in one process group, and that group is the foreground
 * group of the controlling terminal. Bun has no siginfo, so a `kill -INT` sent
 * to env-secrets by hand in exactly that situation is not told apart (the
 * child then gets nothing from env-secrets; a second Ctrl-C is what a person
 * would press anyway). Without libc, or without a controlling terminal, false:
 * forward everything.
 */
export function terminalAlreadyDelivered(child: Process): boolean {
  const c = libc();
  if (c === null) return false;
  const foreground = foregroundGroup(c.tcgetpgrp);
  if (foreground <= 0) return false;
  const ours = c.getpgrp();
  return foreground === ours && c.getpgid(child.pid) === ours;
}

function foregroundGroup(tcgetpgrp: (fd: number) => number): number {
  const fs = nodeFs();
  let fd: number;
  try {
    // O_NONBLOCK: never wait on a terminal line; /dev/tty is our controlling terminal, if any.
    fd = fs.openSync("/dev/tty", fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch {
    return -1;
  }
  try {
    return tcgetpgrp(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Ends env-secrets the way its child ended: killed by the same signal, so the
 * calling shell sees exactly what it would have seen without the wrapper.
 * Returns 128+S where that is impossible (no libc; or PID 1 of a PID
 * namespace, which the kernel shields from its own signals) — the caller
 * then exits with it. No core file is written: this process holds secrets.
 */
export function dieBySignal(signal: NodeJS.Signals): number {
  const number = constants.signals[signal] ?? 0;
  const c = libc();
  if (c !== null && number > 0) {
    c.disableCoreDumps();
    c.setDefaultDisposition(number);
    c.unblockAllSignals();
    c.kill(c.getpid(), number);
    // Normally unreachable; allow delivery on another thread to finish first.
    Bun.sleepSync(100);
  }
  return 128 + number;
}
