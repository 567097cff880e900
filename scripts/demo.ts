/**
 * The quick-start demo: no AWS account needed. Builds the binary, starts the
 * local fake Secrets Manager on loopback with a demo secret, and runs
 *   env-secrets aws -s demo/app -- sh -c 'echo ...'
 * so the injected variables can be seen arriving in the child.
 */
import { join } from "node:path";
import { startFakeAws } from "../tests/fake-aws/server.ts";
import { buildBinary } from "./build.ts";

const root = join(import.meta.dir, "..");
const binary = join(root, "dist", "env-secrets");
await buildBinary({ outfile: binary });

const fake = await startFakeAws();
try {
  fake.seed({
    name: "demo/app",
    secretString: JSON.stringify({ DATABASE_URL: "postgres://app:demo-password@db.internal:5432/app", PORT: 8080, FEATURE_FLAGS: { beta: true } }),
  });
  const command = [
    binary, "aws", "-s", "demo/app", "-r", "us-east-1", "--endpoint-url", fake.url, "--",
    "sh", "-c", 'echo "DATABASE_URL=$DATABASE_URL"; echo "PORT=$PORT"; echo "FEATURE_FLAGS=$FEATURE_FLAGS"',
  ];
  process.stderr.write(`$ env-secrets ${command.slice(1).map((a) => (/[\s$"';]/.test(a) ? `'${a}'` : a)).join(" ")}\n`);
  const child = Bun.spawn({
    cmd: command,
    // Demo credentials: the fake checks that requests are signed, not by whom.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: "AKIDDEMO", AWS_SECRET_ACCESS_KEY: "demo-secret-key", AWS_EC2_METADATA_DISABLED: "true" },
    stdio: ["inherit", "inherit", "inherit"],
  });
  process.exitCode = await child.exited;
  process.stderr.write(`env-secrets exited ${process.exitCode}; the fake saw ${fake.requests.length} request(s): ${fake.requests.map((r) => `${r.operation} ${r.secretIds.join(",")} signed by ${r.accessKeyId} for ${r.region}`).join("; ")}\n`);
} finally {
  await fake.stop();
}
