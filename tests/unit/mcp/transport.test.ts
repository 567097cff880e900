/**
 * The stdio line transport of `env-secrets mcp`: lines split however the
 * bytes arrive, errors for what is not a message, answers masked, and the
 * end of input waiting for the requests still being answered.
 */
import { expect, test } from "bun:test";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { redactor } from "../../../src/log/logger.ts";
import { LineTransport, MAX_LINE_BYTES } from "../../../src/mcp/transport.ts";

/** A transport reading `chunks`, with everything it writes and receives. */
function transportOf(chunks: Array<string | Uint8Array>) {
  const encoder = new TextEncoder();
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
  const written: string[] = [];
  const received: JSONRPCMessage[] = [];
  const transport = new LineTransport(input, (line) => written.push(line));
  transport.onmessage = (message) => received.push(message);
  return { transport, written, received };
}

test("messages split across chunks and inside a multi-byte character are read whole; CRLF and blank lines are fine", async () => {
  const line = JSON.stringify({ jsonrpc: "2.0", method: "notifications/x", params: { text: "é€😀" } });
  const bytes = new TextEncoder().encode(`${line}\r\n\n${line}`);
  const cut = bytes.indexOf(0xf0) + 2; // inside the four bytes of 😀
  const { transport, received, written } = transportOf([bytes.slice(0, 5), bytes.slice(5, cut), bytes.slice(cut)]);
  await transport.start();
  await transport.finished;
  expect(received).toEqual([JSON.parse(line), JSON.parse(line)]);
  expect(written).toEqual([]);
});

test("a line that is not JSON, or not a JSON-RPC message, is answered with an error; the next line is read", async () => {
  const { transport, received, written } = transportOf(['{"oops"\n', '{"jsonrpc":"2.0","id":7,"params":{}}\n', '{"jsonrpc":"2.0","method":"ping","id":1}\n']);
  await transport.start();
  await Bun.sleep(10);
  expect(written.map((w) => JSON.parse(w).error?.code)).toEqual([-32700, -32600]);
  expect(JSON.parse(written[1]!).id).toBe(7);
  expect(received).toEqual([{ jsonrpc: "2.0", method: "ping", id: 1 }]);
});

test("the end of input waits for every request received to be answered", async () => {
  const { transport, received } = transportOf(['{"jsonrpc":"2.0","id":1,"method":"a"}\n{"jsonrpc":"2.0","id":"1","method":"b"}\n']);
  let finished = false;
  void transport.finished.then(() => {
    finished = true;
  });
  await transport.start();
  await Bun.sleep(10);
  expect(received).toHaveLength(2);
  await transport.send({ jsonrpc: "2.0", id: 1, result: {} });
  await Bun.sleep(10);
  expect(finished).toBe(false);
  await transport.send({ jsonrpc: "2.0", id: "1", result: {} });
  await Bun.sleep(10);
  expect(finished).toBe(true);
});

test("every string of an outgoing message is masked, keys included; the JSON stays valid", async () => {
  const value = `mcp-transport-value-${crypto.randomUUID()}`;
  redactor.register(value);
  const { transport, written } = transportOf([]);
  await transport.send({ jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: `a "${value}" b` }], [value]: 1 } } as JSONRPCMessage);
  expect(written).toHaveLength(1);
  expect(written[0]).not.toContain(value);
  expect(JSON.parse(written[0]!)).toEqual({ jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: 'a "****" b' }], "****": 1 } });
});

test("output that cannot be written ends the session", async () => {
  const input = new ReadableStream<Uint8Array>({ start() {} });
  const transport = new LineTransport(input, () => {
    throw new Error("EPIPE");
  });
  await transport.start();
  await transport.send({ jsonrpc: "2.0", id: 1, result: {} });
  await transport.finished;
});

test("a line longer than the limit is refused with an error and skipped up to its newline", async () => {
  const { transport, received, written } = transportOf(["x".repeat(MAX_LINE_BYTES), "x", 'still the long line"}\n', '{"jsonrpc":"2.0","method":"ping","id":2}\n']);
  await transport.start();
  await Bun.sleep(20);
  expect(written.map((w) => JSON.parse(w).error?.code)).toEqual([-32600]);
  expect(received).toEqual([{ jsonrpc: "2.0", method: "ping", id: 2 }]);
});
