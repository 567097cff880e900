import type { Command, Example, OptionDef } from "./_command.ts";
import { shortAlias, valueName } from "./_parse.ts";
import { commands } from "./index.ts";

/**
 * The help, in the layout of gh, op and doppler: USAGE, COMMANDS, the flags
 * grouped by purpose, EXAMPLES, EXIT CODES, ENVIRONMENT, LEARN MORE. Rendered
 * from the very definitions the parser reads (`args`, `meta`), so a command
 * added to the lazy map has its help with no code of its own, and a flag
 * cannot be documented one way and parsed another.
 */

/** The flag groups, in the order the help lists them; a group not named here comes after them. */
const GROUPS: readonly (readonly [group: string | undefined, title: string])[] = [
  ["secrets", "SECRET FLAGS"],
  ["aws", "AWS FLAGS"],
  ["shaping", "NAMING AND SHAPING FLAGS"],
  ["outputs", "OUTPUT FLAGS"],
  ["config", "CONFIG FILE FLAGS"],
  ["running", "RUNNING FLAGS"],
  [undefined, "FLAGS"],
  ["logging", "LOGGING FLAGS"],
  ["general", "GENERAL FLAGS"],
];

const DOCS_URL = "https://github.com/env-secrets/env-secrets/blob/main/docs";

/** Each entry shows in the help of a command with a flag of its group (`always`: in every help). */
interface Note {
  left: string;
  text: string;
  group: string;
}

const ENVIRONMENT: readonly Note[] = [
  { left: "AWS_REGION", text: "Region when neither -r nor the config file names one; then AWS_DEFAULT_REGION", group: "aws" },
  { left: "AWS_PROFILE", text: "Profile when neither -p nor the config file names one", group: "aws" },
  {
    left: "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN",
    text: "Credentials, read by the AWS SDK's default chain along with SSO, web identity, container and instance roles",
    group: "aws",
  },
  { left: "AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL", text: "Secrets Manager endpoint when --endpoint-url is not given", group: "aws" },
  { left: "AWS_CA_BUNDLE", text: "PEM file of the CAs to trust, like --ca-bundle", group: "aws" },
  { left: "HTTPS_PROXY, HTTP_PROXY, NO_PROXY", text: "Proxy for requests to AWS", group: "aws" },
  { left: "GITHUB_ENV", text: "File --github-env appends the variables to", group: "outputs" },
  { left: "GITHUB_ACTIONS", text: "In GitHub Actions, values are masked in the job log with ::add-mask:: lines", group: "running" },
  { left: "DEBUG", text: "env-secrets (or env-secrets:*): like --debug; env-secrets:sdk adds the AWS SDK's own lines", group: "always" },
  { left: "NO_COLOR", text: "No colour in the help", group: "always" },
];

/** Links shown under LEARN MORE, each for the commands with a flag of its group. */
const DOCS: readonly Note[] = [
  { left: "usage.md", text: "Usage, secret references, from secrets to variables", group: "secrets" },
  { left: "config-file.md", text: "The config file .env-secrets.yml", group: "config" },
  { left: "credentials.md", text: "Credentials, regions, endpoints, proxies and CAs", group: "aws" },
  { left: "outputs.md", text: "Writing the variables out, and the formats", group: "outputs" },
  { left: "containers.md", text: "Signals, terminals, containers and PID 1", group: "running" },
  { left: "watch.md", text: "Restarting the command when a secret rotates (--watch), and --manifest", group: "running" },
  { left: "ci.md", text: "CI and GitHub Actions", group: "outputs" },
  { left: "exit-codes.md", text: "Exit codes and error messages", group: "always" },
  { left: "compatibility.md", text: "Compatibility with env-secrets 0.7", group: "secrets" },
];

const ROOT_DESCRIPTION = "Run a program with secrets from AWS Secrets Manager in its environment, and nowhere else.";

/** What `help` names: nothing (the root), a command, or words that lead to commands (`aws secret`). */
export interface HelpTopic {
  command?: Command;
  group?: string;
}

/** Every command of the lazy map, loaded (their definitions only: commands load their dependencies when they run). */
export async function loadCommands(): Promise<Command[]> {
  // Another name for a command (`aws secret import`) loads the same command: listed once.
  return [...new Set(await Promise.all(Object.values(commands).map((load) => load())))];
}

export async function helpText(topic: HelpTopic, width: number): Promise<string> {
  const all = await loadCommands();
  if (topic.command) return commandHelp(topic.command, all, width);
  if (topic.group) return groupHelp(topic.group, all, width);
  return rootHelp(all, width);
}

function rootHelp(all: Command[], width: number): string {
  const examples = all.flatMap((command) => command.meta.examples ?? []).slice(0, 5);
  const hasGroup = (group: string) => all.some((command) => Object.values(command.args).some((def) => def.group === group));
  const takesProgram = all.some((command) => command.runsProgram);
  return document([
    [undefined, wrap(ROOT_DESCRIPTION, width)],
    [
      "USAGE",
      usageLines(["<command> [options]", ...all.flatMap((command) => (command.runsProgram ? (command.meta.usage ?? []).filter(mentionsProgram) : []))], width),
    ],
    ["COMMANDS", table(commandRows(all, ""), width)],
    [
      "FLAGS",
      table(
        [
          ["-h, --help", "Show this help; env-secrets <command> --help for a command's"],
          ["-v, --version", "Show the version of env-secrets"],
        ],
        width,
      ),
    ],
    ["EXAMPLES", exampleLines(examples, width)],
    ["EXIT CODES", table(exitCodes(takesProgram), width)],
    ["ENVIRONMENT", notes(ENVIRONMENT, hasGroup, width)],
    ["LEARN MORE", learnMore(hasGroup, width)],
  ]);
}

function commandHelp(command: Command, all: Command[], width: number): string {
  const { meta, args } = command;
  const hasGroup = (group: string) => Object.values(args).some((def) => def.group === group);
  const below = all.filter((other) => other.meta.name.startsWith(`${meta.name} `));
  const positionals = Object.entries(args).filter(([, def]) => def.type === "positional");
  return document([
    [undefined, wrap(sentence(meta.description), width)],
    ["USAGE", usageLines(meta.usage ?? [defaultUsage(command)], width)],
    ["ARGUMENTS", positionals.length === 0 ? [] : table(positionals.map(([name, def]) => [`<${valueName(name, def)}>`, def.description ?? ""]), width)],
    ["COMMANDS", below.length === 0 ? [] : table(commandRows(below, meta.name), width)],
    ...flagSections(args, width),
    ["EXAMPLES", exampleLines(meta.examples ?? [], width)],
    ["EXIT CODES", table(exitCodes(command.runsProgram), width)],
    ["ENVIRONMENT", notes(ENVIRONMENT, hasGroup, width)],
    ["LEARN MORE", learnMore(hasGroup, width)],
  ]);
}

/** Words that lead to commands without naming one: `env-secrets aws secret --help`. */
function groupHelp(group: string, all: Command[], width: number): string {
  const below = all.filter((command) => command.meta.name.startsWith(`${group} `));
  return document([
    ["USAGE", usageLines([`${group} <command> [options]`], width)],
    ["COMMANDS", table(commandRows(below, group), width)],
    ["LEARN MORE", wrap(`Use 'env-secrets ${group} <command> --help' for more about a command.`, width, "  ")],
  ]);
}

function defaultUsage(command: Command): string {
  const positionals = Object.entries(command.args)
    .filter(([, def]) => def.type === "positional")
    .map(([name, def]) => (def.required ? `<${valueName(name, def)}>` : `[<${valueName(name, def)}>]`));
  const program = command.runsProgram ? ["--", "<command>", "[args...]"] : [];
  return [command.meta.name, "[options]", ...positionals, ...program].join(" ");
}

const mentionsProgram = (line: string) => line.includes("<command>");

function usageLines(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => wrap(`env-secrets ${line}`, width, "  ", "      "));
}

/** A command's name relative to `under` (`create` under `aws secret`), and its description. */
function commandRows(list: Command[], under: string): [string, string][] {
  const rows = list.map((command): [string, string] => [under ? command.meta.name.slice(under.length + 1) : command.meta.name, command.meta.description]);
  return under ? rows : [...rows, ["help [<command>]", "Show the help of env-secrets or of a command"]];
}

/** One section per flag group, in the order of GROUPS; the flag column is as wide in all of them. */
function flagSections(args: Record<string, OptionDef>, width: number): [string | undefined, string[]][] {
  const flags = Object.entries(args).filter(([, def]) => def.type !== "positional");
  const known = GROUPS.map(([group]) => group);
  const others = [...new Set(flags.flatMap(([, def]) => (def.group !== undefined && !known.includes(def.group) ? [def.group] : [])))];
  const order: (readonly [string | undefined, string])[] = [...GROUPS.slice(0, -2), ...others.map((group) => [group, `${group.toUpperCase()} FLAGS`] as const), ...GROUPS.slice(-2)];
  const rows = new Map(flags.map(([name, def]) => [name, [flagLabel(name, def), flagDescription(def)] as [string, string]]));
  const column = Math.min(MAX_LEFT, Math.max(...[...rows.values()].map(([left]) => left.length)));
  return order.map(([group, title]) => [
    title,
    table(
      flags.filter(([, def]) => def.group === group).map(([name]) => rows.get(name)!),
      width,
      column,
    ),
  ]);
}

/** `-s, --secret <ref>`, `    --batch`, `    --create-config [<file>]`: long names line up as in gh. */
function flagLabel(name: string, def: OptionDef): string {
  const short = shortAlias(def);
  const value = def.type === "boolean" ? "" : def.optionalValue !== undefined ? ` [<${valueName(name, def)}>]` : ` <${valueName(name, def)}>`;
  return `${short ? `-${short}, ` : "    "}--${name}${value}`;
}

function flagDescription(def: OptionDef): string {
  const text = def.description ?? "";
  return def.type === "enum" && def.options ? `${text} {${def.options.join("|")}}` : text;
}

function exampleLines(examples: readonly Example[], width: number): string[] {
  return examples.flatMap((example, index) => [...(index > 0 ? [""] : []), ...wrap(`# ${example.does}`, width, "  "), `  $ ${example.run}`]);
}

function exitCodes(takesProgram: boolean): [string, string][] {
  const own: [string, string][] = [
    ["0", "Success"],
    ["1", "env-secrets failed (AWS, config file, a secret)"],
    ["2", "Usage error"],
  ];
  if (!takesProgram) return own;
  return [
    ["<program's>", "The program ran and exited with this status; if it died of signal N, env-secrets dies of it too (or exits 128+N)"],
    ["75", "--watch-action exit: a secret has a new version, and the program was stopped"],
    ["125", "A program was given, but env-secrets failed before starting it (usage, credentials, fetch, validation)"],
    ["126", "The program exists but cannot be executed"],
    ["127", "The program was not found"],
    ["0, 1, 2", "Without a program (-o, --format, --github-env): success, failure, usage error"],
  ];
}

function notes(list: readonly Note[], hasGroup: (group: string) => boolean, width: number): string[] {
  const rows = list.filter((note) => note.group === "always" || hasGroup(note.group)).map((note): [string, string] => [note.left, note.text]);
  return table(rows, width, Math.min(NOTE_LEFT, Math.max(...rows.map(([left]) => left.length))));
}

function learnMore(hasGroup: (group: string) => boolean, width: number): string[] {
  const docs = DOCS.filter((doc) => doc.group === "always" || hasGroup(doc.group));
  return [
    ...wrap("Use 'env-secrets <command> --help' for more about a command. Documentation:", width, "  "),
    ...docs.flatMap((doc) => wrap(`${doc.text}: ${DOCS_URL}/${doc.left}`, width, "  ", "    ")),
  ];
}

/** Sections with a title in bold (stripped off a terminal, see output/usage.ts); empty sections are left out. */
function document(sections: [string | undefined, string[]][]): string {
  return sections
    .filter(([, lines]) => lines.length > 0)
    .map(([title, lines]) => (title === undefined ? lines : [`\u001b[1m${title}\u001b[22m`, ...lines]).join("\n"))
    .join("\n\n");
}

/** Beyond this, a left column pushes its text onto the next line instead of widening the table. */
const MAX_LEFT = 34;
/** The variables' column: a list of several names goes on a line of its own. */
const NOTE_LEFT = 18;
const GAP = 3;
/** Narrower than this, text goes under its left column rather than beside it. */
const MIN_TEXT = 24;

/** Two columns: the left as wide as its widest entry (up to MAX_LEFT), the right wrapped to the width. */
function table(rows: [string, string][], width: number, column?: number): string[] {
  if (rows.length === 0) return [];
  const left = column ?? Math.min(MAX_LEFT, Math.max(...rows.map(([label]) => label.length)));
  const indent = 2 + left + GAP;
  const lines: string[] = [];
  for (const [label, text] of rows) {
    if (width - indent < MIN_TEXT) {
      lines.push(...wrap(label, width, "  "), ...wrap(text, width, "      "));
      continue;
    }
    const wrapped = wrap(text, width, " ".repeat(indent));
    if (label.length > left) {
      // A long flag goes on its own line, still lined up with the other long names.
      const pad = label.length - label.trimStart().length;
      lines.push(...wrap(label, width, " ".repeat(2 + pad)), ...wrapped);
    } else lines.push(`  ${label.padEnd(left + GAP)}${wrapped[0]?.slice(indent) ?? ""}`.trimEnd(), ...wrapped.slice(1));
  }
  return lines;
}

/** Words filled into lines of at most `width` columns (a longer word gets a line of its own), never a trailing space. */
export function wrap(text: string, width: number, first = "", rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines.map((each) => each.trimEnd());
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
