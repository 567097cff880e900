/**
 * The two ways env-secrets reads secrets, as the command-line arguments that
 * choose them, for the benchmark and the fleet simulation.
 *
 * A build that has `--batch` reads every secret with GetSecretValue unless
 * given it. An older build batches current-version secrets by default and
 * reads a secret pinned to a version stage with GetSecretValue: pinning
 * AWSCURRENT gives the same requests as the later default, one
 * GetSecretValue per secret and no refused batch call first.
 */
export type ReadPath = "GetSecretValue" | "--batch";

export function readPathArgs(binary: string, env: Record<string, string | undefined>): Record<ReadPath, string[]> {
  const help = Bun.spawnSync({ cmd: [binary, "aws", "--help"], env, stdout: "pipe", stderr: "pipe" }).stdout.toString();
  return help.includes("--batch")
    ? { GetSecretValue: [], "--batch": ["--batch"] }
    : { GetSecretValue: ["--version-stage", "AWSCURRENT"], "--batch": [] };
}
