import { FetchHttpHandler } from "@smithy/fetch-http-handler";
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
  /** Upper bound for one HTTP request, retries not included. */
  requestTimeoutMs: number;
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
 * The response with its body cut off at `limit` bytes (as decoded: a
 * compressed body is counted after decompression). Reading beyond the limit
 * cancels the download and fails the read with a RefusedAnswer; nothing
 * larger than the limit is ever held.
 */
function limitBody(response: Response, limit: number, tooBig: () => RefusedAnswer): Response {
  if (response.body === null) return response;
  // A declared length counts only when it is the decoded length too.
  const declared = response.headers.has("content-encoding") ? Number.NaN : Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) {
    void response.body.cancel().catch(() => {});
    throw tooBig();
  }
  const reader = response.body.getReader();
  let received = 0;
  const limited = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        controller.error(readFailure(error));
        return;
      }
      if (chunk.done) {
        controller.close();
        return;
      }
      received += chunk.value.byteLength;
      if (received > limit) {
        controller.error(tooBig());
        void reader.cancel().catch(() => {});
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(limited, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * The HTTP handler of every AWS client of a run: Secrets Manager, and the STS
 * and SSO clients the credential chain creates (they inherit it).
 *
 * It is the SDK's fetch handler on Bun's fetch rather than the SDK's default
 * node:https handler, because Bun's fetch honours HTTPS_PROXY, HTTP_PROXY and
 * NO_PROXY by itself and takes the trusted CAs per request; node:https under
 * Bun does neither without a hand-written tunnelling agent.
 *
 * What comes back is distrusted: a redirect is refused, not followed, and the
 * body is read up to a bound (RESPONSE_LIMITS). The deadline aborts the read
 * of the body as well as the wait for the headers, so `--timeout` bounds the
 * whole fetch.
 */
export function createRequestHandler(settings: HttpSettings): FetchHttpHandler {
  const tls = settings.caBundle === undefined ? undefined : { ca: settings.caBundle };
  const bunFetch = async (request: Request): Promise<Response> => {
    const signal = AbortSignal.any([request.signal, settings.deadline()]);
    const url = new URL(request.url);
    // A proxy cannot reach this machine's loopback, and plain-http traffic to a
    // local stand-in must never leave the machine: loopback is always direct.
    const direct = isLoopbackHost(url.hostname);
    const init = { signal, redirect: "manual", ...(tls ? { tls } : {}), ...(direct ? { proxy: false } : {}) };
    const response = await fetch(request, init as RequestInit);
    if (REDIRECTS.has(response.status)) {
      void response.body?.cancel().catch(() => {});
      throw refuseRedirect(response, url);
    }
    const target = request.headers.get("x-amz-target");
    const limit = responseLimitFor(target);
    return limitBody(response, limit, () => tooLarge(limit, target, url.origin));
  };
  return new FetchHttpHandler({ requestTimeout: settings.requestTimeoutMs, customFetch: bunFetch as typeof fetch });
}
