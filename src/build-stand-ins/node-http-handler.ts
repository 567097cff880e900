/**
 * Stands in for `@smithy/node-http-handler` in the compiled binary (scripts/build.ts
 * aliases it here). Every AWS client of env-secrets gets the fetch-based handler
 * from src/aws/sdk/http.ts, so that module and Node's http, https and http2 modules —
 * about 3.5 ms of every run under Bun (docs/benchmarks.md) — are needed only where the SDK builds its own
 * handler (the container credentials provider does); then the real module is
 * loaded on the spot.
 */
import type * as NodeHttpHandlerModule from "@smithy/node-http-handler";

export { streamCollector } from "@smithy/core/serde";
export const DEFAULT_REQUEST_TIMEOUT = 0;

function load(): typeof NodeHttpHandlerModule {
  return require("@smithy/node-http-handler");
}

function isHandler(value: unknown): boolean {
  return typeof (value as { handle?: unknown } | undefined)?.handle === "function";
}

export const NodeHttpHandler = {
  create(instanceOrOptions?: unknown) {
    return isHandler(instanceOrOptions) ? instanceOrOptions : load().NodeHttpHandler.create(instanceOrOptions as never);
  },
};

export const NodeHttp2Handler = {
  create(instanceOrOptions?: unknown) {
    return isHandler(instanceOrOptions) ? instanceOrOptions : load().NodeHttp2Handler.create(instanceOrOptions as never);
  },
};
