/**
 * The official AWS SDK alone, doing what a run of env-secrets does on the
 * GetSecretValue path and nothing else: one Secrets Manager client, one
 * GetSecretValue per secret id given on the command line (all at once), the
 * JSON objects merged into the environment, `true` started with it. No
 * config file, no checks, no supervision, no redaction.
 *
 * scripts/bench.ts compiles it with the bundler settings of env-secrets
 * (bytecode, ES modules, the SDK's module entries, the startup JIT policy) but
 * none of env-secrets' SDK stand-ins, and times it next to env-secrets: what
 * the SDK costs by itself, as a second reference beside the floor.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({});
const answers = await Promise.all(process.argv.slice(2).map((id) => client.send(new GetSecretValueCommand({ SecretId: id }))));
const env: Record<string, string | undefined> = { ...process.env };
for (const answer of answers) {
  for (const [name, value] of Object.entries(JSON.parse(answer.SecretString ?? "{}"))) env[name] = String(value);
}
const program = Bun.spawn({ cmd: ["true"], env, stdio: ["inherit", "inherit", "inherit"] });
process.exit(await program.exited);
