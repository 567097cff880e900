import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import { isLoopbackHost } from "../options/endpoint.ts";

export interface HttpSettings {
  /** PEM text of the certificate authorities to trust instead of the system's (AWS_CA_BUNDLE, --ca-bundle). */
  caBundle?: string;
  /** Aborts every request still in flight when the run's time limit is reached. */
  deadline: AbortSignal;
  /** Upper bound for one HTTP request, retries not included. */
  requestTimeoutMs: number;
}

/**
 * The HTTP handler of every AWS client of a run: Secrets Manager, and the STS
 * and SSO clients the credential chain creates (they inherit it).
 *
 * It is the SDK's fetch handler on Bun's fetch rather than the SDK's default
 * node:https handler, because Bun's fetch honours HTTPS_PROXY, HTTP_PROXY and
 * NO_PROXY by itself and takes the trusted CAs per request; node:https under
 * Bun does neither without a hand-written tunnelling agent.
 */
export function createRequestHandler(settings: HttpSettings): FetchHttpHandler {
  const tls = settings.caBundle === undefined ? undefined : { ca: settings.caBundle };
  const bunFetch = (request: Request): Promise<Response> => {
    const signal = AbortSignal.any([request.signal, settings.deadline]);
    // A proxy cannot reach this machine's loopback, and plain-http traffic to a
    // local stand-in must never leave the machine: loopback is always direct.
    const direct = isLoopbackHost(new URL(request.url).hostname);
    return fetch(request, { signal, ...(tls ? { tls } : {}), ...(direct ? { proxy: false } : {}) } as RequestInit);
  };
  return new FetchHttpHandler({ requestTimeout: settings.requestTimeoutMs, customFetch: bunFetch as typeof fetch });
}
