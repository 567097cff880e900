/**
 * The MCP SDK's JSON Schema validator, for its `Server`, which the release
 * build points here (scripts/build.ts). The server uses that validator only
 * to check what a client answers to an elicitation request, which
 * `env-secrets mcp` never sends, and it is given its own stub instead
 * (src/mcp/server.ts); the real module would bring Ajv and its formats into
 * the binary for nothing.
 */
export class AjvJsonSchemaValidator {
  constructor() {
    throw new Error("env-secrets is built without Ajv: pass the MCP Server a jsonSchemaValidator");
  }

  getValidator(): never {
    throw new Error("env-secrets is built without Ajv");
  }
}
