import { writeStdout } from "../output/stdout.ts";
import { VERSION } from "../version.ts";
import { awsConnectionArgs, loggingArgs } from "./_args.ts";
import { awsSettingsFrom } from "./_aws.ts";
import { defineCommand } from "./_command.ts";

/**
 * `env-secrets mcp`: an MCP server on stdio for coding agents, whose tools
 * give names, metadata and key names, never a value (docs/mcp.md). The MCP
 * SDK and zod load only here, when the server starts: `mcp --help` and
 * every other command never load them.
 */
export default defineCommand({
  meta: {
    name: "mcp",
    description:
      "Serve MCP on stdin/stdout for coding agents: list secrets, describe them, name their keys, write a command for you to run, an IAM policy — never a value: env-secrets mcp [-r <region>] [-p <profile>]",
  },
  args: { ...awsConnectionArgs, ...loggingArgs },
  async run(args, context) {
    // Checked before anything loads: a bad endpoint, CA bundle or timeout ends the server before it starts.
    const settings = awsSettingsFrom(args, context.env);
    const [{ serveStdio }, { mcpTools }] = await Promise.all([import("../mcp/server.ts"), import("./mcp/tools.ts")]);
    await serveStdio({
      name: "env-secrets",
      version: VERSION,
      instructions: INSTRUCTIONS,
      tools: mcpTools({ settings, env: context.env, platform: context.platform }),
      input: context.stdinStream(),
      write: writeStdout,
    });
    return undefined;
  },
});

const INSTRUCTIONS = [
  "env-secrets reads secrets from AWS Secrets Manager into a program's environment.",
  "These tools show names, metadata and key names, never a value, and no tool sets one.",
  "To wire a secret into an app: secret_keys tells which environment variables a run gives the program; write the code to read them; get_command with action run gives the command line that starts the app with them.",
  "For anything that needs a value (set, create), get_command gives a command for the person to run: it asks for the value on their terminal.",
].join(" ");
