/**
 * Runs before every test file. Scrubs the environment so that a developer's
 * own AWS credentials, profiles or CI settings can never reach a test (or a
 * real AWS account), and so that CI's own GITHUB_ACTIONS does not switch on
 * CI-only behaviour in tests that are not about it.
 */
import { afterAll } from "bun:test";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

for (const name of Object.keys(process.env)) {
  if (name.startsWith("AWS_") || name === "GITHUB_ACTIONS" || name === "GITHUB_ENV" || name === "DEBUG") {
    delete process.env[name];
  }
}
// Every scratch file of the run (each test's directories, the test CA, the
// fake HOME) lives under one directory that goes when the run ends, however
// many helpers call mkdtemp(tmpdir()): repeated runs must not fill the disk.
// It is world-writable and sticky like /tmp: some tests run programs under
// another user.
const scratchRoot = mkdtempSync(join(tmpdir(), "env-secrets-test-"));
chmodSync(scratchRoot, 0o1777);
process.env.TMPDIR = scratchRoot;
afterAll(() => {
  try {
    rmSync(scratchRoot, { recursive: true, force: true });
  } catch {
    // Best effort: a test may leave a directory its user cannot empty; the system cleans /tmp.
  }
});
const home = mkdtempSync(join(tmpdir(), "home-"));
process.env.HOME = home;
// Point the SDK at empty config files and away from instance metadata, which
// would otherwise be probed (and time out) when no other credentials exist.
process.env.AWS_CONFIG_FILE = join(home, "aws-config-absent");
process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, "aws-credentials-absent");
process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.NO_COLOR = "1";
