import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { log, redactor } from "../log/logger.ts";

/** A line longer than this is answered with an error and skipped, as the SDK's own stdio reader caps its buffer. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

/** JSON-RPC 2.0's codes for input that is not a request at all. */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/**
 * MCP's stdio transport: one JSON-RPC message per line, in from `input` and
 * out through `write` (stdout, from src/output/). Unlike the SDK's own stdio
 * transport it reads a web stream given to it (stdin read from fd 0 by Bun,
 * not a Node stream: some hosts hand a stdin that Node streams refuse),
 * answers a line that is not JSON or not a JSON-RPC message with the error
 * JSON-RPC prescribes instead of dropping it, and knows which requests are
 * still being answered, so that the end of input lets them finish first.
 *
 * Every string of every message is masked by the redactor on its way out,
 * as log lines are: no tool returns a value, and should one ever try, the
 * value would not reach stdout either.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  /** Requests received and not yet answered, by their id as JSON text (1 and "1" are different ids). */
  private readonly inFlight = new Set<string>();
  private inputEnded = false;
  private closed = false;
  private settle!: () => void;
  /** Settles once input has ended and every request received has been answered, or output failed, or close() was called. */
  readonly finished = new Promise<void>((resolve) => {
    this.settle = resolve;
  });

  constructor(
    private readonly input: ReadableStream<Uint8Array>,
    private readonly write: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    void this.readLines().catch((error: unknown) => {
      log.debug("reading stdin failed:", error);
      this.endOfInput();
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return;
    try {
      this.write(`${JSON.stringify(masked(message))}\n`);
    } catch (error) {
      // The client stopped reading: nobody is left to answer.
      log.debug("stdout cannot be written; ending the session:", error);
      await this.close();
      return;
    }
    if ("id" in message && !("method" in message)) {
      this.inFlight.delete(JSON.stringify(message.id));
      this.settleIfDone();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
    this.settle();
  }

  private async readLines(): Promise<void> {
    const decoder = new TextDecoder();
    let pending = "";
    let skipping = false;
    for await (const chunk of this.input) {
      if (this.closed) return;
      pending += decoder.decode(chunk, { stream: true });
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (skipping) skipping = false;
        else this.receive(line);
        newline = pending.indexOf("\n");
      }
      if (!skipping && Buffer.byteLength(pending) > MAX_LINE_BYTES) {
        this.reply(null, INVALID_REQUEST, `message longer than ${MAX_LINE_BYTES} bytes: skipped up to the next newline`);
        pending = "";
        skipping = true;
      } else if (skipping) {
        pending = "";
      }
    }
    pending += decoder.decode();
    // A last message without its newline still counts.
    if (!skipping && pending.trim() !== "") this.receive(pending);
    this.endOfInput();
  }

  private receive(raw: string): void {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      this.reply(null, PARSE_ERROR, `parse error: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const checked = JSONRPCMessageSchema.safeParse(parsed);
    if (!checked.success) {
      this.reply(idOf(parsed), INVALID_REQUEST, "invalid request: not a JSON-RPC 2.0 message (one object per line, with jsonrpc, and method or result/error)");
      return;
    }
    const message = checked.data;
    if ("method" in message && "id" in message) this.inFlight.add(JSON.stringify(message.id));
    // The SDK answers nothing to a request the client cancelled.
    if ("method" in message && message.method === "notifications/cancelled" && !("id" in message)) {
      const requestId = (message.params as { requestId?: unknown } | undefined)?.requestId;
      if (requestId !== undefined) this.inFlight.delete(JSON.stringify(requestId));
    }
    this.onmessage?.(message);
  }

  private reply(id: string | number | null, code: number, message: string): void {
    log.debug(`answered a line of stdin with JSON-RPC error ${code}: ${message}`);
    void this.send({ jsonrpc: "2.0", id, error: { code, message } } as unknown as JSONRPCMessage);
  }

  private endOfInput(): void {
    this.inputEnded = true;
    log.debug(`stdin ended; ${this.inFlight.size} request(s) still being answered`);
    this.settleIfDone();
  }

  private settleIfDone(): void {
    if (this.inputEnded && this.inFlight.size === 0) this.settle();
  }
}

function idOf(parsed: unknown): string | number | null {
  if (typeof parsed !== "object" || parsed === null || !("id" in parsed)) return null;
  const { id } = parsed as { id: unknown };
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/** The message with every string (object keys included) masked by the redactor. */
function masked(value: unknown): unknown {
  if (typeof value === "string") return redactor.redact(value);
  if (Array.isArray(value)) return value.map(masked);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, each]) => [redactor.redact(key), masked(each)]));
  }
  return value;
}
