/**
 * The standard streams as the caller left them: a reader that went away
 * (EPIPE on stdout or stderr), descriptors that were closed at start, and
 * limits a user can give that the runtime cannot hold (--timeout).
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canary } from "../helpers/canary.ts";
import { useSecretRuns } from "../helpers/e2e.ts";
import { awsEnv, runInShell, scratchDir } from "../helpers/run.ts";

const { fake, secretName, run } = useSecretRuns("streams");

function seed(): string {
  const name = secretName("app");
  fake().seed({ name, secretString: JSON.stringify({ STREAM_TOKEN: canary("stream-token") }) });
  return name;
}

describe("--timeout", () => {
  test("beyond one hour: one line naming the range, and nothing from the runtime (no TimeoutOverflowWarning)", async () => {
    const name = seed();
    for (const bad of ["2147484", "3601"]) {
      const result = await run([name], ["--timeout", bad]);
      expect(result.stderr).toBe(
        `env-secrets: --timeout: ${bad} is out of range — give a number of seconds above 0 and at most 3600 (one hour), e.g. --timeout 60 (default 30)\n`,
      );
      expect([result.exitCode, result.childRan]).toEqual([125, false]);
    }
    expect(fake().requests).toEqual([]);
    const longest = await run([name], ["--timeout", "3600"]);
    expect([longest.exitCode, longest.stderr, longest.childRan]).toEqual([0, "", true]);
  });
});

/**
 * Runs `script` with the binary as $0, the secret as $1 and a scratch file as
 * $2, where the script writes env-secrets' exit status. The fake answers
 * after 300 ms, so the reader on the other end of a pipe (`| true`) is surely
 * gone when env-secrets writes.
 */
async function inShell(script: string, env: Record<string, string | undefined> = {}) {
  fake().setLatency(300);
  const dir = scratchDir();
  const status = join(dir, "status");
  const result = await runInShell(script, [seed(), status, dir], awsEnv(fake().url, env));
  return { ...result, status: readFileSync(status, "utf8").trim(), dir };
}

describe("a reader that went away (EPIPE)", () => {
  const stdoutGone =
    "env-secrets: stdout: closed by its reader (EPIPE) — what env-secrets prints there (--format output, ::add-mask:: lines) did not get out; keep the reader open until env-secrets exits, or write the variables to a file with -o\n";

  test("--format on a pipe nobody reads: one line on stderr, exit 1", async () => {
    const result = await inShell('{ "$0" aws -s "$1" --format dotenv; echo $? > "$2"; } | true');
    expect([result.status, result.stderr]).toEqual(["1", stdoutGone]);
  });

  test("GitHub Actions ::add-mask:: lines on a pipe nobody reads: the program is not started, exit 125", async () => {
    const result = await inShell('{ "$0" aws -s "$1" -- sh -c \'touch "$1/ran"\' sh "$3"; echo $? > "$2"; } | true', { GITHUB_ACTIONS: "true" });
    expect([result.status, result.stderr]).toEqual(["125", stdoutGone]);
    expect(existsSync(join(result.dir, "ran"))).toBe(false);
  });

  test("stderr on a pipe nobody reads: a failure still exits with its documented status (125 with a command, 1 without)", async () => {
    const missing = await inShell('{ "$0" aws -s "$1-missing" -- true; echo $? > "$2"; } 2>&1 >/dev/null | true');
    expect(missing.status).toBe("125");
    const written = await inShell('{ "$0" aws -s "$1-missing" --format dotenv; echo $? > "$2"; } 2>&1 >/dev/null | true');
    expect(written.status).toBe("1");
    // And a run that works is not disturbed by its warnings going nowhere.
    const works = await inShell('{ "$0" aws -s "$1" -s "$1" -- true; echo $? > "$2"; } 2>&1 >/dev/null | true');
    expect(works.status).toBe("0");
  });
});

describe.if(process.platform === "linux")("descriptors closed at start stay closed for the program, as a direct start leaves them", () => {
  /** A program that writes which of 0, 1, 2 it finds open, its argv[0], and its exit status goes back out. */
  function probe(dir: string): string {
    const file = join(dir, "probe.sh");
    writeFileSync(
      file,
      '#!/bin/sh\nr=; for fd in 0 1 2; do if [ -e /proc/$$/fd/$fd ]; then r="$r$fd:open "; else r="$r$fd:closed "; fi; done\necho "$r$0" > "$1"\nexit 7\n',
      { mode: 0o755 },
    );
    return file;
  }

  for (const redirect of ["<&-", ">&-", "2>&-", "<&- >&- 2>&-"]) {
    test(`${redirect}: supervised and with --exec, the program finds what it finds when started directly`, async () => {
      const dir = scratchDir();
      const program = probe(dir);
      const name = seed();
      const script = `"$1" "$2/direct" ${redirect}; "$0" aws -s "$3" -- "$1" "$2/supervised" ${redirect}; echo $? > "$2/status"; "$0" aws -s "$3" --exec -- "$1" "$2/exec" ${redirect}`;
      const result = await runInShell(script, [program, dir, name], awsEnv(fake().url));
      const direct = readFileSync(join(dir, "direct"), "utf8");
      expect(direct).toContain(redirect === ">&-" ? "1:closed" : redirect === "2>&-" ? "2:closed" : "0:closed");
      expect(readFileSync(join(dir, "supervised"), "utf8")).toBe(direct);
      expect(readFileSync(join(dir, "exec"), "utf8")).toBe(direct);
      // The go-between that closes them is invisible: same argv[0], the program's exit status.
      expect(readFileSync(join(dir, "status"), "utf8")).toBe("7\n");
      expect(result.stderr).toBe("");
    });
  }

  test("--mask-output: stdin closed stays closed (stdout and stderr are its pipes by design)", async () => {
    const dir = scratchDir();
    const result = await runInShell(`"$0" aws -s "$3" --mask-output -- "$1" "$2/masked" <&-`, [probe(dir), dir, seed()], awsEnv(fake().url));
    expect(result.exitCode).toBe(7);
    expect(readFileSync(join(dir, "masked"), "utf8")).toStartWith("0:closed 1:open 2:open ");
  });
});
