/**
 * `npm test`: builds the binary, runs every test (unit, end-to-end, release
 * checks), then says which tests did not run and why, one line per reason
 * (tests/helpers/skips.ts): a plain clone skips the checks that need a full
 * release (`npm run build:release`) or a Debian package that is missing
 * (`scripts/install-test-deps.sh` installs them).
 *
 *   bun scripts/test.ts [bun test arguments...]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const build = Bun.spawnSync({ cmd: [process.execPath, "scripts/build.ts"], cwd: root, stdio: ["inherit", "inherit", "inherit"] });
if (build.exitCode !== 0) process.exit(build.exitCode ?? 1);

const dir = mkdtempSync(join(tmpdir(), "env-secrets-skips-"));
const log = join(dir, "skips.jsonl");
const tests = Bun.spawnSync({
  cmd: [process.execPath, "test", "--timeout", "30000", ...process.argv.slice(2)],
  cwd: root,
  stdio: ["inherit", "inherit", "inherit"],
  env: { ...process.env, ENV_SECRETS_SKIP_LOG: log },
});

let lines: string[] = [];
try {
  lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
} catch {
  // Nothing was skipped.
}
rmSync(dir, { recursive: true, force: true });
const byReason = new Map<string, { files: Set<string>; count: number }>();
for (const line of lines) {
  const { file, reason, count } = JSON.parse(line) as { file: string; reason: string; count: number };
  const entry = byReason.get(reason) ?? { files: new Set<string>(), count: 0 };
  entry.files.add(file);
  entry.count += count;
  byReason.set(reason, entry);
}
if (byReason.size === 0) {
  process.stderr.write("\nnpm test: every test ran.\n");
} else {
  process.stderr.write("\nnpm test: not everything ran here:\n");
  for (const [reason, { files, count }] of byReason) {
    process.stderr.write(`  ${count} not run (${[...files].join(", ")}): ${reason}\n`);
  }
}
process.exit(tests.exitCode ?? 1);
