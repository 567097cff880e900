import { binaryPath } from "./binary.ts";
import { envWith } from "./env.ts";

/**
 * Runs a command on a real pseudo-terminal, with `script` from util-linux
 * (Debian package bsdutils): the command becomes a session leader whose
 * controlling terminal is the pty, as under an interactive shell. Bytes
 * written with `type` arrive as keyboard input, so "\x03" is Ctrl-C.
 */
export const SCRIPT = Bun.which("script");
export const PTY_SKIP_REASON = "needs `script` (Debian package bsdutils) to run under a pseudo-terminal";

export interface PtyRun {
  type(keys: string): void;
  /** Everything the terminal showed so far (output and echo, with \r\n line ends). */
  output(): string;
  finish(): Promise<{ exitCode: number | null; output: string }>;
}

/** `env-secrets <args>` on a pty; `exec` so that no shell sits between the terminal and env-secrets. */
export function runBinaryInPty(args: string[], env: Record<string, string | undefined>): PtyRun {
  if (SCRIPT === null) throw new Error(PTY_SKIP_REASON);
  const command = `exec ${[binaryPath(), ...args].map(shellQuote).join(" ")}`;
  const proc = Bun.spawn({
    cmd: [SCRIPT, "--quiet", "--return", "--command", command, "/dev/null"],
    env: envWith({ ...env, SHELL: "/bin/sh" }),
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    timeout: 60_000,
  });
  let seen = "";
  const decoder = new TextDecoder();
  const reading = (async () => {
    for await (const chunk of proc.stdout) seen += decoder.decode(chunk, { stream: true });
  })();
  return {
    type(keys) {
      proc.stdin.write(keys);
      proc.stdin.flush();
    },
    output: () => seen,
    async finish() {
      await proc.exited;
      await reading;
      proc.stdin.end();
      return { exitCode: proc.exitCode, output: seen };
    },
  };
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
