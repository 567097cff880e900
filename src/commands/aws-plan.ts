import type { AwsSettings } from "../aws/options/settings.ts";
import { CONFIG_NAMES } from "../config/find.ts";
import type { Config } from "../config/load.ts";
import { DEFAULT_FLATTEN_SEPARATOR } from "../config/load.ts";
import { shapingForRun } from "../config/shaping.ts";
import { usageError } from "../errors.ts";
import { log } from "../log/logger.ts";
import { type OutputRequest, outputRequest } from "../output/deliver.ts";
import { checkExecAllowed } from "../run/exec.ts";
import { checkShellAllowed, shellCommand } from "../run/shell.ts";
import type { WatchSettings } from "../run/watch.ts";
import {
  DEFAULT_WATCH_GRACE,
  DEFAULT_WATCH_INTERVAL,
  DEFAULT_WATCH_SIGNAL,
  parseWatchGrace,
  parseWatchInterval,
  parseWatchSignal,
} from "../run/watch-options.ts";
import { checkShapingOptions } from "../secrets/names.ts";
import { parseSecretRef, type SecretRef, type ShapingOptions } from "../secrets/reference.ts";
import { awsArgs, configArgs, exposureArgs, loggingArgs, outputArgs, runArgs, secretArgs, shapingArgs, watchArgs } from "./_args.ts";
import { awsSettingsFrom } from "./_aws.ts";
import type { CommandContext, Options } from "./_command.ts";

/** The options of `env-secrets aws`, in the order its help lists them. */
export const awsRunArgs = {
  ...secretArgs,
  batch: {
    group: "secrets",
    type: "boolean",
    description:
      'Read current-version secrets with BatchGetSecretValue, 20 per call; needs secretsmanager:BatchGetSecretValue on "*", and AWS allows it 100 calls per second per region',
  },
  ...awsArgs,
  ...shapingArgs,
  ...outputArgs,
  ...configArgs,
  "create-config": {
    group: "config",
    type: "string",
    optionalValue: CONFIG_NAMES[0],
    description: "Check that the -s secrets exist and write them to a new config file; alone: .env-secrets.yml (JSON for a .json name)",
    valueHint: "file",
  },
  ...runArgs,
  ...watchArgs,
  ...exposureArgs,
  ...loggingArgs,
} as const;

export type AwsRunOptions = Options<typeof awsRunArgs>;

/** Everything an `aws` run will do, settled and checked before any AWS call. */
export interface RunPlan {
  /** The program and its arguments (with --shell: /bin/sh -c and the command line). */
  command: string[];
  /** The environment env-secrets was started with: what the program inherits (the SDK may need HOME filled in, see client.ts). */
  inherited: Record<string, string | undefined>;
  refs: SecretRef[];
  shaping: ShapingOptions;
  aws: AwsSettings;
  /** --batch / `batch: true`: current-version secrets through BatchGetSecretValue. */
  batch: boolean;
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
  /** --watch / `watch:`: check for new versions and restart the program (supervise mode only). */
  watch?: WatchSettings;
  /** --manifest: where to record what the run used ("-": stderr). */
  manifest?: string;
}

/**
 * Turns the parsed options, the command to run and the config file into a
 * plan, or a usage error: every check that needs no AWS call happens here.
 * Flags win over the config file; the environment and the profile come after both.
 */
export function planRun(args: AwsRunOptions, context: CommandContext): RunPlan {
  const { command, env } = context;
  const outputs = outputRequest(args, command.length > 0, env);
  const createConfig = args["create-config"];
  const writesInstead = outputs !== undefined || createConfig !== undefined;
  if (createConfig !== undefined && (outputs || command.length > 0)) {
    throw usageError("--create-config cannot be combined with a command or an output option", "create the config file first, then run");
  }
  if (args["mask-output"] && command.length === 0 && writesInstead) {
    throw usageError("--mask-output needs a command to run", "it masks the command's output; drop it when writing the variables out");
  }
  if (args.exec && command.length === 0 && writesInstead) {
    throw usageError("--exec needs a command to run", "drop --exec when writing the variables out");
  }
  if (args.shell && command.length === 0 && writesInstead) {
    throw usageError("--shell needs a command to run", "drop --shell when writing the variables out");
  }
  const config = context.config();
  if (config === undefined) log.debug("no config file");
  if (createConfig !== undefined && args.secret.length === 0) {
    throw usageError("--create-config needs the secrets to list", "name each with -s <name-or-arn>");
  }
  if (args.secret.length === 0 && !config?.secrets) {
    throw usageError("no secret given", "name one with -s <name-or-arn>, or list them under secrets: in .env-secrets.yml");
  }
  if (command.length === 0 && !writesInstead) {
    throw usageError(
      "nothing to do: no command given",
      "put the command after --: env-secrets aws -s <secret> -- <command>, or write the variables out with -o <file> or --format <format>",
    );
  }
  const watch = watchSettings(args, command.length > 0 && !writesInstead, config);
  if (args.exec) checkExecAllowed(context.platform, [...(args["mask-output"] ? ["--mask-output"] : []), ...(watch ? [watch.source] : [])]);
  if (args.manifest === "") throw usageError("--manifest is empty", "give a file name, or - for stderr");
  if (args.shell) checkShellAllowed(context.platform, args["no-shell"]);
  const versionStage = args["version-stage"];
  if (versionStage === "") throw usageError("--version-stage is empty", "give a staging label such as AWSCURRENT or AWSPREVIOUS");
  // -s on the command line replaces the config's secrets; --version-stage applies to the -s ones.
  const refs =
    args.secret.length > 0
      ? args.secret.map((ref) => ({ ...parseSecretRef(ref), ...(versionStage !== undefined ? { versionStage } : {}) }))
      : (config?.secrets ?? []);
  const shaping = shapingForRun(config?.shaping, shapingOptionsFrom(args));
  checkShapingOptions(shaping);
  return {
    command: args.shell ? shellCommand(command) : command,
    inherited: { ...env },
    refs,
    shaping,
    aws: awsSettingsFrom(args, env, config),
    batch: args.batch || config?.batch === true,
    outputs,
    createConfig,
    profileFlag: args.profile,
    exec: args.exec,
    maskOutput: args["mask-output"],
    ciMask: env.GITHUB_ACTIONS === "true" && !args["no-ci-mask"],
    stripAwsEnv: args["no-aws-env"],
    watch: watch?.settings,
    manifest: args.manifest,
  };
}

/**
 * --watch (or the config file's `watch:` when a program is run) and its
 * options; the options alone are a usage error, so a typo never silently
 * runs without a watch.
 */
function watchSettings(args: AwsRunOptions, runsProgram: boolean, config: Config | undefined): { settings: WatchSettings; source: string } | undefined {
  const given = args.watch !== undefined;
  if (given && !runsProgram) throw usageError("--watch needs a command to run", "it restarts the command when a secret rotates; drop it when writing the variables out");
  const fromConfig = !given && runsProgram ? config?.watch : undefined;
  if (!given && fromConfig === undefined) {
    const [stray] = (["watch-signal", "watch-grace", "watch-action"] as const).filter((name) => args[name] !== undefined);
    if (stray !== undefined) throw usageError(`--${stray} needs --watch`, "add --watch [INTERVAL], or drop it");
    return undefined;
  }
  const interval = given ? parseWatchInterval(args.watch ?? DEFAULT_WATCH_INTERVAL) : parseWatchInterval(fromConfig?.interval ?? DEFAULT_WATCH_INTERVAL, fromConfig?.where);
  const signal = args["watch-signal"];
  const grace = args["watch-grace"];
  return {
    settings: {
      intervalMs: interval,
      signal: signal === undefined ? DEFAULT_WATCH_SIGNAL : parseWatchSignal(signal),
      graceMs: parseWatchGrace(grace ?? DEFAULT_WATCH_GRACE),
      action: args["watch-action"] ?? "restart",
    },
    source: given ? "--watch" : `watch: (${fromConfig?.where.replace(/: watch$/, "")})`,
  };
}

/** The run-wide shaping options given on the command line (only those given, so a config file can fill the rest). */
function shapingOptionsFrom(args: AwsRunOptions): ShapingOptions {
  const options: ShapingOptions = {};
  const separator = args["flatten-separator"];
  if (separator !== undefined) options.flattenSeparator = separator;
  else if (args.flatten) options.flattenSeparator = DEFAULT_FLATTEN_SEPARATOR;
  if (args.prefix !== undefined) options.prefix = args.prefix;
  if (args["normalize-names"]) options.normalizeNames = true;
  if (args["allow-override"].length > 0) options.allowOverride = [...args["allow-override"]];
  if (args["no-override"]) options.noOverride = true;
  return options;
}
