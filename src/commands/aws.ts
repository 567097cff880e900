import { withoutAwsCredentials } from "../aws/options/child-env.ts";
import type { AwsSession, FetchedSecret, FetchOutcome } from "../aws/sdk/index.ts";
import { allOrFailures, EnvSecretsError } from "../errors.ts";
import { log, redactor } from "../log/logger.ts";
import { printAddMaskCommands } from "../output/add-mask.ts";
import { deliverOutputs } from "../output/deliver.ts";
import { resolveCommand } from "../run/resolve-command.ts";
import { routeSignals, type SignalRouter } from "../run/signals.ts";
import type { ChildExit } from "../run/supervise.ts";
import type { RunningProgram } from "../run/watch.ts";
import { childEnvironment, keepInherited, mergeSecretVariables, type SecretVariables } from "../secrets/merge.ts";
import type { Variables } from "../secrets/payload.ts";
import type { SecretRef, ShapingOptions } from "../secrets/reference.ts";
import { shapeSecret } from "../secrets/shape.ts";
import { type AwsSdk, inAwsSession, openLastingSession } from "./_aws.ts";
import { defineCommand } from "./_command.ts";
import { writeRunManifest } from "./_manifest.ts";
import { awsRunArgs, planRun, type RunPlan } from "./aws-plan.ts";
import type { Shaped } from "./aws-watch.ts";

/**
 * `env-secrets aws`: plan the run (every check that needs no AWS call), fetch
 * and shape the secrets (all or nothing), then write them out or start the
 * program with them.
 */
export default defineCommand({
  meta: {
    name: "aws",
    description: "Run a command with secrets from AWS Secrets Manager in its environment",
    usage: [
      "aws [options] -- <command> [args...]",
      "aws [options] -o <file> | --format <format> | --github-env",
      "aws [options] --create-config [<file>]",
      "[--] <command> [args...]   (with provider: aws in .env-secrets.yml)",
    ],
    examples: [
      { does: "Run a program with every key of a JSON secret as a variable", run: "env-secrets aws -s my-app/prod -- node server.js" },
      { does: "One key, under a name of your choice, from another region", run: "env-secrets aws -r eu-west-1 -s PGPASSWORD=db/prod#password -- psql" },
      { does: "Write the variables to a new file (mode 0400) in dotenv format", run: "env-secrets aws -s my-app/prod -o .env --format dotenv" },
      { does: "Hand them to the later steps of a GitHub Actions job, masked", run: "env-secrets aws -s my-app/prod --github-env" },
      { does: "As a container's entrypoint: replace env-secrets with the program", run: "env-secrets aws -s my-app/prod --exec -- /app/server" },
    ],
  },
  runsProgram: true,
  args: awsRunArgs,
  async run(args, context) {
    // First thing: a signal during the fetch must end env-secrets cleanly, with no program started.
    const signals = routeSignals();
    const plan = planRun(args, context);
    if (plan.createConfig !== undefined) {
      const { createConfig } = await import("./aws-create-config.ts");
      await createConfig(plan.createConfig, plan.refs, plan.aws, plan.profileFlag, context);
      return undefined;
    }
    // The program is found before any AWS call, so a typo costs no request; where a
    // secret may set PATH (--allow-override PATH), it is found after the fetch instead.
    const pathMayChange = plan.shaping.allowOverride?.includes("PATH") === true;
    const program = plan.outputs || pathMayChange ? undefined : resolveCommand(plan.command[0] ?? "", plan.inherited.PATH);
    // With --watch one session serves the fetch and every check, each within --timeout: a
    // session per check cost an STS call each time and left memory behind (docs/benchmarks.md).
    const lasting = plan.watch ? await openLastingSession(plan.aws, sessionPlace(plan, context.platform)) : undefined;
    const inRunSession: InSession = lasting ? (work) => lasting.use(work) : (work) => inAwsSession(plan.aws, sessionPlace(plan, context.platform), work);
    try {
      const shaped = shapeAll(await fetchAll(plan, inRunSession, plan.refs), plan);
      const fetchedAt = new Date();
      if (plan.manifest !== undefined) writeRunManifest(plan.manifest, shaped, () => fetchedAt);
      if (plan.outputs) {
        await deliverOutputs(plan.outputs, shaped.variables);
        return undefined;
      }
      if (plan.watch) {
        const { watchRun } = await import("./aws-watch.ts");
        return await watchRun(plan, plan.watch, { ...shaped, fetchedAt }, {
          inSession: (work) => inRunSession(work),
          fetch: (refs) => fetchAll(plan, inRunSession, refs),
          shape: (outcomes) => shapeAll(outcomes, plan),
          start: (variables) => startProgram(plan, variables, signals, undefined, true),
        });
      }
      return startProgram(plan, shaped.variables, signals, program);
    } finally {
      lasting?.close();
    }
  },
});

/** How the run reaches AWS: a session of its own for each work, or with --watch the run's one lasting session. */
type InSession = <T>(work: (aws: AwsSession, sdk: AwsSdk) => Promise<T>) => Promise<T>;

/** Fetches every secret of `refs`: for each, the secret or why it could not be fetched. */
async function fetchAll(plan: RunPlan, inSession: InSession, refs: SecretRef[]): Promise<FetchOutcome[]> {
  return inSession((aws, sdk) => sdk.fetchSecrets(refs, aws, { batch: plan.batch, endpoint: plan.aws.endpoint }));
}

/** Where the run's AWS sessions look for their settings: the fetch's, and each check's of --watch. */
function sessionPlace(plan: RunPlan, platform: NodeJS.Platform) {
  return { env: plan.inherited, platform, fallbackRegion: plan.refs.find((ref) => ref.arnRegion)?.arnRegion };
}

/** Shapes every fetched secret into the variables of the run: all of them, or an error naming every failure. */
function shapeAll(outcomes: FetchOutcome[], plan: RunPlan): Shaped {
  const perSecret = variablesOf(outcomes, plan.shaping);
  const fetched = outcomes.filter((outcome): outcome is FetchedSecret => !(outcome instanceof EnvSecretsError));
  const merged = mergeSecretVariables(perSecret);
  for (const { name, overridden, winner } of merged.collisions) {
    log.warn(`${name} is set by both ${overridden} and ${winner}; using ${winner}`);
  }
  if (!plan.shaping.noOverride) return { fetched, perSecret, variables: merged.variables };
  const { variables, kept } = keepInherited(merged.variables, plan.inherited);
  if (kept.length > 0) log.debug(`--no-override: keeping the inherited ${kept.join(", ")}; the secrets' values are dropped`);
  return { fetched, perSecret, variables };
}

/** Every secret's variables, or every secret's failure at once (fail closed). */
function variablesOf(fetched: FetchOutcome[], shaping: ShapingOptions): SecretVariables[] {
  return allOrFailures(fetched, (secret) => {
    const variables = shapeSecret(secret.ref, secret, shaping);
    for (const value of variables.values()) redactor.register(value);
    log.debug(`${secret.ref.label} sets ${[...variables.keys()].join(", ") || "no variables"}`);
    return { label: secret.ref.label, variables };
  });
}

/** Starts the program with the variables: replacing env-secrets (--exec) or as its supervised child (--watch: one it can restart). */
async function startProgram(plan: RunPlan, variables: Variables, signals: SignalRouter, found: string | undefined): Promise<ChildExit>;
async function startProgram(plan: RunPlan, variables: Variables, signals: SignalRouter, found: string | undefined, watched: true): Promise<RunningProgram>;
async function startProgram(plan: RunPlan, variables: Variables, signals: SignalRouter, found: string | undefined, watched?: true): Promise<ChildExit | RunningProgram> {
  const inherited = plan.stripAwsEnv ? withoutAwsCredentials(plan.inherited) : plan.inherited;
  const env = childEnvironment(inherited, variables);
  const file = env.PATH === plan.inherited.PATH ? found : undefined;
  if (plan.ciMask) printAddMaskCommands(variables.values());
  if (plan.exec) {
    const { execProgram } = await import("../run/exec-posix.ts");
    return execProgram(plan.command, env, file);
  }
  // Registered by now: the values of every version fetched so far, a restart's new ones included.
  const output = plan.maskOutput ? (await import("../mask/child-output.ts")).maskChildOutput(redactor.registered()) : undefined;
  if (watched) return (await import("../run/watch-supervised.ts")).startSupervised(plan.command, env, signals, output);
  const { supervise } = await import("../run/supervise.ts");
  return supervise(plan.command, env, signals, { output, ...(file !== undefined ? { file } : {}) });
}
