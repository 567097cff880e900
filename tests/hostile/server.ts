/**
 * A hostile Secrets Manager stand-in on loopback. Unlike the faithful fake in
 * tests/fake-aws, it checks nothing and answers whatever the test programs:
 * any status, headers and body; a redirect; a body that drips or never ends.
 * It records every request as it arrived (method, path, headers with the
 * session token, body), so a test can prove what reached it — or that
 * nothing did.
 */

export interface SeenRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** X-Amz-Target without the service prefix: "GetSecretValue", "BatchGetSecretValue", "" when absent. */
  operation: string;
  /** SecretId or SecretIdList of a JSON body, as sent. */
  secretIds: string[];
}

/** What the server sends back for one request. */
export type Answer =
  | { kind: "plain"; status: number; headers: Record<string, string>; body: string | Uint8Array }
  | { kind: "drip"; status: number; headers: Record<string, string>; prefix: string; chunk: string; everyMs: number }
  | { kind: "flood"; status: number; headers: Record<string, string>; prefix: string; totalBytes?: number };

export type Responder = (request: SeenRequest) => Answer | Promise<Answer>;

export interface HostileServer {
  url: string;
  requests: SeenRequest[];
  /** Bytes of body sent so far by drips and floods (prefixes included). */
  bodyBytesSent(): number;
  /** Drips and floods whose client has gone away (or that ended). */
  streamsClosed(): number;
  /** Sets how every following request is answered. */
  respond(responder: Responder): void;
  stop(): Promise<void>;
}

export interface HostileOptions {
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string; key: string };
}

const AWS_JSON = { "Content-Type": "application/x-amz-json-1.1" };
const FLOOD_CHUNK = new TextEncoder().encode("A".repeat(64 * 1024));

/** A JSON answer as Secrets Manager sends it. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Answer {
  return { kind: "plain", status, headers: { ...AWS_JSON, ...headers }, body: JSON.stringify(body) };
}

/** An answer with exactly this body text (an empty body, `null`, HTML, anything). */
export function raw(body: string, status = 200, headers: Record<string, string> = AWS_JSON): Answer {
  return { kind: "plain", status, headers, body };
}

/** An AWS error, coded in the body and the x-amzn-ErrorType header as AWS JSON services do. */
export function awsError(code: string, message: string, status = 400): Answer {
  return json({ __type: code, message }, status, { "x-amzn-ErrorType": code });
}

export function redirect(location: string, status = 307): Answer {
  return { kind: "plain", status, headers: { Location: location }, body: "" };
}

/** Headers at once, then `prefix`, then `chunk` every `everyMs` for as long as the client reads. */
export function drip(chunk: string, everyMs: number, prefix = '{"SecretString":"'): Answer {
  return { kind: "drip", status: 200, headers: AWS_JSON, prefix, chunk, everyMs };
}

/** A chunked body of `totalBytes` (after `prefix`), sent as fast as the client reads; endless without a size. */
export function flood(totalBytes?: number, prefix = '{"SecretString":"'): Answer {
  return { kind: "flood", status: 200, headers: AWS_JSON, prefix, totalBytes };
}

/** A GetSecretValue answer; `extra` overrides or adds fields (a wrong type, an echoed ARN). */
export function secretValue(name: string, secretString: unknown, extra: Record<string, unknown> = {}): Answer {
  return json(secretValueEntry(name, secretString, extra));
}

export function secretValueEntry(name: string, secretString: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`,
    Name: name,
    VersionId: "00000000-0000-4000-8000-000000000001",
    VersionStages: ["AWSCURRENT"],
    CreatedDate: 1700000000,
    SecretString: secretString,
    ...extra,
  };
}

function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return headers;
}

function secretIdsOf(body: string): string[] {
  try {
    const input = JSON.parse(body) as { SecretId?: unknown; SecretIdList?: unknown };
    if (typeof input.SecretId === "string") return [input.SecretId];
    if (Array.isArray(input.SecretIdList)) return input.SecretIdList.filter((id): id is string => typeof id === "string");
  } catch {
    // Not JSON (an STS query, say): no ids.
  }
  return [];
}

async function see(request: Request): Promise<SeenRequest> {
  const body = await request.text();
  const target = request.headers.get("x-amz-target") ?? "";
  return {
    method: request.method,
    path: new URL(request.url).pathname,
    headers: headersOf(request),
    body,
    operation: target.includes(".") ? target.slice(target.indexOf(".") + 1) : target,
    secretIds: secretIdsOf(body),
  };
}

export async function startHostileServer(options: HostileOptions = {}): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  let responder: Responder = () => raw("no answer programmed", 500, { "Content-Type": "text/plain" });
  let sent = 0;
  let closed = 0;
  const encoder = new TextEncoder();

  /** A body stream that counts what it hands out and notices when the client stops reading. */
  function counted(
    produce: (controller: ReadableStreamDefaultController<Uint8Array>, finish: () => void) => Promise<void> | void,
  ): ReadableStream<Uint8Array> {
    let done = false;
    const finish = () => {
      if (!done) closed++;
      done = true;
    };
    return new ReadableStream<Uint8Array>(
      {
        pull: (controller) => produce(controller, finish),
        cancel: finish,
      },
      { highWaterMark: 0 },
    );
  }

  function enqueue(controller: ReadableStreamDefaultController<Uint8Array>, bytes: Uint8Array): void {
    sent += bytes.byteLength;
    controller.enqueue(bytes);
  }

  function streamed(answer: Extract<Answer, { kind: "drip" | "flood" }>): Response {
    let prefixSent = false;
    let remaining = answer.kind === "flood" ? answer.totalBytes : undefined;
    const body = counted(async (controller, finish) => {
      if (!prefixSent) {
        prefixSent = true;
        enqueue(controller, encoder.encode(answer.prefix));
        return;
      }
      if (answer.kind === "drip") {
        await Bun.sleep(answer.everyMs);
        enqueue(controller, encoder.encode(answer.chunk));
        return;
      }
      if (remaining !== undefined && remaining <= 0) {
        finish();
        controller.close();
        return;
      }
      const size = remaining === undefined ? FLOOD_CHUNK.byteLength : Math.min(remaining, FLOOD_CHUNK.byteLength);
      if (remaining !== undefined) remaining -= size;
      enqueue(controller, FLOOD_CHUNK.subarray(0, size));
    });
    return new Response(body, { status: answer.status, headers: answer.headers });
  }

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    development: false,
    reusePort: false,
    idleTimeout: 0,
    ...(options.tls ? { tls: options.tls } : {}),
    async fetch(request) {
      const seen = await see(request);
      requests.push(seen);
      const answer = await responder(seen);
      if (answer.kind === "plain") return new Response(answer.body, { status: answer.status, headers: answer.headers });
      return streamed(answer);
    },
    error: () => new Response("hostile server error", { status: 500 }),
  });
  const origin = server.url.origin;
  return {
    url: origin,
    requests,
    bodyBytesSent: () => sent,
    streamsClosed: () => closed,
    respond(next) {
      responder = next;
    },
    stop: () => server.stop(true),
  };
}
