import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loggingArgs } from "../../../src/commands/_args.ts";
import { defineCommand } from "../../../src/commands/_command.ts";
import { helpText, loadCommands, wrap } from "../../../src/commands/_help.ts";
import { commands } from "../../../src/commands/index.ts";

const plain = (text: string) => Bun.stripANSI(text);

/** Lines longer than the width may only be one unbreakable word (a URL) or an example's command line, kept whole to copy. */
function expectFits(text: string, width: number) {
  for (const line of plain(text).split("\n")) {
    expect(line).toBe(line.trimEnd());
    if (line.length > width && !line.startsWith("  $ ")) expect(line.trim()).not.toContain(" ");
  }
}

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\<>]/g, "\\$&");

/** A command as another engineer would write it: a positional, a group of its own, examples, no help code. */
const made = defineCommand({
  meta: {
    name: "aws thing make",
    description: "Make a thing",
    examples: [{ does: "Make one called blue", run: "env-secrets aws thing make blue --colour blue" }],
  },
  args: {
    name: { type: "positional", required: true, description: "Name of the new thing", valueHint: "thing-name" },
    colour: { group: "painting", type: "enum", options: ["red", "blue"], description: "Colour of the thing" },
    "dry-run": { type: "boolean", description: "Say what would be made" },
    ...loggingArgs,
  },
  run: async () => undefined,
});

describe("a command's help, from its definitions", () => {
  test("every command of the lazy map lists each of its flags with its value name, in a section of its group", async () => {
    for (const command of await loadCommands()) {
      const text = plain(await helpText({ command }, 80));
      expect(text).toContain(`USAGE\n  env-secrets ${command.meta.name}`);
      for (const [name, def] of Object.entries(command.args)) {
        if (def.type === "positional") continue;
        const value = def.type === "boolean" ? "" : `<${"valueHint" in def && def.valueHint ? def.valueHint : name}>`;
        const shown = def.type === "boolean" ? "" : def.optionalValue !== undefined ? ` [${value}]` : ` ${value}`;
        expect(text).toMatch(new RegExp(`^ {2}(-\\w, | {4})${literally(`--${name}${shown}`)}( {2}|\\n {8})`, "m"));
      }
      for (const section of ["GENERAL FLAGS", "EXIT CODES", "ENVIRONMENT", "LEARN MORE"]) expect(text).toContain(`\n${section}\n`);
      expectFits(text, 80);
    }
  });

  test("aws: flags grouped by purpose, in order; examples; the program's exit codes", async () => {
    const aws = await commands.aws!();
    const text = plain(await helpText({ command: aws }, 80));
    const order = ["USAGE", "SECRET FLAGS", "AWS FLAGS", "NAMING AND SHAPING FLAGS", "OUTPUT FLAGS", "CONFIG FILE FLAGS", "RUNNING FLAGS"];
    const more = ["LOGGING FLAGS", "GENERAL FLAGS", "EXAMPLES", "EXIT CODES", "ENVIRONMENT", "LEARN MORE"];
    const positions = [...order, ...more].map((title) => text.indexOf(`\n${title}\n`));
    expect(positions.every((at, i) => at > 0 && (i === 0 || at > positions[i - 1]!))).toBe(true);
    expect(text).toContain("  env-secrets aws [options] -- <command> [args...]\n");
    expect(text).toMatch(/SECRET FLAGS\n {2}-s, --secret <ref> +Secret to read/);
    expect(text).toMatch(/ {6}--format <format> +Format for -o/);
    expect(text).toContain("{shell|dotenv|json|docker|github}");
    expect(text).toMatch(/ {6}--create-config \[<file>\]/);
    expect(text).toContain("  $ env-secrets aws -s my-app/prod -- node server.js");
    expect(text).toMatch(/\n {2}127 +The program was not found/);
    expect(text).toMatch(/\n {2}75 +--watch-action exit: a secret has a new version/);
    expect(text).toMatch(/\n {2}AWS_CA_BUNDLE +PEM file/);
    expect(text).toContain("docs/credentials.md");
    // --watch is a running flag: the page about it is linked too.
    expect(text).toContain("docs/watch.md");
  });

  test("a command added later gets its help with no code of its own: positionals, its own group, examples", async () => {
    const text = plain(await helpText({ command: made }, 80));
    expect(text).toStartWith("Make a thing.\n\nUSAGE\n  env-secrets aws thing make [options] <thing-name>\n");
    expect(text).toMatch(/ARGUMENTS\n {2}<thing-name> +Name of the new thing/);
    expect(text).toMatch(/\nFLAGS\n {6}--dry-run +Say what would be made/);
    expect(text).toMatch(/PAINTING FLAGS\n {6}--colour <colour> +Colour of the thing \{red\|blue\}/);
    expect(text.indexOf("PAINTING FLAGS")).toBeLessThan(text.indexOf("LOGGING FLAGS"));
    expect(text).toContain("  # Make one called blue\n  $ env-secrets aws thing make blue --colour blue");
    // It runs no program: its own exit codes only, and no AWS variables since it has no AWS flag.
    expect(text).not.toContain("127");
    expect(text).not.toContain("AWS_REGION");
    expect(text).toContain("DEBUG");
  });

  test("wrapped to the width given, with no trailing spaces", async () => {
    const aws = await commands.aws!();
    for (const width of [40, 60, 80, 132]) {
      expectFits(await helpText({ command: aws }, width), width);
      expectFits(await helpText({}, width), width);
    }
    const wide = plain(await helpText({ command: aws }, 200));
    expect(wide).toMatch(/--batch +Read current-version secrets with BatchGetSecretValue, 20 per call; needs secretsmanager:BatchGetSecretValue on "\*", and AWS/);
  });
});

describe("the root's help", () => {
  test("lists every command of the lazy map, the usage forms, and the five most common uses", async () => {
    const text = plain(await helpText({}, 80));
    for (const { meta } of await loadCommands()) expect(text).toMatch(new RegExp(`\\n {2}${meta.name} +\\S`));
    // Another name for a command is listed with it, not as a second entry.
    expect(text.match(/\n {2}aws secret upsert /g)).toHaveLength(1);
    expect(text).toContain("(also: aws secret import)");
    expect(text).toContain("  env-secrets <command> [options]\n  env-secrets aws [options] -- <command> [args...]\n");
    expect(text).toContain("  env-secrets [--] <command> [args...] (with provider: aws in .env-secrets.yml)");
    expect(text.match(/^ {2}\$ env-secrets/gm)).toHaveLength(5);
    expect(text).toMatch(/-v, --version +Show the version/);
    for (const doc of ["usage", "config-file", "credentials", "outputs", "containers", "watch", "ci", "exit-codes", "compatibility"]) {
      expect(text).toContain(`/docs/${doc}.md`);
    }
  });

  test("every page LEARN MORE links is in docs/", async () => {
    const linked = [...plain(await helpText({}, 80)).matchAll(/\/docs\/([\w-]+\.md)/g)].map((match) => match[1]!);
    expect(linked.length).toBeGreaterThanOrEqual(8);
    for (const page of linked) expect(existsSync(join(import.meta.dir, "..", "..", "..", "docs", page))).toBe(true);
  });

  test("headings are bold for a terminal (output/usage.ts strips them elsewhere)", async () => {
    expect(await helpText({}, 80)).toContain("\u001b[1mUSAGE\u001b[22m");
  });
});

test("wrap: words fill lines up to the width; a longer word gets its own line", () => {
  expect(wrap("aa bb cc dd", 5)).toEqual(["aa bb", "cc dd"]);
  expect(wrap("aa bbbbbbbb cc", 5, "> ", "  ")).toEqual(["> aa", "  bbbbbbbb", "  cc"]);
  expect(wrap("", 10)).toEqual([]);
});
