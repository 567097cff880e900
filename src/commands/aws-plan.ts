import { checkEndpoint, resolveEndpoint } from "../aws/endpoint.ts";
import { parseTimeout, readCaBundle } from "../aws/network.ts";
import { type Config, DEFAULT_FLATTEN_SEPARATOR } from "../config/load.ts";
import { configForRun } from "../config/resolve.ts";
import { shapingForRun } from "../config/shaping.ts";
import { usageError } from "../errors.ts";
import { log } from "../log/logger.ts";
import { type OutputRequest, outputRequest } from "../output/deliver.ts";
import { checkExecAllowed } from "../run/exec.ts";
import { checkShapingOptions } from "../secrets/names.ts";
import { parseSecretRef, type SecretRef, type ShapingOptions } from "../secrets/reference.ts";

export interface RunData {
  /** Everything after the first `--`, untouched. */
  command: string[];
  /** Already read when the run was dispatched here by its config file. */
  config?: Config;
}

/** Everything an `aws` run will do, settled and checked before any AWS call. */
export interface RunPlan {
  command: string[];
  /** The environment env-secrets was started with: what the program inherits (the SDK may need HOME filled in, see client.ts). */
  inherited: Record<string, string | undefined>;
  refs: SecretRef[];
  shaping: ShapingOptions;
  aws: { profile?: string; profileSource?: string; region?: string; endpoint?: string; caBundle?: string; timeoutMs: number };
  /** Write the variables out instead of running a command. */
  outputs?: OutputRequest;
  /** Check the secrets exist and write them to this config file instead. */
  createConfig?: string;
  /** The profile given with -p (not the config file's): --create-config writes only that one. */
  profileFlag?: string;
  exec: boolean;
  maskOutput: boolean;
  ciMask: boolean;
  stripAwsEnv: boolean;
}

type Args = Record<string, unknown>;

/**
 * Turns the parsed options, the command after `--` and the config file into a
 * plan, or a usage error: every check that needs no AWS call happens here.
 * Flags win over the config file; the environment and the profile come after both.
 */
export function planRun(args: Args, data: RunData): RunPlan {
  const { command } = data;
  const text = (name: string) => (typeof args[name] === "string" ? (args[name] as string) : undefined);
  const flag = (name: string) => args[name] === true;
  const outputs = outputRequest(args, command.length > 0, process.env);
  const createConfig = text("create-config");
  const writesInstead = outputs !== undefined || createConfig !== undefined;
  if (createConfig !== undefined && (outputs || command.length > 0)) {
    throw usageError("--create-config cannot be combined with a command or an output option", "create the config file first, then run");
  }
  if (flag("mask-output") && command.length === 0 && writesInstead) {
    throw usageError("--mask-output needs a command to run", "it masks the command's output; drop it when writing the variables out");
  }
  if (flag("exec") && command.length === 0 && writesInstead) {
    throw usageError("--exec needs a command to run", "drop --exec when writing the variables out");
  }
  const config = data.config ?? configForRun({ file: text("config"), disabled: flag("no-config") }, process.cwd(), process.env.HOME);
  if (config === undefined) log.debug("no config file");
  const secretArgs = (args.secret as string[] | undefined) ?? [];
  if (createConfig !== undefined && secretArgs.length === 0) {
    throw usageError("--create-config needs the secrets to list", "name each with -s <name-or-arn>");
  }
  if (secretArgs.length === 0 && !config?.secrets) {
    throw usageError("no secret given", "name one with -s <name-or-arn>, or list them under secrets: in .env-secrets.yml");
  }
  if (command.length === 0 && !writesInstead) {
    throw usageError(
      "nothing to do: no command given",
      "put the command after --: env-secrets aws -s <secret> -- <command>, or write the variables out with -o <file> or --format <format>",
    );
  }
  if (flag("exec")) checkExecAllowed(process.platform, flag("mask-output") ? ["--mask-output"] : []);
  const versionStage = text("version-stage");
  if (versionStage === "") throw usageError("--version-stage is empty", "give a staging label such as AWSCURRENT or AWSPREVIOUS");
  // -s on the command line replaces the config's secrets; --version-stage applies to the -s ones.
  const refs =
    secretArgs.length > 0
      ? secretArgs.map((ref) => ({ ...parseSecretRef(ref), ...(versionStage !== undefined ? { versionStage } : {}) }))
      : (config?.secrets ?? []);
  const shaping = shapingForRun(config?.shaping, shapingOptionsFrom(args));
  checkShapingOptions(shaping);
  const endpointFlag = text("endpoint-url");
  return {
    command,
    inherited: { ...process.env },
    refs,
    shaping,
    aws: {
      profile: text("profile") ?? config?.profile,
      // For errors about the profile: named by -p, or by this file.
      profileSource: text("profile") === undefined && config?.profile !== undefined ? config.path : undefined,
      region: text("region") ?? config?.region,
      endpoint: endpointFlag !== undefined ? checkEndpoint("--endpoint-url", endpointFlag) : resolveEndpoint(undefined, process.env),
      caBundle: readCaBundle(text("ca-bundle"), process.env),
      timeoutMs: parseTimeout(text("timeout")),
    },
    outputs,
    createConfig,
    profileFlag: text("profile"),
    exec: flag("exec"),
    maskOutput: flag("mask-output"),
    ciMask: process.env.GITHUB_ACTIONS === "true" && !flag("no-ci-mask"),
    stripAwsEnv: flag("no-aws-env"),
  };
}

/** The run-wide shaping options given on the command line (only those given, so a config file can fill the rest). */
function shapingOptionsFrom(args: Args): ShapingOptions {
  const options: ShapingOptions = {};
  const separator = args["flatten-separator"];
  if (typeof separator === "string") options.flattenSeparator = separator;
  else if (args.flatten === true) options.flattenSeparator = DEFAULT_FLATTEN_SEPARATOR;
  if (typeof args.prefix === "string") options.prefix = args.prefix;
  if (args["normalize-names"] === true) options.normalizeNames = true;
  const allow = args["allow-override"];
  if (Array.isArray(allow) && allow.length > 0) options.allowOverride = allow.map(String);
  if (args["no-override"] === true) options.noOverride = true;
  return options;
}
