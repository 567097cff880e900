/**
 * `--prompt` and `--confirm` on a real pseudo-terminal: the value is read
 * from the terminal with echo off (it never appears on the screen), asked
 * twice with --confirm; without a terminal the error names the other ways.
 * Also the warnings `value` prints when values go to a terminal.
 */
import { describe, expect, test } from "bun:test";
import { canary, expectNoCanaries } from "../helpers/canary.ts";
import { useSecretCommands } from "../helpers/manage.ts";
import { PTY_SKIP_REASON, runBinaryInPty, SCRIPT } from "../helpers/pty.ts";
import { binaryPath } from "../helpers/binary.ts";
import { envWith } from "../helpers/env.ts";
import { awsEnv } from "../helpers/run.ts";

const { fake, secretName, stored } = useSecretCommands("e2e-prompt");

/** Waits until the terminal shows `text`. */
async function waitFor(output: () => string, text: string): Promise<void> {
  for (let i = 0; i < 200 && !output().includes(text); i++) await Bun.sleep(25);
  expect(output()).toContain(text);
}

if (SCRIPT === null) console.warn(`skipping terminal tests: ${PTY_SKIP_REASON}`);

describe.skipIf(SCRIPT === null)("on a terminal", () => {
  test("--prompt --confirm: asked twice, never echoed, stored", async () => {
    const name = secretName("typed");
    fake().seed({ name, secretString: '{"A":"1"}' });
    const value = canary("typed");
    const pty = runBinaryInPty(["aws", "secret", "append", "-n", name, "--key", "TOKEN", "--prompt", "--confirm"], awsEnv(fake().url));
    await waitFor(pty.output, "New value for TOKEN: ");
    pty.type(`${value}\r`);
    await waitFor(pty.output, "Again, to confirm: ");
    pty.type(`${value}\r`);
    const { exitCode, output } = await pty.finish();
    expectNoCanaries(output, "the terminal");
    expect(exitCode).toBe(0);
    expect(output).toContain("key created  TOKEN");
    expect(stored(name)).toBe(`{"A":"1","TOKEN":"${value}"}`);
  });

  test("--confirm with two different values: an error, nothing written", async () => {
    const name = secretName("mismatch");
    fake().seed({ name, secretString: '{"A":"1"}' });
    const pty = runBinaryInPty(["aws", "secret", "append", "-n", name, "--key", "TOKEN", "--prompt", "--confirm"], awsEnv(fake().url));
    await waitFor(pty.output, "New value for TOKEN: ");
    pty.type(`${canary("first")}\r`);
    await waitFor(pty.output, "Again, to confirm: ");
    pty.type(`${canary("second")}\r`);
    const { exitCode, output } = await pty.finish();
    expectNoCanaries(output, "the terminal");
    expect(exitCode).toBe(1);
    expect(output).toContain("env-secrets: --confirm: the two values do not match — nothing was written; run the command again");
    expect(fake().requests).toEqual([]);
  });

  test("Ctrl-C at the prompt cancels; the terminal gets its echo back", async () => {
    const pty = runBinaryInPty(["aws", "secret", "create", "-n", secretName("cancel"), "--key", "K", "--prompt"], awsEnv(fake().url));
    await waitFor(pty.output, "New value for ");
    pty.type(`${canary("partial")}\x03`);
    const { exitCode, output } = await pty.finish();
    expectNoCanaries(output, "the terminal");
    expect(exitCode).toBe(1);
    expect(output).toContain("env-secrets: --prompt: cancelled — nothing was written");
  });

  test("a slow list shows a progress line on the terminal, then the table", async () => {
    const prefix = `${secretName("slow")}/`;
    fake().seed({ name: `${prefix}a`, secretString: "{}" });
    fake().setLatency(1500);
    const { exitCode, output } = await runBinaryInPty(["aws", "secret", "list", "--prefix", prefix], awsEnv(fake().url)).finish();
    expect(exitCode).toBe(0);
    expect(output).toContain("listing secrets…");
    expect(output).toContain("\r\x1b[2K");
    expect(output).toMatch(new RegExp(`NAME +DESCRIPTION +LAST CHANGED +LAST ACCESSED\r\n${prefix}a `));
  });

  test("value --reveal and --output json warn when the values go to a terminal", async () => {
    const name = secretName("warn");
    fake().seed({ name, secretString: '{"A":"shown-on-purpose"}' });
    const { output } = await runBinaryInPty(["aws", "secret", "value", "-n", name, "--output", "json"], awsEnv(fake().url)).finish();
    expect(output).toContain(`env-secrets: warning: the values of ${name} are shown on your terminal`);
    expect(output).toContain('"A": "shown-on-purpose"');
  });
});

test("--prompt without a terminal: an error naming the alternatives (exit 2), stdin never read", async () => {
  // In a new session, without a controlling terminal even when the tests run from one.
  const proc = Bun.spawn({
    cmd: ["setsid", "--wait", binaryPath(), "aws", "secret", "create", "-n", secretName("no-tty"), "--key", "K", "--prompt"],
    env: envWith(awsEnv(fake().url)),
    stdin: new Blob(["from-stdin\n"]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const result = { stderr: await new Response(proc.stderr).text(), exitCode: await proc.exited };
  expect(result.stderr).toBe("env-secrets: --prompt needs a terminal, and there is none — give the value with --value-stdin, -f FILE or -v VALUE\n");
  expect(result.exitCode).toBe(2);
  expect(fake().requests).toEqual([]);
});
