/**
 * Supervise mode and the terminal: stdio and the controlling terminal pass
 * through untouched, and Ctrl-C reaches the child exactly once (the terminal
 * signals the whole foreground process group; env-secrets must not add a
 * second copy). Without a terminal, stdin passes through byte for byte.
 */
import { beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canary } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { loggedSignals, signalChildCommand, waitFor } from "../helpers/process.ts";
import { PTY_SKIP_REASON, runBinaryInPty, SCRIPT } from "../helpers/pty.ts";
import { awsEnv, runBinary, runInShell, scratchDir } from "../helpers/run.ts";
import { noteSkip } from "../helpers/skips.ts";

// Processes and a fake AWS on a busy 2-core machine: give every test room.
setDefaultTimeout(60_000);
const fake = useFakeAws();
const SECRET = "supervise/tty";

beforeEach(() => {
  fake().seed({ name: SECRET, secretString: JSON.stringify({ TTY_TOKEN: canary("tty") }) });
});

const ttyCheck = ["sh", "-c", "for fd in 0 1 2; do if [ -t $fd ]; then printf 'fd%s=tty ' $fd; else printf 'fd%s=no ' $fd; fi; done; echo"];

if (SCRIPT === null) noteSkip(import.meta.path, PTY_SKIP_REASON);

describe.skipIf(SCRIPT === null)("under a terminal", () => {
  test("stdin, stdout and stderr are still terminals in the child", async () => {
    const run = runBinaryInPty(["aws", "-s", SECRET, "--", ...ttyCheck], awsEnv(fake().url));
    const { exitCode, output } = await run.finish();
    expect(exitCode).toBe(0);
    expect(output).toContain("fd0=tty fd1=tty fd2=tty");
  });

  test("Ctrl-C reaches a child that handles it exactly once", async () => {
    const dir = scratchDir();
    const run = runBinaryInPty(["aws", "-s", SECRET, "--", ...signalChildCommand(dir, "log")], awsEnv(fake().url));
    await waitFor("the child to be ready", () => existsSync(join(dir, "ready")));
    run.type("\x03");
    await waitFor("the child to see SIGINT", () => loggedSignals(dir).length > 0);
    // A second copy would follow within milliseconds; give it ample time to show up.
    await Bun.sleep(1_000);
    writeFileSync(join(dir, "stop"), "");
    const { exitCode } = await run.finish();
    expect(loggedSignals(dir)).toEqual(["SIGINT"]);
    expect(exitCode).toBe(0);
  });

  test("Ctrl-C kills a child with the default action, and env-secrets ends the same way", async () => {
    const dir = scratchDir();
    const run = runBinaryInPty(["aws", "-s", SECRET, "--", "sh", "-c", 'echo $$ > "$1/ready"; exec sleep 60', "sh", dir], awsEnv(fake().url));
    await waitFor("the child to be ready", () => existsSync(join(dir, "ready")));
    run.type("\x03");
    const { exitCode } = await run.finish();
    // script reports a command killed by signal S as 128+S.
    expect(exitCode).toBe(130);
  });
});

describe("without a terminal", () => {
  test("the child sees no terminal where env-secrets has none", async () => {
    const result = await runBinary(["aws", "-s", SECRET, "--", ...ttyCheck], { env: awsEnv(fake().url), stdin: "" });
    expect([result.exitCode, result.stdout]).toEqual([0, "fd0=no fd1=no fd2=no \n"]);
  });

  test("10 MiB piped into env-secrets reach the child byte for byte", async () => {
    const data = new Uint8Array(10 * 1024 * 1024);
    for (let offset = 0; offset < data.length; offset += 65_536) crypto.getRandomValues(data.subarray(offset, offset + 65_536));
    const expected = new Bun.CryptoHasher("sha256").update(data).digest("hex");
    const result = await runBinary(["aws", "-s", SECRET, "--", "sh", "-c", "sha256sum | cut -d' ' -f1"], {
      env: awsEnv(fake().url),
      stdin: data,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${expected}\n`);
  });

  test("stdout and stderr stay in the order the child wrote them", async () => {
    const child = "for i in 1 2 3; do echo out$i; echo err$i >&2; done";
    const { stdout } = await runInShell('"$0" aws -s "$1" -- sh -c "$2" 2>&1', [SECRET, child], awsEnv(fake().url));
    expect(stdout).toBe("out1\nerr1\nout2\nerr2\nout3\nerr3\n");
  });
});
