import { defineCommand } from "citty";
import { checkEndpoint, resolveEndpoint } from "../aws/endpoint.ts";
import { combineErrors, EnvSecretsError, usageError } from "../errors.ts";
import { log, redactor } from "../log/logger.ts";
import { childEnvironment, mergeSecretVariables, type SecretVariables } from "../secrets/merge.ts";
import { variablesFromSecretString } from "../secrets/payload.ts";
import { parseSecretRef } from "../secrets/reference.ts";
import type { ChildExit } from "../run/supervise.ts";
import { awsArgs, configArgs, loggingArgs, outputArgs } from "./_args.ts";
import type { FetchedSecret } from "../aws/fetch.ts";
import type { Config } from "../config/load.ts";
import { configForRun } from "../config/resolve.ts";
import { deliverOutputs, outputRequest } from "../output/deliver.ts";

export interface RunData {
  /** Everything after the first `--`, untouched. */
  command: string[];
  /** Already read when the run was dispatched here by its config file. */
  config?: Config;
}

export default defineCommand({
  meta: {
    name: "aws",
    description: "Run a command with secrets from AWS Secrets Manager in its environment: env-secrets aws -s <secret> -- <command> [args...]",
  },
  args: {
    secret: { type: "string", alias: "s", description: "Secret name or ARN (repeatable; a later secret wins on a shared key)", valueHint: "name" },
    ...awsArgs,
    ...outputArgs,
    ...configArgs,
    "create-config": {
      type: "string",
      description: "Check that the -s secrets exist and write them to a new config file; alone: .env-secrets.yml (JSON for a .json name)",
      valueHint: "file",
    },
    ...loggingArgs,
  },
  async run({ args, data }): Promise<ChildExit | undefined> {
    const { command, config: dispatchedConfig } = data as RunData;
    const outputs = outputRequest(args, command.length > 0, process.env);
    const createConfig = args["create-config"];
    if (createConfig !== undefined && (outputs || command.length > 0)) {
      throw usageError("--create-config cannot be combined with a command or an output option", "create the config file first, then run");
    }
    const config = dispatchedConfig ?? configForRun({ file: args.config, disabled: args["no-config"] }, process.cwd(), process.env.HOME);
    const secretArgs = (args.secret as unknown as string[] | undefined) ?? [];
    if (createConfig !== undefined && secretArgs.length === 0) {
      throw usageError("--create-config needs the secrets to list", "name each with -s <name-or-arn>");
    }
    // -s on the command line replaces the config's secrets.
    const refs = secretArgs.length > 0 ? secretArgs.map(parseSecretRef) : (config?.secrets ?? []);
    if (refs.length === 0) throw usageError("no secret given", "name one with -s <name-or-arn>, or list them under secrets: in .env-secrets.yml");
    if (command.length === 0 && !outputs && createConfig === undefined) {
      throw usageError(
        "nothing to do: no command given",
        "put the command after --: env-secrets aws -s <secret> -- <command>, or write the variables out with -o <file> or --format <format>",
      );
    }
    const endpoint = args["endpoint-url"] !== undefined ? checkEndpoint("--endpoint-url", args["endpoint-url"]) : resolveEndpoint(undefined, process.env);
    // Flags win over the config file; the environment and the profile come after both.
    const region = args.region ?? config?.region;
    const profile = args.profile ?? config?.profile;
    if (createConfig !== undefined) {
      await (await import("../config/create-command.ts")).createConfig(createConfig, refs, { region, profile, endpoint }, args.profile);
      return undefined;
    }

    // The AWS SDK loads only now that there is work for it.
    const [{ createClientFactory }, { fetchSecrets }, { supervise }] = await Promise.all([
      import("../aws/client.ts"),
      import("../aws/fetch.ts"),
      import("../run/supervise.ts"),
    ]);
    const factory = await createClientFactory({ profile, region, endpoint });
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
    if (outputs) {
      await deliverOutputs(outputs, variables);
      return undefined;
    }
    return supervise(command, childEnvironment(process.env, variables));
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
