import { defineCommand } from "citty";
import { withoutAwsCredentials } from "../aws/child-env.ts";
import { checkEndpoint, resolveEndpoint } from "../aws/endpoint.ts";
import { fetchAll } from "../aws/fetch-all.ts";
import { parseTimeout, readCaBundle } from "../aws/network.ts";
import { combineErrors, EnvSecretsError, usageError } from "../errors.ts";
import { log, redactor } from "../log/logger.ts";
import { childEnvironment, keepInherited, mergeSecretVariables, type SecretVariables } from "../secrets/merge.ts";
import { checkShapingOptions } from "../secrets/names.ts";
import { parseSecretRef, type ShapingOptions } from "../secrets/reference.ts";
import { shapeSecret } from "../secrets/shape.ts";
import { checkExecAllowed } from "../run/exec.ts";
import { routeSignals } from "../run/signals.ts";
import type { ChildExit } from "../run/supervise.ts";
import { awsArgs, configArgs, exposureArgs, loggingArgs, outputArgs, runArgs, shapingArgs } from "./_args.ts";
import type { FetchedSecret } from "../aws/fetch.ts";
import type { Config } from "../config/load.ts";
import { configForRun } from "../config/resolve.ts";
import { shapingForRun } from "../config/shaping.ts";
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
    secret: {
      type: "string",
      alias: "s",
      description: "Secret to read: [VAR=]<name-or-arn>[#KEY] (repeatable; a later secret wins on a shared name)",
      valueHint: "ref",
    },
    ...awsArgs,
    ...shapingArgs,
    ...outputArgs,
    ...configArgs,
    "create-config": {
      type: "string",
      description: "Check that the -s secrets exist and write them to a new config file; alone: .env-secrets.yml (JSON for a .json name)",
      valueHint: "file",
    },
    ...runArgs,
    ...exposureArgs,
    ...loggingArgs,
  },
  async run({ args, data }): Promise<ChildExit | undefined> {
    // First thing: a signal during the fetch must end env-secrets cleanly, with no program started.
    const signals = routeSignals();
    const { command, config: dispatchedConfig } = data as RunData;
    const outputs = outputRequest(args, command.length > 0, process.env);
    const createConfig = args["create-config"];
    if (createConfig !== undefined && (outputs || command.length > 0)) {
      throw usageError("--create-config cannot be combined with a command or an output option", "create the config file first, then run");
    }
    if (args["mask-output"] === true && command.length === 0 && (outputs || createConfig !== undefined)) {
      throw usageError("--mask-output needs a command to run", "it masks the command's output; drop it when writing the variables out");
    }
    if (args.exec === true && command.length === 0 && (outputs || createConfig !== undefined)) {
      throw usageError("--exec needs a command to run", "drop --exec when writing the variables out");
    }
    const config = dispatchedConfig ?? configForRun({ file: args.config, disabled: args["no-config"] }, process.cwd(), process.env.HOME);
    if (config === undefined) log.debug("no config file");
    const secretArgs = (args.secret as unknown as string[] | undefined) ?? [];
    if (createConfig !== undefined && secretArgs.length === 0) {
      throw usageError("--create-config needs the secrets to list", "name each with -s <name-or-arn>");
    }
    if (secretArgs.length === 0 && !config?.secrets) {
      throw usageError("no secret given", "name one with -s <name-or-arn>, or list them under secrets: in .env-secrets.yml");
    }
    if (command.length === 0 && !outputs && createConfig === undefined) {
      throw usageError(
        "nothing to do: no command given",
        "put the command after --: env-secrets aws -s <secret> -- <command>, or write the variables out with -o <file> or --format <format>",
      );
    }
    if (args.exec === true) checkExecAllowed(process.platform, []);
    if (args.exec === true && args["mask-output"] === true) {
      throw usageError("--mask-output cannot be used with --exec", "with --exec the command replaces env-secrets, so nothing is left to mask its output; drop one of them");
    }
    const versionStage = args["version-stage"];
    if (versionStage === "") throw usageError("--version-stage is empty", "give a staging label such as AWSCURRENT or AWSPREVIOUS");
    // -s on the command line replaces the config's secrets; --version-stage applies to the -s ones.
    const refs =
      secretArgs.length > 0
        ? secretArgs.map((text) => ({ ...parseSecretRef(text), ...(versionStage !== undefined ? { versionStage } : {}) }))
        : (config?.secrets ?? []);
    // Flags win over the config file, option by option.
    const shaping = shapingForRun(config?.shaping, shapingOptionsFrom(args));
    checkShapingOptions(shaping);
    const endpoint = args["endpoint-url"] !== undefined ? checkEndpoint("--endpoint-url", args["endpoint-url"]) : resolveEndpoint(undefined, process.env);
    const network = { caBundle: readCaBundle(args["ca-bundle"], process.env), timeoutMs: parseTimeout(args.timeout) };
    // Flags win over the config file; the environment and the profile come after both.
    const region = args.region ?? config?.region;
    const profile = args.profile ?? config?.profile;
    if (createConfig !== undefined) {
      await (await import("../config/create-command.ts")).createConfig(createConfig, refs, { region, profile, endpoint }, args.profile);
      return undefined;
    }

    // The AWS SDK loads only now that there is work for it.
    const [{ createClientFactory }, { fetchSecrets }] = await Promise.all([import("../aws/client.ts"), import("../aws/fetch.ts")]);
    const fetched = await fetchAll(refs, { profile, region, endpoint, ...network }, { createClientFactory, fetchSecrets });

    const merged = mergeSecretVariables(variablesOf(fetched, shaping));
    for (const { name, overridden, winner } of merged.collisions) {
      log.warn(`${name} is set by both ${overridden} and ${winner}; using ${winner}`);
    }
    let variables = merged.variables;
    if (shaping.noOverride) {
      const result = keepInherited(variables, process.env);
      variables = result.variables;
      if (result.kept.length > 0) log.debug(`--no-override: keeping the inherited ${result.kept.join(", ")}; the secrets' values are dropped`);
    }
    if (outputs) {
      await deliverOutputs(outputs, variables);
      return undefined;
    }
    const inherited = args["no-aws-env"] === true ? withoutAwsCredentials(process.env) : process.env;
    const env = childEnvironment(inherited, variables);
    if (process.env.GITHUB_ACTIONS === "true" && args["no-ci-mask"] !== true) {
      const { printAddMaskCommands } = await import("../ci/add-mask.ts");
      printAddMaskCommands(1, variables.values());
    }
    if (args.exec === true) {
      const { execProgram } = await import("../run/exec-posix.ts");
      return execProgram(command, env);
    }
    const { supervise } = await import("../run/supervise.ts");
    const output = args["mask-output"] === true ? (await import("../mask/child-output.ts")).maskChildOutput(redactor.registered()) : undefined;
    return supervise(command, env, signals, { output });
  },
});

/** Every secret's variables, or every secret's failure at once (fail closed). */
function variablesOf(fetched: Array<FetchedSecret | EnvSecretsError>, shaping: ShapingOptions): SecretVariables[] {
  const failures: EnvSecretsError[] = [];
  const secrets: SecretVariables[] = [];
  for (const secret of fetched) {
    if (secret instanceof EnvSecretsError) {
      failures.push(secret);
      continue;
    }
    try {
      const variables = shapeSecret(secret.ref, secret, shaping);
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

/** The run-wide shaping options given on the command line (only those given, so a config file can fill the rest). */
function shapingOptionsFrom(args: Record<string, unknown>): ShapingOptions {
  const options: ShapingOptions = {};
  const separator = args["flatten-separator"];
  if (typeof separator === "string") options.flattenSeparator = separator;
  else if (args.flatten === true) options.flattenSeparator = "_";
  if (typeof args.prefix === "string") options.prefix = args.prefix;
  if (args["normalize-names"] === true) options.normalizeNames = true;
  const allow = args["allow-override"];
  if (Array.isArray(allow) && allow.length > 0) options.allowOverride = allow.map(String);
  if (args["no-override"] === true) options.noOverride = true;
  return options;
}
