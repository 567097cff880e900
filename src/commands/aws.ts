import { withoutAwsCredentials } from "../aws/options/child-env.ts";
import type { FetchOutcome } from "../aws/sdk/index.ts";
import { allOrFailures } from "../errors.ts";
import { log, redactor } from "../log/logger.ts";
import { printAddMaskCommands } from "../output/add-mask.ts";
import { deliverOutputs } from "../output/deliver.ts";
import { resolveCommand } from "../run/resolve-command.ts";
import { routeSignals, type SignalRouter } from "../run/signals.ts";
import type { ChildExit } from "../run/supervise.ts";
import { childEnvironment, keepInherited, mergeSecretVariables, type SecretVariables } from "../secrets/merge.ts";
import type { Variables } from "../secrets/payload.ts";
import type { ShapingOptions } from "../secrets/reference.ts";
import { shapeSecret } from "../secrets/shape.ts";
import { defineCommand } from "./_command.ts";
import { awsRunArgs, planRun, type RunPlan } from "./aws-plan.ts";

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
      await createConfig(plan.createConfig, plan.refs, plan.aws, plan.profileFlag, context.env);
      return undefined;
    }
    // The program is found before any AWS call, so a typo costs no request; where a
    // secret may set PATH (--allow-override PATH), it is found after the fetch instead.
    const pathMayChange = plan.shaping.allowOverride?.includes("PATH") === true;
    const program = plan.outputs || pathMayChange ? undefined : resolveCommand(plan.command[0] ?? "", plan.inherited.PATH);
    const variables = await resolveVariables(plan);
    if (plan.outputs) {
      await deliverOutputs(plan.outputs, variables);
      return undefined;
    }
    return startProgram(plan, variables, signals, program);
  },
});

/** Fetches and shapes every secret into the variables of the run: all of them, or an error naming every failure. */
async function resolveVariables(plan: RunPlan): Promise<Variables> {
  // The AWS SDK loads only now that there is work for it.
  const { withAwsSession, fetchSecrets } = await import("../aws/sdk/index.ts");
  const session = { env: plan.inherited, fallbackRegion: plan.refs.find((ref) => ref.arnRegion)?.arnRegion };
  const fetched = await withAwsSession(plan.aws, session, (aws) => fetchSecrets(plan.refs, aws, { batch: plan.batch, endpoint: plan.aws.endpoint }));
  const merged = mergeSecretVariables(variablesOf(fetched, plan.shaping));
  for (const { name, overridden, winner } of merged.collisions) {
    log.warn(`${name} is set by both ${overridden} and ${winner}; using ${winner}`);
  }
  if (!plan.shaping.noOverride) return merged.variables;
  const { variables, kept } = keepInherited(merged.variables, plan.inherited);
  if (kept.length > 0) log.debug(`--no-override: keeping the inherited ${kept.join(", ")}; the secrets' values are dropped`);
  return variables;
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

/** Starts the program with the variables: replacing env-secrets (--exec) or as its supervised child. */
async function startProgram(plan: RunPlan, variables: Variables, signals: SignalRouter, found: string | undefined): Promise<ChildExit> {
  const inherited = plan.stripAwsEnv ? withoutAwsCredentials(plan.inherited) : plan.inherited;
  const env = childEnvironment(inherited, variables);
  const file = env.PATH === plan.inherited.PATH ? found : undefined;
  if (plan.ciMask) printAddMaskCommands(variables.values());
  if (plan.exec) {
    const { execProgram } = await import("../run/exec-posix.ts");
    return execProgram(plan.command, env, file);
  }
  const { supervise } = await import("../run/supervise.ts");
  const output = plan.maskOutput ? (await import("../mask/child-output.ts")).maskChildOutput(redactor.registered()) : undefined;
  return supervise(plan.command, env, signals, { output, ...(file !== undefined ? { file } : {}) });
}
