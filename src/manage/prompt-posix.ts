import { nodeFs } from "../io/lazy-node.ts";
import type { ReadStream } from "node:tty";
import { EnvSecretsError, usageError } from "../errors.ts";

/**
 * `--prompt`: reads a value from the terminal (`/dev/tty`, never stdin, so a
 * pipe cannot answer it) with echo off. The terminal is in raw mode for the
 * read, so Ctrl-C and Ctrl-D arrive as keys: they cancel, and the terminal is
 * always restored. `--confirm` asks a second time; the two must match.
 */
export async function promptValue(label: string, confirm: boolean, device = "/dev/tty"): Promise<string> {
  const fd = openTerminal(device);
  const { writeSync } = nodeFs();
  const { ReadStream } = require("node:tty") as typeof import("node:tty");
  const input = new ReadStream(fd);
  input.setRawMode(true);
  const lines = hiddenLines(input);
  try {
    writeSync(fd, `New value for ${label}: `);
    const value = await lines.next();
    writeSync(fd, "\n");
    if (confirm) {
      writeSync(fd, "Again, to confirm: ");
      const again = await lines.next();
      writeSync(fd, "\n");
      if (again !== value) {
        throw new EnvSecretsError({ subject: "--confirm", reason: "the two values do not match", hint: "nothing was written; run the command again" });
      }
    }
    return value;
  } catch (error) {
    writeSync(fd, "\n");
    throw error;
  } finally {
    input.setRawMode(false);
    // Closes the terminal's file descriptor too.
    input.destroy();
  }
}

function openTerminal(device: string): number {
  try {
    return nodeFs().openSync(device, "r+");
  } catch {
    throw usageError("--prompt needs a terminal, and there is none", "give the value with --value-stdin, -f FILE or -v VALUE");
  }
}

const CANCEL = new Set(["\x03", "\x04"]);

/** Lines typed on a raw terminal, with backspace and Ctrl-U; keys typed ahead wait for the next line. */
function hiddenLines(input: ReadStream): { next(): Promise<string> } {
  const done: string[] = [];
  let line = "";
  let failure: EnvSecretsError | undefined;
  let waiting: { resolve(line: string): void; reject(error: unknown): void } | undefined;
  const settle = () => {
    if (!waiting) return;
    if (failure) waiting.reject(failure);
    else if (done.length > 0) waiting.resolve(done.shift()!);
    else return;
    waiting = undefined;
  };
  input.on("data", (chunk: Buffer) => {
    for (const key of chunk.toString("utf8")) {
      if (key === "\r" || key === "\n") {
        done.push(line);
        line = "";
      } else if (CANCEL.has(key)) failure ??= new EnvSecretsError({ subject: "--prompt", reason: "cancelled", hint: "nothing was written" });
      else if (key === "\x7f" || key === "\b") line = [...line].slice(0, -1).join("");
      else if (key === "\x15") line = "";
      else if (key >= " ") line += key;
    }
    settle();
  });
  input.on("error", (error) => {
    failure ??= new EnvSecretsError({ subject: "--prompt", reason: `cannot read the terminal (${error.message})`, hint: "give the value with --value-stdin or -f FILE" });
    settle();
  });
  return {
    next: () =>
      new Promise<string>((resolve, reject) => {
        waiting = { resolve, reject };
        settle();
      }),
  };
}
