import type { SecretsApi, Tag } from "../../aws/sdk/index.ts";
import { EnvSecretsError, usageError } from "../../errors.ts";
import type { OutputFormat } from "../../manage/render.ts";
import type { awsConnectionArgs } from "../_args.ts";
import { awsSettingsFrom, inAwsSession } from "../_aws.ts";
import type { CommandContext, Options } from "../_command.ts";

/**
 * What every secret command shares: the Secrets Manager operations of its
 * region, within --timeout, and the checks of its options.
 */
export async function withSecretsApi<T>(args: Options<typeof awsConnectionArgs>, context: CommandContext, work: (api: SecretsApi) => Promise<T>): Promise<T> {
  // Checked before the SDK loads: a bad endpoint or CA bundle costs no import.
  const settings = awsSettingsFrom(args, context.env);
  return inAwsSession(settings, context, async (session, sdk) => work(await sdk.openSecretsApi(session, settings.endpoint)));
}

export function outputFormat(option: OutputFormat | undefined): OutputFormat {
  return option ?? "table";
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
export function parseTags(values: readonly string[]): Tag[] {
  return values.map((text) => {
    const eq = text.indexOf("=");
    if (eq <= 0) throw usageError(`invalid tag '${text}'`, "give tags as -t key=value");
    return { Key: text.slice(0, eq), Value: text.slice(eq + 1) };
  });
}

/** `--key` given once where only one makes sense. */
export function singleKey(values: readonly string[], flag = "--key"): string | undefined {
  if (values.length > 1) throw usageError(`${flag} given ${values.length} times`, "give it once");
  return values[0];
}

/** An error for a secret that exists but does not hold a JSON object, where a command edits keys. */
export function notAnObject(name: string, command: string): EnvSecretsError {
  return new EnvSecretsError({
    subject: name,
    reason: "the secret is not a JSON object",
    hint: `${command} edits keys of a JSON-object secret; replace the whole value with: env-secrets aws secret update -n ${name} -f FILE`,
  });
}
