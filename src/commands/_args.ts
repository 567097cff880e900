import { FORMATS } from "../output/formats.ts";
import { DEFAULT_WATCH_GRACE, DEFAULT_WATCH_INTERVAL, LOOKS_LIKE_DURATION, WATCH_ACTIONS } from "../run/watch-options.ts";
import type { OptionsDef } from "./_command.ts";

/** Which secrets to read: shared by the run and every command that names secrets the same way. */
export const secretArgs = {
  secret: {
    group: "secrets",
    type: "string",
    alias: "s",
    repeatable: true,
    description: "Secret to read: [VAR=][dotenv:]<name-or-arn>[#KEY] (repeatable; a later secret wins on a shared name; dotenv: reads KEY=value lines)",
    valueHint: "ref",
  },
} as const satisfies OptionsDef;

/** Options every command accepts: logging, --help and --version. */
export const loggingArgs = {
  debug: { group: "logging", type: "boolean", description: "Show what env-secrets does (never secret values); also DEBUG=env-secrets" },
  quiet: { group: "logging", type: "boolean", description: "Print errors only, no warnings" },
  help: { group: "general", type: "boolean", alias: "h", description: "Show this help" },
  version: { group: "general", type: "boolean", description: "Show the version of env-secrets" },
} as const satisfies OptionsDef;

/** How to reach AWS: shared by every command that talks to it. */
export const awsConnectionArgs = {
  region: { group: "aws", type: "string", alias: "r", description: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)", valueHint: "region" },
  profile: { group: "aws", type: "string", alias: "p", description: "Named profile from the AWS config files (wins over environment keys)", valueHint: "name" },
  "endpoint-url": { group: "aws", type: "string", description: "Secrets Manager endpoint (https, or http on loopback only)", valueHint: "url" },
  "ca-bundle": { group: "aws", type: "string", description: "PEM file of the CAs to trust instead of the system's (default: AWS_CA_BUNDLE)", valueHint: "file" },
  timeout: { group: "aws", type: "string", description: "Time limit in seconds for getting credentials and every secret (default: 30)", valueHint: "seconds" },
} as const satisfies OptionsDef;

/** How to reach AWS, for a command that starts a program: what that program inherits of it, too. */
export const awsArgs = {
  ...awsConnectionArgs,
  "no-aws-env": { group: "aws", type: "boolean", description: "Remove AWS credential variables (keys, AWS_PROFILE, role and container settings) from the command's environment" },
} as const satisfies OptionsDef;

/** How a command that reports on secrets prints its result. */
export const reportFormatArgs = {
  output: { group: "outputs", type: "enum", options: ["table", "json"], description: "Output format (default: table)", valueHint: "table|json" },
} as const satisfies OptionsDef;

/** Writing the variables out instead of running a command. */
export const outputArgs = {
  output: { group: "outputs", type: "string", alias: "o", description: "Write the variables to a new file (mode 0400) instead of running a command", valueHint: "file" },
  format: {
    group: "outputs",
    type: "enum",
    options: [...FORMATS],
    description: "Format for -o (default shell); without -o, print to stdout",
    valueHint: "format",
  },
  "github-env": { group: "outputs", type: "boolean", description: "Append the variables to $GITHUB_ENV (after ::add-mask:: lines on stdout)" },
} as const satisfies OptionsDef;

/** Which config file a run reads. */
export const configArgs = {
  config: { group: "config", type: "string", description: "Config file to use (default: .env-secrets.yml/.yaml/.json in the working directory, then $HOME)", valueHint: "file" },
  "no-config": { group: "config", type: "boolean", description: "Read no config file" },
} as const satisfies OptionsDef;

/** How secrets become variables: names, selection and precedence. */
export const shapingArgs = {
  "version-stage": { group: "shaping", type: "string", description: "Read this version stage of every -s secret (e.g. AWSPREVIOUS)", valueHint: "stage" },
  flatten: { group: "shaping", type: "boolean", description: "Nested objects become PARENT_CHILD variables (arrays stay JSON text)" },
  "flatten-separator": { group: "shaping", type: "string", description: "Separator for --flatten (default _; implies --flatten)", valueHint: "sep" },
  prefix: { group: "shaping", type: "string", description: "Prepend this to every variable name", valueHint: "prefix" },
  "normalize-names": { group: "shaping", type: "boolean", description: "Turn keys that are not valid names into valid ones (invalid characters become _)" },
  "allow-override": { group: "shaping", type: "string", repeatable: true, description: "Let secrets set this protected name, e.g. PATH (repeatable, one name each; list in docs/protected-names.md)", valueHint: "name" },
  "no-override": { group: "shaping", type: "boolean", description: "Inherited variables keep their values; a secret does not replace them" },
} as const satisfies OptionsDef;

/** How the command is run. */
export const runArgs = {
  exec: {
    group: "running",
    type: "boolean",
    description: "Replace env-secrets with the command (execve: same PID, nothing resident in between) instead of running it as a child",
  },
  shell: {
    group: "running",
    type: "boolean",
    description: "Run the command line through /bin/sh -c, its words joined with spaces, as env-secrets 0.7 did (mind the quoting; the shell sees the secrets too)",
  },
  "no-shell": { group: "running", type: "boolean", description: "Kept for compatibility with env-secrets 0.7: without --shell no shell is ever used" },
} as const satisfies OptionsDef;

/** Keeping values out of the program's output and the CI log. */
export const exposureArgs = {
  "mask-output": {
    group: "running",
    type: "boolean",
    description: "Pipe the command's stdout and stderr through env-secrets and replace secret values (4+ characters) with ****",
  },
  "no-ci-mask": { group: "running", type: "boolean", description: "In GitHub Actions, do not print ::add-mask:: lines for the injected values" },
} as const satisfies OptionsDef;

/** Restarting the program when a secret rotates (supervise mode only). */
export const watchArgs = {
  watch: {
    group: "running",
    type: "string",
    optionalValue: DEFAULT_WATCH_INTERVAL,
    optionalValueMatches: LOOKS_LIKE_DURATION,
    description: `Check for new secret versions every INTERVAL (30s, 5m, 1h; default ${DEFAULT_WATCH_INTERVAL}) and restart the command with them; needs secretsmanager:DescribeSecret`,
    valueHint: "interval",
  },
  "watch-signal": { group: "running", type: "string", description: "Signal that stops the command for a restart (default SIGTERM)", valueHint: "signal" },
  "watch-grace": {
    group: "running",
    type: "string",
    description: `How long the command may take to exit after that signal before SIGKILL (default ${DEFAULT_WATCH_GRACE})`,
    valueHint: "duration",
  },
  "watch-action": {
    group: "running",
    type: "enum",
    options: [...WATCH_ACTIONS],
    description: "On a new version: restart the command (default), or stop it and exit 75 for a supervisor to start a fresh one",
    valueHint: WATCH_ACTIONS.join("|"),
  },
  manifest: {
    group: "outputs",
    type: "string",
    description: "Write what the run used (secret ARNs, version ids, variable names; never values) as JSON to this file (mode 0600), or - for stderr",
    valueHint: "file",
  },
} as const satisfies OptionsDef;
