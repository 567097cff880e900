import { buildQueryString, type HttpHandler, type HttpRequest, HttpResponse } from "@smithy/core/protocols";
import type { HttpHandlerOptions } from "@smithy/types";
import { isLoopbackHost } from "../options/endpoint.ts";
import { notFromAws, RefusedAnswer } from "./errors.ts";

export interface HttpSettings {
  /** PEM text of the certificate authorities to trust instead of the system's (AWS_CA_BUNDLE, --ca-bundle). */
  caBundle?: string;
  /**
   * The time limit of the work the session does now: it aborts every request
   * of that work still in flight when reached. A getter, as a session that
   * lasts (--watch) gives each of its uses a time limit of its own.
   */
  deadline: () => AbortSignal;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The most body env-secrets reads from one answer, by operation (the
 * X-Amz-Target of the request). A secret value is at most 64 KiB; in JSON a
 * SecretString can grow to 6 times that (every byte a `\u00XX` escape, 384
 * KiB) and a SecretBinary's base64 to 4/3 of it; the other fields of an
 * answer (ARN, name, version, stages, dates) take a few KiB. A
 * BatchGetSecretValue page holds at most 20 secrets (env-secrets asks for 20
 * ids at a time). Every other answer (DescribeSecret; STS and SSO for the
 * credential chain) is a few KiB. docs/security.md has the reasoning.
 */
const RESPONSE_LIMITS = new Map([
  ["secretsmanager.GetSecretValue", 512 * KiB],
  ["secretsmanager.BatchGetSecretValue", 8 * MiB],
]);
const OTHER_RESPONSE_LIMIT = 1 * MiB;

function responseLimitFor(target: string | null): number {
  return (target === null ? undefined : RESPONSE_LIMITS.get(target)) ?? OTHER_RESPONSE_LIMIT;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The host (and port) a redirect points at, resolved against the request as a client would. */
function locationHost(location: string | null, requestUrl: string): string | undefined {
  if (location === null) return undefined;
  try {
    return new URL(location, requestUrl).host;
  } catch {
    return undefined;
  }
}

/**
 * AWS never redirects its API calls, and following one would re-send the
 * signed request (session token included) to whatever host the answer names,
 * over whatever scheme: the loopback-only rule for http:// would mean nothing.
 */
function refuseRedirect(response: Response, request: URL): RefusedAnswer {
  const host = locationHost(response.headers.get("location"), request.href);
  const to = host === undefined ? "without a usable Location" : `to ${host}`;
  return new RefusedAnswer(`HTTP ${response.status} redirect ${to} refused`, `the request was not sent on: ${notFromAws(request.origin)}`, response.status);
}

function sizeLabel(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`;
}

function tooLarge(limit: number, target: string | null, origin: string): RefusedAnswer {
  const operation = target === null ? "" : `${target.replace(/^[^.]*\./, "")} `;
  return new RefusedAnswer(`answer larger than ${sizeLabel(limit)}`, `reading stopped, as no ${operation}answer from AWS is that large: ${notFromAws(origin)}`);
}

/**
 * A read of the body failed (the connection broke, or the run's time limit
 * aborted it). The error is passed on as a plain one with the same name, code
 * and message, plus `$metadata`: the SDK retries on the code as before, but
 * does not try to add its "Deserialization error" advice to it, which for
 * Bun's read-only abort error ends up as a warning on the console.
 */
function readFailure(error: unknown): Error {
  const shape = (typeof error === "object" && error !== null ? error : {}) as { name?: string; code?: string; message?: string };
  const failure = Object.assign(new Error(shape.message ?? String(error), { cause: error }), { $metadata: {} });
  failure.name = shape.name ?? "Error";
  if (shape.code !== undefined) Object.assign(failure, { code: shape.code });
  return failure;
}

/**
 * The body of a response, read whole, up to `limit` bytes (as decoded: a
 * compressed body is counted after decompression). Reading beyond the limit
 * cancels the download and fails with a RefusedAnswer; nothing larger than
 * the limit is ever held. A failed read is passed on as `readFailure` says.
 */
async function readBounded(response: Response, limit: number, tooBig: () => RefusedAnswer): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array();
  // A declared length counts only when it is the decoded length too.
  const declared = response.headers.has("content-encoding") ? Number.NaN : Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) {
    void response.body.cancel().catch(() => {});
    throw tooBig();
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw readFailure(error);
    }
    if (chunk.done) break;
    received += chunk.value.byteLength;
    if (received > limit) {
      void reader.cancel().catch(() => {});
      throw tooBig();
    }
    chunks.push(chunk.value);
  }
  // The usual answer arrives in one chunk: no copy then.
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/**
 * The HTTP handler of every AWS client of a run: Secrets Manager, and the STS
 * and SSO clients the credential chain creates (they inherit it).
 *
 * It is the SDK's HttpHandler interface over Bun's fetch rather than the
 * SDK's default node:https handler, because Bun's fetch honours HTTPS_PROXY,
 * HTTP_PROXY and NO_PROXY by itself and takes the trusted CAs per request;
 * node:https under Bun does neither without a hand-written tunnelling agent.
 * It is not @smithy/fetch-http-handler either: that one builds a Request and a
 * Headers object per call and hands the SDK the body as a stream, which the
 * SDK then collects again; here the body is read once and handed over as
 * bytes (docs/benchmarks.md). Errors keep the shapes the SDK's retry rules
 * look at: fetch's own errors as they come, an abort as an AbortError.
 *
 * What comes back is distrusted: a redirect is refused, not followed, and the
 * body is read up to a bound (RESPONSE_LIMITS). The deadline aborts the read
 * of the body as well as the wait for the headers, so `--timeout` bounds the
 * whole fetch.
 */
export function createRequestHandler(settings: HttpSettings): BoundedFetchHandler {
  return new BoundedFetchHandler(settings);
}

export class BoundedFetchHandler implements HttpHandler {
  readonly #tls: { ca: string } | undefined;

  constructor(private readonly settings: HttpSettings) {
    this.#tls = settings.caBundle === undefined ? undefined : { ca: settings.caBundle };
  }

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    // The SDK passes a standard AbortSignal; its type also allows an older shape.
    const abortSignal = options.abortSignal as AbortSignal | undefined;
    if (abortSignal?.aborted) throw abortError(abortSignal);
    const deadline = this.settings.deadline();
    if (deadline.aborted) throw deadline.reason;
    const query = buildQueryString(request.query ?? {});
    const origin = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}`;
    const url = `${origin}${request.path}${query ? `?${query}` : ""}`;
    // One signal for fetch: the deadline (which bounds every request, the reading
    // of its body included) and the SDK's abort. No timer of the request's own:
    // no send of env-secrets passes options (client-speed.ts relies on that too).
    const stop = new AbortController();
    const onDeadline = () => stop.abort(deadline.reason);
    const onAbort = () => stop.abort(abortError(abortSignal));
    deadline.addEventListener("abort", onDeadline, { once: true });
    abortSignal?.addEventListener("abort", onAbort, { once: true });
    try {
      const body = request.method === "GET" || request.method === "HEAD" ? undefined : request.body;
      // A proxy cannot reach this machine's loopback, and plain-http traffic to a
      // local stand-in must never leave the machine: loopback is always direct.
      const direct = isLoopbackHost(request.hostname);
      const init = { method: request.method, headers: request.headers, body, signal: stop.signal, redirect: "manual", ...(this.#tls ? { tls: this.#tls } : {}), ...(direct ? { proxy: false } : {}) };
      let response: Response;
      try {
        response = await fetch(url, init as RequestInit);
      } catch (error) {
        throw stop.signal.aborted ? stop.signal.reason : error;
      }
      if (REDIRECTS.has(response.status)) {
        void response.body?.cancel().catch(() => {});
        throw refuseRedirect(response, new URL(url));
      }
      const target = headerValue(request.headers, "x-amz-target");
      const limit = responseLimitFor(target);
      const bytes = await readBounded(response, limit, () => tooLarge(limit, target, origin));
      const headers: Record<string, string> = {};
      for (const [name, value] of response.headers) headers[name] = value;
      return { response: new HttpResponse({ statusCode: response.status, reason: response.statusText, headers, body: bytes }) };
    } finally {
      deadline.removeEventListener("abort", onDeadline);
      abortSignal?.removeEventListener("abort", onAbort);
    }
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): object {
    return {};
  }

  destroy(): void {}
}

/** A request header by its lower-case name, whatever case the SDK gave it in. */
function headerValue(headers: Record<string, string>, name: string): string | null {
  if (name in headers) return headers[name] as string;
  const key = Object.keys(headers).find((key) => key.toLowerCase() === name);
  return key === undefined ? null : (headers[key] as string);
}

/** As the SDK's own handlers name an aborted request. */
function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  const error = new Error(reason instanceof Error || reason === undefined ? "Request aborted" : String(reason), reason instanceof Error ? { cause: reason } : undefined);
  error.name = "AbortError";
  return error;
}
