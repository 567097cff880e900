import { writeSync } from "node:fs";
import { defineCommand } from "citty";
import { checkEndpoint, resolveEndpoint } from "../aws/endpoint.ts";
import { combineErrors, EnvSecretsError, usageError } from "../errors.ts";
import { log, redactor } from "../log/logger.ts";
import { childEnvironment, keepInherited, mergeSecretVariables, type SecretVariables } from "../secrets/merge.ts";
import { checkShapingOptions } from "../secrets/names.ts";
import { parseSecretRef, type ShapingOptions } from "../secrets/reference.ts";
import { shapeSecret } from "../secrets/shape.ts";
import { checkExecAllowed } from "../run/exec.ts";
import { routeSignals } from "../run/signals.ts";
import type { ChildExit } from "../run/supervise.ts";
import { awsArgs, exposureArgs, loggingArgs, runArgs, shapingArgs } from "./_args.ts";
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
    secret: {
      type: "string",
      alias: "s",
      description: "Secret to read: [VAR=]<name-or-arn>[#KEY] (repeatable; a later secret wins on a shared name)",
      valueHint: "ref",
    },
    ...awsArgs,
    ...shapingArgs,
    ...runArgs,
    ...exposureArgs,
    ...loggingArgs,
  },
  async run({ args, data }): Promise<ChildExit> {
    // First thing: a signal during the fetch must end env-secrets cleanly, with no program started.
    const signals = routeSignals();
    const { command } = data as RunData;
    const secretArgs = (args.secret as unknown as string[] | undefined) ?? [];
    if (secretArgs.length === 0) throw usageError("no secret given", "name one with -s <name-or-arn>");
    if (command.length === 0) {
      throw usageError("nothing to do: no command given", "put the command after --: env-secrets aws -s <secret> -- <command>");
    }
    if (args.exec === true) checkExecAllowed(process.platform, []);
    if (args.exec === true && args["mask-output"] === true) {
      throw usageError("--mask-output cannot be used with --exec", "with --exec the command replaces env-secrets, so nothing is left to mask its output; drop one of them");
    }
    // The config-file loader reports the file it used here, in place of "none".
    log.debug("config file: none");
    const versionStage = args["version-stage"];
    if (versionStage === "") throw usageError("--version-stage is empty", "give a staging label such as AWSCURRENT or AWSPREVIOUS");
    const refs = secretArgs.map((text) => ({ ...parseSecretRef(text), ...(versionStage !== undefined ? { versionStage } : {}) }));
    const shaping = shapingOptionsFrom(args);
    checkShapingOptions(shaping);
    const endpoint = args["endpoint-url"] !== undefined ? checkEndpoint("--endpoint-url", args["endpoint-url"]) : resolveEndpoint(undefined, process.env);

    // The AWS SDK loads only now that there is work for it.
    const [{ createClientFactory }, { fetchSecrets }] = await Promise.all([import("../aws/client.ts"), import("../aws/fetch.ts")]);
    const factory = await createClientFactory({ profile: args.profile, region: args.region, endpoint });
    let fetched: Array<FetchedSecret | EnvSecretsError>;
    try {
      fetched = await fetchSecrets(refs, factory, process.env, endpoint);
    } finally {
      factory.destroy();
    }

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
    const env = childEnvironment(process.env, variables);
    if (process.env.GITHUB_ACTIONS === "true" && args["no-ci-mask"] !== true) {
      const { addMaskCommands } = await import("../ci/add-mask.ts");
      writeSync(1, addMaskCommands(variables.values()));
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
