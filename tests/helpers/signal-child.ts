/**
 * A program for supervision tests, run as env-secrets' child:
 *
 *   bun tests/helpers/signal-child.ts <dir> exit|log
 *
 * Writes its pid to <dir>/ready once its handlers are in place, and appends
 * the name of every forwarded signal it receives to <dir>/signals. In `exit`
 * mode the first signal ends it with exit code 100 + the signal's number (so
 * the exit code proves both delivery and status propagation); in `log` mode it
 * keeps counting until <dir>/stop appears, then exits 0.
 */
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";

const [dir = ".", mode = "exit"] = process.argv.slice(2);
const SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH"] as const;

for (const signal of SIGNALS) {
  process.on(signal, () => {
    appendFileSync(join(dir, "signals"), `${signal}\n`);
    if (mode === "exit") process.exit(100 + (constants.signals[signal] ?? 0));
  });
}
setInterval(() => {
  if (existsSync(join(dir, "stop"))) process.exit(0);
}, 20);
writeFileSync(join(dir, "ready"), String(process.pid));
