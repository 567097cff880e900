/**
 * The container case without Docker: env-secrets as the ENTRYPOINT of a
 * distroless-shaped root (binary, its shared libraries, a CA bundle, a static
 * app, no shell), running as PID 1 of a new PID namespace, against the local
 * fake AWS on loopback (same network namespace as the test).
 */
import { beforeAll, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { binaryPath } from "../helpers/binary.ts";
import { canary } from "../helpers/canary.ts";
import { useFakeAws } from "../helpers/fake.ts";
import { asPid1, canCreatePidNamespace, childrenOf, NAMESPACE_SKIP_REASON, namespaceInit } from "../helpers/namespace.ts";
import { startProcess, waitFor } from "../helpers/process.ts";
import { buildDistrolessRoot, CHROOT, type Rootfs, rootfsUnavailable } from "../helpers/rootfs.ts";
import { awsEnv } from "../helpers/run.ts";
import { noteSkip } from "../helpers/skips.ts";

setDefaultTimeout(60_000);
const fake = useFakeAws();
const SECRET = "distroless/app";
const skipReason = canCreatePidNamespace ? rootfsUnavailable() : NAMESPACE_SKIP_REASON;
if (skipReason !== null) noteSkip(import.meta.path, skipReason);

let rootfs: Rootfs;
let token: string;

beforeAll(() => {
  if (skipReason === null) rootfs = buildDistrolessRoot(binaryPath());
});

beforeEach(() => {
  token = canary("distroless");
  fake().seed({ name: SECRET, secretString: JSON.stringify({ DISTROLESS_TOKEN: token }) });
});

/** `docker run image <args>`, roughly: PID 1 of a new PID namespace, chrooted, with a container-like environment. */
function runInImage(args: string[], options: { valuesExpectedOn?: "stdout" } = {}) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(awsEnv(fake().url))) if (v !== undefined) env[k] = v;
  env.PATH = "/app:/usr/local/bin:/usr/bin:/bin";
  return startProcess([...asPid1(`${rootfs.root}/proc`), CHROOT as string, rootfs.root, rootfs.entrypoint, ...args], {
    env,
    ...options,
  });
}

describe.skipIf(skipReason !== null)("in a distroless-shaped root, as PID 1", () => {
  test("the secrets reach the app", async () => {
    const result = await runInImage(["aws", "-s", SECRET, "--", "busybox", "env"], { valuesExpectedOn: "stdout" }).finish();
    expect([result.exitCode, result.stderr]).toEqual([0, ""]);
    expect(result.stdout.split("\n")).toContain(`DISTROLESS_TOKEN=${token}`);
  });

  test("SIGTERM sent to PID 1 reaches the app, and its exit status comes back", async () => {
    const run = runInImage(["aws", "-s", SECRET, "--", "busybox", "sleep", "60"]);
    const init = await namespaceInit(run.proc.pid);
    await waitFor("the app to start", () => childrenOf(init).length === 1);
    process.kill(init, "SIGTERM");
    const result = await run.finish();
    // The app died of SIGTERM; PID 1 cannot die of a signal it sends itself, so 128+15.
    expect([result.exitCode, result.stderr]).toEqual([143, ""]);
  });

  test("--exec: the app itself becomes PID 1, with the secrets", async () => {
    const comm = await runInImage(["aws", "-s", SECRET, "--exec", "--", "busybox", "cat", "/proc/1/comm"]).finish();
    expect([comm.exitCode, comm.stdout, comm.stderr]).toEqual([0, "busybox\n", ""]);
    const env = await runInImage(["aws", "-s", SECRET, "--exec", "--", "busybox", "env"], { valuesExpectedOn: "stdout" }).finish();
    expect(env.exitCode).toBe(0);
    expect(env.stdout.split("\n")).toContain(`DISTROLESS_TOKEN=${token}`);
  });

  test("the root really has no shell: asking for one fails like a missing command", async () => {
    const result = await runInImage(["aws", "-s", SECRET, "--", "sh", "-c", "true"]).finish();
    expect([result.exitCode, result.stderr]).toEqual([
      127,
      "env-secrets: sh: command not found — check the name and the PATH it is looked up in\n",
    ]);
  });
});
