import { writeSync } from "node:fs";
import { defineCommand } from "citty";
import { checkEndpoint, resolveEndpoint } from "../aws/endpoint.ts";
import { combineErrors, EnvSecretsError, usageError } from "../errors.ts";
import { log, redactor } from "../log/logger.ts";
import { childEnvironment, mergeSecretVariables, type SecretVariables } from "../secrets/merge.ts";
import { variablesFromSecretString } from "../secrets/payload.ts";
import { parseSecretRef } from "../secrets/reference.ts";
import type { ChildExit } from "../run/supervise.ts";
import { awsArgs, exposureArgs, loggingArgs } from "./_args.ts";
import type { FetchedSecret } from "../aws/fetch.ts";

export interface RunData {
  /** Everything after the first `--`, untouched. */
  command: string[];
}

export default defineCommand({
  meta: {
    name: "aws",
    description: "Run a command with secrets from AWS Secrets Manager in its environment: env-secrets aws -s <secret> -- <command> [args...]",
  },
  args: {
    secret: { type: "string", alias: "s", description: "Secret name or ARN (repeatable; a later secret wins on a shared key)", valueHint: "name" },
    ...awsArgs,
    ...exposureArgs,
    ...loggingArgs,
  },
  async run({ args, data }): Promise<ChildExit> {
    const { command } = data as RunData;
    const secretArgs = (args.secret as unknown as string[] | undefined) ?? [];
    if (secretArgs.length === 0) throw usageError("no secret given", "name one with -s <name-or-arn>");
    if (command.length === 0) {
      throw usageError("nothing to do: no command given", "put the command after --: env-secrets aws -s <secret> -- <command>");
    }
    // The config-file loader reports the file it used here, in place of "none".
    log.debug("config file: none");
    const refs = secretArgs.map(parseSecretRef);
    const endpoint = args["endpoint-url"] !== undefined ? checkEndpoint("--endpoint-url", args["endpoint-url"]) : resolveEndpoint(undefined, process.env);

    // The AWS SDK loads only now that there is work for it.
    const [{ createClientFactory }, { fetchSecrets }, { supervise }] = await Promise.all([
      import("../aws/client.ts"),
      import("../aws/fetch.ts"),
      import("../run/supervise.ts"),
    ]);
    const factory = await createClientFactory({ profile: args.profile, region: args.region, endpoint });
    let fetched: Array<FetchedSecret | EnvSecretsError>;
    try {
      fetched = await fetchSecrets(refs, factory, process.env, endpoint);
    } finally {
      factory.destroy();
    }

    const { variables, collisions } = mergeSecretVariables(variablesOf(fetched));
    for (const { name, overridden, winner } of collisions) {
      log.warn(`${name} is set by both ${overridden} and ${winner}; using ${winner}`);
    }
    const env = childEnvironment(process.env, variables);
    // TODO(--exec): --mask-output needs env-secrets to stay in between; with --exec it is a usage error.
    if (process.env.GITHUB_ACTIONS === "true" && args["no-ci-mask"] !== true) {
      const { addMaskCommands } = await import("../ci/add-mask.ts");
      writeSync(1, addMaskCommands(variables.values()));
    }
    const output = args["mask-output"] === true ? (await import("../mask/child-output.ts")).maskChildOutput(redactor.registered()) : undefined;
    return supervise(command, env, { output });
  },
});

/** Every secret's variables, or every secret's failure at once (fail closed). */
function variablesOf(fetched: Array<FetchedSecret | EnvSecretsError>): SecretVariables[] {
  const failures: EnvSecretsError[] = [];
  const secrets: SecretVariables[] = [];
  for (const secret of fetched) {
    if (secret instanceof EnvSecretsError) {
      failures.push(secret);
      continue;
    }
    try {
      if (secret.secretString === undefined) {
        throw new EnvSecretsError({
          subject: secret.ref.label,
          reason: "binary secret",
          hint: "env-secrets reads secrets stored as a JSON object of variables (SecretString)",
        });
      }
      const variables = variablesFromSecretString(secret.ref.label, secret.secretString);
      for (const value of variables.values()) redactor.register(value);
      log.debug(`${secret.ref.label} sets ${[...variables.keys()].join(", ") || "no variables"}`);
      secrets.push({ label: secret.ref.label, variables });
    } catch (error) {
      if (!(error instanceof EnvSecretsError)) throw error;
      failures.push(error);
    }
  }
  if (failures.length > 0) throw combineErrors(failures);
  return secrets;
}
