import { ptr } from "bun:ffi";
import { constants } from "node:os";
import { EnvSecretsError } from "../errors.ts";
import { libc } from "./libc-posix.ts";
import { resolveCommand, startFailure } from "./resolve-command.ts";

/** Standard signals (1-31) whose ignored disposition a new program would inherit. */
const STANDARD_SIGNALS = Array.from({ length: 31 }, (_, i) => i + 1);

/**
 * Replaces env-secrets with the program (execve, with PATH lookup like
 * execvp): same PID, nothing resident in between, signals go straight to the
 * program. Returns only by throwing: if execve fails, the error maps to
 * 126/127 like the spawn path, never to a silent success.
 */
export async function execProgram(
  command: string[],
  env: Record<string, string>,
  /** The program's file, found already in the same PATH; otherwise it is looked up here. */
  found?: string,
): Promise<never> {
  const [name = "", ...args] = command;
  const file = found ?? resolveCommand(name, env.PATH);
  const c = libc();
  if (c === null) {
    throw new EnvSecretsError({
      subject: "--exec",
      reason: "cannot load the C library to call execve",
      hint: "run without --exec: env-secrets then starts the command as its child",
    });
  }
  // Nothing of env-secrets' own output is pending: it is written synchronously (src/io/write-sync.ts).
  const argv = cStringArray([name, ...args]);
  const envp = cStringArray(Object.entries(env).map(([key, value]) => `${key}=${value}`));
  // A program starts with default dispositions and an empty mask, as under
  // Bun.spawn. Handled signals reset themselves on execve; ignored ones (Bun
  // ignores SIGPIPE and SIGXFSZ) would be inherited, so reset those.
  for (const signal of STANDARD_SIGNALS) {
    if (c.isIgnored(signal)) c.setDefaultDisposition(signal);
  }
  c.unblockAllSignals();
  c.execve(file, argv.pointers, envp.pointers);
  // Only reached when execve failed; read errno before anything else can change it.
  const errno = c.errno();
  // The strings had to stay alive until the call.
  argv.buffers.length = envp.buffers.length = 0;
  throw startFailure(name, errnoName(errno));
}

/**
 * A NULL-terminated array of pointers to NUL-terminated strings, as execve
 * takes them. The buffers are kept with the array so that they outlive the call.
 */
function cStringArray(strings: string[]): { pointers: BigUint64Array; buffers: Buffer[] } {
  const buffers = strings.map((s) => Buffer.from(`${s}\0`, "utf8"));
  const pointers = new BigUint64Array(buffers.length + 1);
  buffers.forEach((buffer, i) => {
    pointers[i] = BigInt(ptr(buffer));
  });
  return { pointers, buffers };
}

function errnoName(errno: number): string {
  for (const [name, value] of Object.entries(constants.errno)) if (value === errno) return name;
  return `errno ${errno}`;
}
