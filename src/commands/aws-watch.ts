import type { AwsSession, FetchedSecret, FetchOutcome } from "../aws/sdk/index.ts";
import { combineErrors, EnvSecretsError } from "../errors.ts";
import { log } from "../log/logger.ts";
import type { ChildExit } from "../run/supervise.ts";
import { type CheckOutcome, type RunningProgram, type WatchSettings, watchProgram } from "../run/watch.ts";
import { onStopRequest } from "../run/watch-supervised.ts";
import type { SecretVariables } from "../secrets/merge.ts";
import type { Variables } from "../secrets/payload.ts";
import type { SecretRef } from "../secrets/reference.ts";
import { type RunRecord, writeRunManifest } from "./_manifest.ts";
import type { RunPlan } from "./aws-plan.ts";

/** The secrets of a run, fetched and shaped: what the program runs with. */
export interface Shaped extends RunRecord {
  fetched: FetchedSecret[];
  perSecret: SecretVariables[];
  variables: Variables;
}

/** The run's own steps, as aws.ts does them at start: the watch repeats them, and nothing else. */
export interface WatchRunSteps {
  inSession<T>(work: (aws: AwsSession) => Promise<T>): Promise<T>;
  fetch(refs: SecretRef[]): Promise<FetchOutcome[]>;
  shape(outcomes: FetchOutcome[]): Shaped;
  start(variables: Variables): Promise<RunningProgram>;
}

/**
 * `--watch`: runs the program, and at every check asks AWS which version
 * holds each watched secret's stage (src/aws/sdk/versions.ts). When one
 * moved, the changed secrets are read again and every secret shaped again
 * with the run's rules, all or nothing; only a new set of variables restarts
 * the program (src/run/watch.ts). Anything that fails leaves it running.
 */
export async function watchRun(plan: RunPlan, settings: WatchSettings, first: Shaped & { fetchedAt: Date }, steps: WatchRunSteps): Promise<ChildExit> {
  const { versionChecker, watchKey, watchTargets } = await import("../aws/sdk/index.ts");
  const targets = watchTargets(first.fetched);
  if (targets.length === 0) {
    log.warn("--watch: every secret is read by version id, and a version never changes; running the program without watching");
    return (await steps.start(first.variables)).exited;
  }
  log.debug(`--watch: checking ${targets.map((target) => `${target.label} (${target.versionStage})`).join(", ")} every ${settings.intervalMs} ms`);
  const currentVersions = versionChecker(targets, plan.aws.endpoint);
  const fetchedAt = new WeakMap<FetchedSecret, Date>(first.fetched.map((secret) => [secret, first.fetchedAt]));
  /** The version each target was last read at: one that cannot be used is not read again until the next rotation. */
  const known = new Map(first.fetched.map((secret) => [watchKey(secret), secret.versionId]));
  /** The latest version read of each secret, usable or not; `running` is what the program has. */
  let latest = first.fetched;
  let running = first.variables;

  const check = async (): Promise<CheckOutcome<Shaped>> => {
    let versions: Map<string, string>;
    try {
      versions = await steps.inSession(currentVersions);
    } catch (error) {
      return failed("could not check the secrets for a new version", error);
    }
    const stale = latest.filter((secret) => {
      const key = watchKey(secret);
      return key !== undefined && versions.get(key) !== known.get(key);
    });
    if (stale.length === 0) return { kind: "unchanged" };
    let outcomes: FetchOutcome[];
    try {
      outcomes = await steps.fetch(stale.map((secret) => secret.ref));
    } catch (error) {
      return failed("could not read the new version", error);
    }
    const failures = outcomes.filter((outcome) => outcome instanceof EnvSecretsError);
    if (failures.length > 0) return failed("could not read the new version", combineErrors(failures));
    const fresh = new Map((outcomes as FetchedSecret[]).map((secret) => [secret.ref, secret]));
    const now = new Date();
    for (const secret of fresh.values()) {
      known.set(watchKey(secret), secret.versionId);
      fetchedAt.set(secret, now);
    }
    const summary = describeChanges(stale, fresh);
    latest = latest.map((secret) => fresh.get(secret.ref) ?? secret);
    let next: Shaped;
    try {
      next = steps.shape(latest);
    } catch (error) {
      return failed(`${summary}, but it cannot be used`, error);
    }
    if (sameVariables(next.variables, running)) {
      log.info(`--watch: ${summary}; the variables are the same, so the program is not restarted`);
      return { kind: "unchanged" };
    }
    return { kind: "changed", next, summary: `--watch: ${summary}` };
  };

  return watchProgram<Shaped>(
    first,
    {
      start: async (shaped) => {
        if (shaped !== first) {
          running = shaped.variables;
          if (plan.manifest !== undefined) rewriteManifest(plan.manifest, shaped, fetchedAt);
        }
        return steps.start(shaped.variables);
      },
      check,
      onStopRequest,
      warn: (line) => log.warn(line),
      notice: (line) => log.info(line),
    },
    settings,
  );
}

/** After a restart the manifest follows; if it cannot be written, the program runs anyway (the watch is never worse than none). */
function rewriteManifest(path: string, shaped: Shaped, fetchedAt: WeakMap<FetchedSecret, Date>): void {
  try {
    writeRunManifest(path, shaped, (secret) => fetchedAt.get(secret) ?? new Date());
  } catch (error) {
    log.warn(`${error instanceof Error ? error.message : String(error)}; the manifest still describes the previous versions`);
  }
}

function failed(what: string, error: unknown): CheckOutcome<Shaped> {
  const detail = error instanceof EnvSecretsError ? error.lines().join("; ") : error instanceof Error ? error.message : String(error);
  return { kind: "failed", warning: `--watch: ${what}: ${detail}` };
}

/** One line naming each secret that changed and its version ids, never a value. */
function describeChanges(stale: FetchedSecret[], fresh: Map<SecretRef, FetchedSecret>): string {
  const changes = stale.map((secret) => `${secret.ref.label} (version ${secret.versionId ?? "?"} → ${fresh.get(secret.ref)?.versionId ?? "?"})`);
  return `new version of ${[...new Set(changes)].join(", ")}`;
}

function sameVariables(a: Variables, b: Variables): boolean {
  if (a.size !== b.size) return false;
  for (const [name, value] of a) if (b.get(name) !== value) return false;
  return true;
}
