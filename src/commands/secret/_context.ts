import { checkEndpoint, resolveEndpoint } from "../../aws/endpoint.ts";
import { parseTimeout, readCaBundle } from "../../aws/network.ts";
import type { RunAwsSettings } from "../../aws/run-clients.ts";
import { EnvSecretsError, usageError } from "../../errors.ts";
import { isatty } from "../../io/lazy-node.ts";
import { writeAllSync } from "../../io/write-sync.ts";
import { log } from "../../log/logger.ts";
import type { SecretsApi, Tag } from "../../manage/operations.ts";
import type { OutputFormat } from "../../manage/render.ts";
import type { SecretRef } from "../../secrets/reference.ts";

/**
 * What every secret command shares: settings for AWS from its options, the
 * Secrets Manager client of its region, the output format, and stdout.
 * The process (environment, terminals) is read here and nowhere else in these
 * commands.
 */
export interface ConnectionOptions {
  region?: string | undefined;
  profile?: string | undefined;
  "endpoint-url"?: string | undefined;
  "ca-bundle"?: string | undefined;
  timeout?: string | undefined;
}

export const env = (): Record<string, string | undefined> => process.env;

export function awsSettings(options: ConnectionOptions): RunAwsSettings {
  const endpoint = options["endpoint-url"];
  return {
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    endpoint: endpoint !== undefined ? checkEndpoint("--endpoint-url", endpoint) : resolveEndpoint(undefined, env()),
    caBundle: readCaBundle(options["ca-bundle"], env()),
    timeoutMs: parseTimeout(options.timeout),
  };
}

/** Runs `work` with the Secrets Manager client of the command's region, within --timeout. */
export async function withSecretsApi<T>(options: ConnectionOptions, work: (api: SecretsApi) => Promise<T>, refs: SecretRef[] = []): Promise<T> {
  const settings = awsSettings(options);
  // The SDK loads only now that there is work for it.
  const [{ createClientFactory }, { withRunClients }, { SecretsApi }] = await Promise.all([
    import("../../aws/sdk.ts"),
    import("../../aws/run-clients.ts"),
    import("../../manage/operations.ts"),
  ]);
  return withRunClients(refs, settings, createClientFactory, async (factory) => {
    const region = await factory.defaultRegion(env());
    const client = factory.clientFor(region);
    return work(new SecretsApi({ region, send: client.send.bind(client) }, settings.endpoint));
  });
}

export function outputFormat(option: string | undefined): OutputFormat {
  return option === "json" ? "json" : "table";
}

export function print(text: string): void {
  writeAllSync(1, text);
}

export function stdoutIsTerminal(): boolean {
  return isatty(1);
}

export async function readStdin(): Promise<Uint8Array> {
  return new Uint8Array(await Bun.stdin.arrayBuffer());
}

export function warn(message: string): void {
  log.warn(message);
}

/** Names of new secrets: what AWS accepts (and env-secrets 0.7 checked). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

export function checkNewSecretName(name: string): string {
  if (!SECRET_NAME.test(name)) {
    throw usageError(`invalid secret name '${name}'`, "a name has 1 to 512 letters, digits and /_+=.@- characters");
  }
  return name;
}

export function requireName(name: string | undefined): string {
  if (name === undefined || name === "") throw usageError("no secret named", "name it with -n <name>");
  return name;
}

/** `-t key=value`, repeatable. */
export function parseTags(values: string | string[] | undefined): Tag[] {
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  return list.map((text) => {
    const eq = text.indexOf("=");
    if (eq <= 0) throw usageError(`invalid tag '${text}'`, "give tags as -t key=value");
    return { Key: text.slice(0, eq), Value: text.slice(eq + 1) };
  });
}

/** `--key` given once where only one makes sense. */
export function singleKey(values: string | string[] | undefined, flag = "--key"): string | undefined {
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  if (list.length > 1) throw usageError(`${flag} given ${list.length} times`, "give it once");
  return list[0];
}

/** An error for a secret that exists but does not hold a JSON object, where a command edits keys. */
export function notAnObject(name: string, command: string): EnvSecretsError {
  return new EnvSecretsError({
    subject: name,
    reason: "the secret is not a JSON object",
    hint: `${command} edits keys of a JSON-object secret; replace the whole value with: env-secrets aws secret update -n ${name} -f FILE`,
  });
}
