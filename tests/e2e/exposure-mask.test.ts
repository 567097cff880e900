/**
 * --mask-output end to end: the program's stdout and stderr pass through
 * env-secrets, which replaces every secret value with ****. runBinary fails
 * any test in which a canary reaches env-secrets' stdout or stderr, so each
 * test here is also a leak check.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPath } from "../helpers/binary.ts";
import { envWith } from "../helpers/env.ts";
import { canary, expectNoCanaries, multilineCanary, registerCanary } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { PTY_SKIP_REASON, runBinaryInPty, SCRIPT } from "../helpers/pty.ts";
import { awsEnv, runBinary, runInShell, scratchDir } from "../helpers/run.ts";

setDefaultTimeout(60_000);
const fake = useFakeAws();
let counter = 0;

/** Seeds one secret with the given variables and runs `sh -c script` under --mask-output. */
async function maskedRun(variables: Record<string, string>, script: string, options: { extraArgs?: string[]; valuesExpectedOn?: "stdout" } = {}) {
  const name = `mask/secret-${++counter}`;
  fake().seed({ name, secretString: JSON.stringify(variables) });
  return runBinary(["aws", "-s", name, "--mask-output", ...(options.extraArgs ?? []), "--", "sh", "-c", script], {
    env: awsEnv(fake().url),
    valuesExpectedOn: options.valuesExpectedOn,
    timeoutMs: 60_000,
  });
}

describe("--mask-output", () => {
  test("values are masked on the program's stdout and stderr; other output is untouched", async () => {
    const result = await maskedRun(
      { TOKEN: canary("token"), URL: `postgres://app:${canary("pw")}@db/app` },
      'echo "token=$TOKEN"; echo "url=$URL" >&2; echo plain output',
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("token=****\nplain output\n");
    expect(result.stderr).toContain("url=****\n");
  });

  test("a value split across two writes of the program is still masked", async () => {
    const result = await maskedRun(
      { TOKEN: canary("split") },
      'printf "%s" "start $(printf %s "$TOKEN" | head -c 12)"; sleep 0.3; printf "%s\\n" "$(printf %s "$TOKEN" | tail -c +13) end"',
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("start **** end\n");
  });

  test("output that looks like the start of a value reaches the terminal after at most the hold limit", async () => {
    // The program prints a prefix of the value, then waits; the prefix must
    // appear before the program ends (it waits for a marker file that the
    // test creates only after seeing it).
    const dir = scratchDir();
    const marker = join(dir, "seen");
    const value = canary("prompt");
    const name = `mask/secret-${++counter}`;
    fake().seed({ name, secretString: JSON.stringify({ TOKEN: value }) });
    const proc = Bun.spawn({
      cmd: [
        binaryPath(),
        "aws", "-s", name, "--mask-output", "--", "sh", "-c",
        'printf %s "$TOKEN" | head -c 10; i=0; while [ ! -e "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; echo " done"',
        "sh", marker,
      ],
      env: envWith(awsEnv(fake().url)),
      stdout: "pipe",
      stderr: "pipe",
    });
    const reader = proc.stdout.getReader();
    const first = await reader.read();
    writeFileSync(marker, "");
    const partial = new TextDecoder().decode(first.value);
    expect(partial).toBe(value.slice(0, 10));
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe(" done\n");
    expect(await proc.exited).toBe(0);
    expectNoCanaries(await new Response(proc.stderr).text(), "env-secrets stderr");
  });

  test("each line of a multiline value is masked, however the program prints it", async () => {
    const pem = multilineCanary("pem");
    const [, line1, line2] = pem.split("\n");
    const result = await maskedRun(
      { KEY: pem, LINE1: line1!, LINE2: line2! },
      'printf "%s\\n" "$KEY"; echo "only: $LINE2"; echo "$KEY" | sed -n 2p',
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("****\nonly: ****\n****\n");
  });

  test("binary output passes through byte for byte, with only the value's bytes replaced", async () => {
    const value = canary("binary");
    const dir = scratchDir();
    const noise = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 131 + 17) % 256);
    const encoded = new TextEncoder().encode(value);
    writeFileSync(join(dir, "blob"), Buffer.concat([noise, encoded, Buffer.from([0, 0xff, 0xc3]), noise]));
    const result = await maskedRun({ BLOB: value }, `cat "${join(dir, "blob")}"`);
    expect(result.exitCode).toBe(0);
    const expected = Buffer.concat([noise, Buffer.from("****"), Buffer.from([0, 0xff, 0xc3]), noise]);
    expect(Buffer.from(result.stdoutBytes).equals(expected)).toBe(true);
  });

  test("50 MiB of output arrive complete, every value masked", async () => {
    const value = canary("bulk");
    const total = 50 * 1024 * 1024;
    const result = await maskedRun({ BULK: value }, `yes "$BULK" | head -c ${total}`);
    expect(result.exitCode).toBe(0);
    const lineLength = value.length + 1;
    const full = Math.floor(total / lineLength);
    const tail = value.slice(0, total - full * lineLength); // head cut the last line short
    expect(result.stdoutBytes.length).toBe(full * 5 + tail.length);
    expect(result.stdout.startsWith("****\n****\n")).toBe(true);
    expect(result.stdout.endsWith(`****\n${tail}`)).toBe(true);
    expect(result.stdout.replaceAll("****\n", "")).toBe(tail);
  });

  test("the program's exit status and a death by signal are passed on unchanged", async () => {
    const exited = await maskedRun({ A: canary("exit") }, 'echo "$A"; exit 42');
    expect(exited.exitCode).toBe(42);
    expect(exited.stdout).toBe("****\n");
    const killed = await maskedRun({ A: canary("signal") }, 'echo "$A"; kill -TERM $$');
    // env-secrets ends the way the program did: by the same signal (or 143 where it cannot die of it).
    expect(killed.signal === "SIGTERM" || killed.exitCode === 143).toBe(true);
    expect(killed.stdout).toBe("****\n");
  });

  test("a background process that keeps the pipe open does not keep env-secrets from ending", async () => {
    const pidFile = join(scratchDir(), "pid");
    const result = await maskedRun({ A: canary("background") }, `sleep 60 & echo $! > "${pidFile}"; echo "started $A"`);
    try {
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe("started ****\n");
    } finally {
      process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
    }
  });

  test("when the reader of env-secrets' output goes away, the program's writes fail and the run ends", async () => {
    const name = `mask/secret-${++counter}`;
    fake().seed({ name, secretString: JSON.stringify({ V: canary("epipe") }) });
    const proc = Bun.spawn({
      cmd: [binaryPath(), "aws", "-s", name, "--mask-output", "--", "sh", "-c", 'yes "$V"'],
      env: envWith(awsEnv(fake().url)),
      stdout: "pipe",
      stderr: "pipe",
      timeout: 60_000,
    });
    const reader = proc.stdout.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toStartWith("****\n");
    await reader.cancel(); // like `| head -1` exiting
    await proc.exited;
    expect(proc.signalCode).not.toBe("SIGKILL"); // ended by itself, not by the timeout
    expectNoCanaries(await new Response(proc.stderr).text(), "env-secrets stderr");
  });

  test.if(process.platform === "linux")("on Linux the program dies by SIGPIPE when the reader goes away, and env-secrets ends the same way (documented)", async () => {
    const name = `mask/secret-${++counter}`;
    fake().seed({ name, secretString: JSON.stringify({ V: canary("sigpipe") }) });
    const dir = scratchDir();
    const result = await runInShell('{ "$0" aws -s "$1" --mask-output -- sh -c \'yes "$V"\'; echo $? > "$2/status"; } | head -1', [name, dir], awsEnv(fake().url));
    expect(result.stdout).toBe("****\n");
    expect(readFileSync(join(dir, "status"), "utf8")).toBe("141\n"); // 128 + SIGPIPE, as `sh -c 'yes "$V"' | head -1` gives
  });

  test.if(process.platform === "linux")("the caller's pipe is left in blocking mode for whoever writes to it next", async () => {
    const name = `mask/secret-${++counter}`;
    fake().seed({ name, secretString: JSON.stringify({ A: canary("blocking") }) });
    // sh makes a plain pipe; after env-secrets exits, the next writer to it reports its mode.
    const script = '{ "$0" aws -s "$1" --mask-output -- echo masked; grep "^flags:" /proc/self/fdinfo/1; } | cat';
    const { exitCode, stdout } = await runInShell(script, [name], awsEnv(fake().url));
    expect(exitCode).toBe(0);
    expectNoCanaries(stdout, "stdout");
    const [line1, line2] = stdout.trim().split("\n");
    expect(line1).toBe("masked");
    const flags = Number.parseInt(line2!.replace(/^flags:\s*/, ""), 8);
    expect(flags & 0o4000).toBe(0); // O_NONBLOCK
  });

  test("values shorter than 4 characters are not masked (documented)", async () => {
    const result = await maskedRun({ SHORT: "xyz", LONG: canary("long") }, 'echo "$SHORT $LONG"');
    expect(result.stdout).toBe("xyz ****\n");
  });

  test("a value split by a pause longer than the hold limit can pass unmasked (documented)", async () => {
    const value = registerCanary(`SLOWCANARY-${crypto.randomUUID().slice(0, 8)}`);
    const result = await maskedRun(
      { SLOW: value },
      'printf %s "$SLOW" | head -c 12; sleep 3; printf "%s\\n" "$(printf %s "$SLOW" | tail -c +13)"',
      { valuesExpectedOn: "stdout" },
    );
    expect(result.stdout).toBe(`${value}\n`);
  });

  test("--mask-output with --exec is a usage error: nothing would be left to mask", async () => {
    const result = await runBinary(["aws", "-s", "any", "--mask-output", "--exec", "--", "true"], { env: awsEnv(fake().url) });
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe(
      "env-secrets: --exec cannot be combined with --mask-output — --mask-output needs env-secrets to stay between you and the command; drop one of them\n",
    );
    expect(fake().requests.filter((r) => r.secretIds.includes("any"))).toEqual([]);
  });

  test("--mask-output without a command (writing the variables out) is a usage error", async () => {
    const result = await runBinary(["aws", "-s", "any", "--mask-output", "--format", "json"], { env: awsEnv(fake().url) });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("env-secrets: --mask-output needs a command to run — it masks the command's output; drop it when writing the variables out\n");
  });

  test("without --mask-output the program's output is not touched (it inherits env-secrets' stdout)", async () => {
    const name = `mask/secret-${++counter}`;
    const value = registerCanary(`UNMASKED-${crypto.randomUUID().slice(0, 8)}`);
    fake().seed({ name, secretString: JSON.stringify({ V: value }) });
    const result = await runBinary(["aws", "-s", name, "--", "sh", "-c", 'echo "$V"'], {
      env: awsEnv(fake().url),
      valuesExpectedOn: "stdout",
    });
    expect(result.stdout).toBe(`${value}\n`);
  });
});

describe.skipIf(SCRIPT === null)(`on a terminal (${PTY_SKIP_REASON})`, () => {
  test("with --mask-output the program's stdout and stderr are not terminals (documented), and values are masked on screen", async () => {
    const name = `mask/secret-${++counter}`;
    fake().seed({ name, secretString: JSON.stringify({ TOKEN: canary("pty") }) });
    const script = 'for fd in 0 1 2; do if [ -t $fd ]; then echo "fd$fd tty"; else echo "fd$fd not-tty"; fi; done; echo "token $TOKEN"';
    const masked = await runBinaryInPty(["aws", "-s", name, "--mask-output", "--", "sh", "-c", script], awsEnv(fake().url)).finish();
    expectNoCanaries(masked.output, "the terminal");
    expect(masked.exitCode).toBe(0);
    expect(masked.output.replaceAll("\r\n", "\n")).toBe("fd0 tty\nfd1 not-tty\nfd2 not-tty\ntoken ****\n");
  });
});
