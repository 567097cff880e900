/**
 * A container run under an arbitrary UID (`docker run --user 12345`,
 * OpenShift) may have neither HOME nor a passwd entry. The AWS SDK then cannot
 * find a home directory; env-secrets must still work, and the program must
 * get the environment exactly as it was (still no HOME).
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { binaryPath } from "../helpers/binary.ts";
import { canary } from "../helpers/canary.ts";
import { useSecretRuns } from "../helpers/e2e.ts";
import { scratchDir } from "../helpers/run.ts";

const { fake, secretName } = useSecretRuns("uid");
const UID_WITHOUT_PASSWD_ENTRY = "48151";
const canSwitchUser = process.getuid?.() === 0 && Bun.which("setpriv") !== null;

describe.skipIf(!canSwitchUser)("a user without HOME and without a passwd entry", () => {
  test("secrets still reach the program, which gets no HOME either", async () => {
    const name = secretName("nohome");
    const value = canary("nohome");
    fake().seed({ name, secretString: JSON.stringify({ NOHOME_TOKEN: value }) });
    // A copy the unprivileged user can execute, in a directory it can write its dump to.
    const dir = scratchDir();
    chmodSync(dir, 0o777);
    const binary = join(dir, "env-secrets");
    copyFileSync(binaryPath(), binary);
    chmodSync(binary, 0o755);
    const dump = join(dir, "env");
    const proc = Bun.spawn({
      cmd: ["setpriv", "--reuid", UID_WITHOUT_PASSWD_ENTRY, "--regid", UID_WITHOUT_PASSWD_ENTRY, "--clear-groups", binary, "aws", "-s", name, "--", "sh", "-c", 'env > "$1"', "sh", dump],
      env: {
        PATH: "/usr/bin:/bin",
        AWS_ACCESS_KEY_ID: "AKIDNOHOME",
        AWS_SECRET_ACCESS_KEY: "no-home-secret-key",
        AWS_REGION: "us-east-1",
        AWS_ENDPOINT_URL: fake().url,
        AWS_EC2_METADATA_DISABLED: "true",
      },
      stderr: "pipe",
    });
    const stderr = await new Response(proc.stderr).text();
    expect([await proc.exited, stderr]).toEqual([0, ""]);
    expect(existsSync(dump)).toBe(true);
    const env = await Bun.file(dump).text();
    expect(env).toContain(`NOHOME_TOKEN=${value}\n`);
    expect(env).not.toMatch(/^HOME=/m);
  });
});

if (!canSwitchUser) test.skip("needs root and setpriv (Debian package util-linux) to run as a user without a passwd entry", () => {});
