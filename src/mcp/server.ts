import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, type CallToolResult, ErrorCode, ListToolsRequestSchema, type Tool } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod";
import { EnvSecretsError } from "../errors.ts";
import { log } from "../log/logger.ts";
import { LineTransport } from "./transport.ts";

/**
 * An MCP server over stdio that offers tools: the protocol (initialize and
 * version negotiation, tools/list, tools/call, ping) is the official SDK's
 * low-level `Server`; what each tool does is the caller's.
 */

/** A tool: its input as a zod object (checked before `run`, and listed as JSON Schema), and what it does. */
export interface ToolDefinition<Input extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  /** What an agent reads to decide when to call it and what it gets back. */
  description: string;
  input: Input;
  /** Whether it calls AWS (an outside system) or only computes its answer. Every tool only reads: hosts may call them without asking. */
  reachesAws: boolean;
  /** The result as a JSON object; an EnvSecretsError becomes a tool error carrying its one-line message. */
  run(args: z.output<Input>): Promise<Record<string, unknown>>;
}

/** Keeps the link between a tool's schema and its `run` for the compiler. */
export function defineTool<Input extends z.ZodObject>(tool: ToolDefinition<Input>): ToolDefinition {
  return tool as unknown as ToolDefinition;
}

export interface ServeOptions {
  name: string;
  version: string;
  /** Sent with the answer to initialize: how the tools fit together. */
  instructions: string;
  tools: ToolDefinition[];
  input: ReadableStream<Uint8Array>;
  /** Writes one message line to stdout. */
  write(line: string): void;
}

/** Serves until stdin ends and every call received has been answered (or stdout is gone). */
export async function serveStdio(options: ServeOptions): Promise<void> {
  const tools = new Map(options.tools.map((tool) => [tool.name, tool]));
  const listed: Tool[] = options.tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.input, { io: "input" }) as Tool["inputSchema"],
    annotations: { title: tool.title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: tool.reachesAws },
  }));
  const server = new Server(
    { name: options.name, version: options.version },
    {
      capabilities: { tools: {} },
      instructions: options.instructions,
      // The server never asks the client for input (elicitation), the one use of this validator: no Ajv instance is built.
      jsonSchemaValidator: { getValidator: () => () => ({ valid: false, data: undefined, errorMessage: "not used" }) },
    },
  );
  server.onerror = (error) => log.debug("mcp:", error);
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name } = request.params;
    const tool = tools.get(name);
    if (tool === undefined) throw invalidParams(`unknown tool '${name}': the tools are ${[...tools.keys()].join(", ")}`);
    const parsed = tool.input.safeParse(request.params.arguments ?? {});
    if (!parsed.success) throw invalidParams(`invalid arguments for ${name}: ${issuesText(parsed.error)}`);
    log.debug(`mcp: ${name} ${JSON.stringify(parsed.data)}`);
    return callTool(tool, parsed.data);
  });
  const transport = new LineTransport(options.input, options.write);
  await server.connect(transport);
  await transport.finished;
  await server.close();
}

async function callTool(tool: ToolDefinition, args: Record<string, unknown>): Promise<CallToolResult> {
  try {
    const result = await tool.run(args);
    return { content: [{ type: "text", text: JSON.stringify(result, null, 2) }], structuredContent: result };
  } catch (error) {
    if (error instanceof EnvSecretsError) {
      // As the CLI prints it, and what lies behind it only in debug mode (cli.ts does the same).
      for (const each of [error, ...error.others]) if (each.cause !== undefined) log.debug(each.cause);
      return { content: [{ type: "text", text: error.lines().join("\n") }], isError: true };
    }
    log.debug(error);
    return { content: [{ type: "text", text: `internal error: ${error instanceof Error ? error.message : String(error)} — run env-secrets mcp with --debug and report it` }], isError: true };
  }
}

/**
 * A JSON-RPC "invalid params" error. The SDK answers a thrown error with its
 * `code` and `message`; its McpError would put "MCP error -32602: " in front.
 */
function invalidParams(message: string): Error {
  return Object.assign(new Error(message), { code: ErrorCode.InvalidParams });
}

/** zod's issues on one line: `secret_name: expected string, received undefined; …`. */
function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "arguments"}: ${issue.message}`).join("; ");
}
