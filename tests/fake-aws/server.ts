/**
 * A local AWS Secrets Manager that speaks the real awsJson1_1 wire protocol
 * on loopback, for end-to-end tests, the demo and the benchmark. One endpoint
 * serves every region: the region comes from the SigV4 credential scope.
 *
 * The handle returned by startFakeAws is how a test sets the scene: seed and
 * rotate secrets, inject faults, deny calls or set an IAM policy, set request
 * quotas, run code between two requests, and read the request record.
 */

import { randomUUID } from "node:crypto";
import { AwsError, errorBody, internalServiceError } from "./errors";
import type { Fault, FaultKind } from "./faults";
import { OPERATIONS } from "./operations";
import { type AllowRule, allowOnlyPolicy, IdentityPolicy, type PolicyDocument } from "./policy";
import { checkQuota } from "./quota";
import { inspectSecret, rotateSecret, seedSecret } from "./seeding";
import { type BeforeHook, FakeSecretsManager, type Outcome, replyWithError } from "./service";
import { peekCredentialScope } from "./sigv4-check";
import type { RotationConfig } from "./store";

export type { Fault, FaultKind } from "./faults";
export type { AllowRule, PolicyDocument, PolicyStatement } from "./policy";

export interface SeedSecret {
  name: string;
  /** Default "us-east-1". */
  region?: string;
  secretString?: string;
  secretBinary?: Uint8Array;
  /**
   * Staging label for the seeded version, AWSCURRENT by default. Seeding
   * AWSCURRENT demotes the previous current version to AWSPREVIOUS; any other
   * label (AWSPENDING, AWSPREVIOUS, custom) is moved onto the new version
   * and leaves AWSCURRENT where it is.
   */
  versionStage?: string;
  /** Several labels for the seeded version (instead of versionStage); [] seeds a deprecated version. */
  versionStages?: string[];
  /** The version's id, for tests that name it; a random UUID by default. */
  versionId?: string;
  description?: string;
  kmsKeyId?: string;
  /** Added to the secret's tags. */
  tags?: Record<string, string>;
  /** Rotation configuration DescribeSecret reports (RotationEnabled true unless enabled: false). */
  rotation?: Partial<RotationConfig>;
  /** Schedules the secret for deletion, recoveryWindowInDays (7..30, default 30) from now. */
  deleted?: boolean;
  recoveryWindowInDays?: number;
}

/** A secret as the fake holds it, values included: for assertions only. */
export interface SecretSnapshot {
  arn: string;
  name: string;
  region: string;
  description: string | undefined;
  kmsKeyId: string | undefined;
  tags: Record<string, string>;
  /** When a scheduled deletion takes effect. */
  deletionDate: Date | undefined;
  /** Oldest first; unlabelled (deprecated) versions included. */
  versions: { versionId: string; stages: string[]; value: string | Uint8Array; createdDate: Date }[];
  current: { versionId: string; stages: string[]; value: string | Uint8Array; createdDate: Date } | undefined;
}

export interface RecordedRequest {
  /** From X-Amz-Target without the `secretsmanager.` prefix ("" when absent). */
  operation: string;
  service: string;
  region: string;
  accessKeyId: string;
  sessionToken?: string;
  /** SecretId, SecretIdList or CreateSecret's Name, as sent. */
  secretIds: string[];
  /** HTTP status sent; 0 when the connection was dropped on purpose. */
  status: number;
  /** The `__type` of an error answer (ThrottlingException, AccessDeniedException, ...). */
  errorCode?: string;
  /** The injected fault that hit this request, if any. */
  fault?: FaultKind;
  /** Arrival time, ms since epoch. */
  at: number;
}

export interface FakeAws {
  url: string;
  port: number;
  seed(secret: SeedSecret): { arn: string; versionId: string };
  /**
   * Rotates a secret as a rotation function would: a new version takes
   * AWSCURRENT, the previous current version becomes AWSPREVIOUS. Returns the
   * new version id. Not a request: the request record does not show it.
   */
  rotate(secretId: string, newValue: string | Uint8Array, options?: { region?: string; versionId?: string }): string;
  /** The secret with its versions and values, or undefined; not a request. */
  inspect(secretId: string, options?: { region?: string }): SecretSnapshot | undefined;
  /** Live log of every request, oldest first. */
  requests: RecordedRequest[];
  clearRequests(): void;
  setLatency(ms: number): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Denies every call of the operation, or only those naming this secret (by any of its names). */
  deny(operation: string, secretId?: string): void;
  clearDenials(): void;
  /**
   * Evaluates every call against this IAM identity policy (see policy.ts for
   * what is modelled), including KMS permissions for customer-managed keys;
   * null allows everything again.
   */
  setPolicy(policy: PolicyDocument | null): void;
  /** setPolicy with one Allow statement per rule: `allowOnly([{ action: "GetSecretValue", resource: "arn:…:secret:app/*" }])`. */
  allowOnly(rules: AllowRule[]): void;
  /** Throttles the operation beyond `rps` requests per second (token bucket of `burst`, default rps). */
  setQuota(operation: string, rps: number, burst?: number): void;
  clearQuotas(): void;
  /**
   * Runs `fn` once, just before the fake carries out the next request of this
   * operation (after authentication, quota, faults and authorization); the
   * request waits for it. Hooks for one operation run in the order given.
   * A hook that throws fails that request with InternalServiceError.
   */
  onceBefore(operation: string, fn: (request: RecordedRequest) => void | Promise<void>): void;
  clearHooks(): void;
  /**
   * Disarms everything a test may have set (faults, denials, policy, quotas,
   * hooks, latency) and empties the request record; seeded secrets stay.
   */
  reset(): void;
  allowedCredentials(map: Record<string, string> | null): void;
  stop(): Promise<void>;
}

export interface FakeAwsOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  latencyMs?: number;
  /** Default 123456789012. */
  accountId?: string;
  /** Called once per request when its outcome is known (never sees secret values). */
  onRequest?: (request: RecordedRequest) => void;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: { cert: string; key: string };
}

const DEFAULT_ACCOUNT_ID = "123456789012";
const TARGET_PREFIX = "secretsmanager.";

function jsonResponse(status: number, body: unknown, requestId: string): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "x-amzn-RequestId": requestId,
    },
  });
}

/**
 * A body stream that fails before its first byte makes Bun reset the
 * connection without writing a status line: the client sees ECONNRESET, like
 * a load balancer dropping the request. Erroring with `undefined` keeps Bun
 * from printing a stack trace for it.
 */
function droppedConnection(): Response {
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error(undefined);
      },
    }),
  );
}

function checkLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Latency must be >= 0 ms, got ${ms}`);
  return ms;
}

/** A fault, denial, quota or hook for an operation the fake does not serve would never fire: a test that sets one is wrong. */
function checkImplemented(operation: string | undefined): void {
  if (operation !== undefined && !OPERATIONS.has(operation)) {
    throw new RangeError(`the fake Secrets Manager does not implement ${operation}; it supports ${[...OPERATIONS.keys()].join(", ")}`);
  }
}

class RecordingServer {
  readonly requests: RecordedRequest[] = [];

  constructor(
    readonly service: FakeSecretsManager,
    public latencyMs: number,
    private readonly onRequest: ((request: RecordedRequest) => void) | undefined,
  ) {}

  async handle(request: Request): Promise<Response> {
    const requestId = randomUUID();
    const scope = peekCredentialScope(request.headers);
    const target = request.headers.get("x-amz-target") ?? "";
    const record: RecordedRequest = {
      operation: target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target,
      service: scope.service,
      region: scope.region,
      accessKeyId: scope.accessKeyId,
      secretIds: [],
      status: 0,
      at: Date.now(),
    };
    const sessionToken = request.headers.get("x-amz-security-token");
    if (sessionToken !== null) record.sessionToken = sessionToken;

    let outcome: Outcome;
    try {
      outcome = await this.service.process(request, record);
    } catch (error) {
      // Anything unexpected is our bug; report it the way AWS reports its own.
      outcome = replyWithError(error instanceof AwsError ? error : internalServiceError());
    }
    record.status = outcome.kind === "drop" ? 0 : outcome.status;
    if (outcome.kind === "reply" && outcome.status >= 400) record.errorCode = String(outcome.body.__type);
    this.requests.push(record);
    this.onRequest?.(record);

    if (this.latencyMs > 0) await Bun.sleep(this.latencyMs);
    if (outcome.kind === "drop") return droppedConnection();
    return jsonResponse(outcome.status, outcome.body, requestId);
  }
}

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const fake = new FakeSecretsManager(options.accountId ?? DEFAULT_ACCOUNT_ID);
  const recorder = new RecordingServer(fake, checkLatency(options.latencyMs ?? 0), options.onRequest);
  const server = Bun.serve({
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    development: false,
    // With development: false Bun defaults to SO_REUSEPORT, so a second fake
    // (or a stale one) could share the port and answer half the requests.
    reusePort: false,
    // Injected latency may exceed Bun's 10 s default; the fake never idles out a client.
    idleTimeout: 0,
    ...(options.tls ? { tls: options.tls } : {}),
    fetch: (request) => recorder.handle(request),
    error: () => jsonResponse(500, errorBody(internalServiceError()), randomUUID()),
  });
  const port = server.port;
  if (port === undefined) throw new Error("Bun.serve did not report a port");

  return {
    url: server.url.origin,
    port,
    seed: (secret) => seedSecret(fake.store, secret),
    rotate: (secretId, newValue, rotateOptions) => rotateSecret(fake.store, secretId, newValue, rotateOptions),
    inspect: (secretId, inspectOptions) => inspectSecret(fake.store, secretId, inspectOptions),
    requests: recorder.requests,
    clearRequests: () => {
      recorder.requests.length = 0;
    },
    setLatency: (ms) => {
      recorder.latencyMs = checkLatency(ms);
    },
    inject: (fault) => {
      checkImplemented(fault.operation);
      fake.faults.inject(fault);
    },
    clearFaults: () => fake.faults.clear(),
    deny: (operation, secretId) => {
      checkImplemented(operation);
      fake.faults.deny(operation, secretId);
    },
    clearDenials: () => fake.faults.clearDenials(),
    setPolicy: (policy) => {
      fake.policy = policy === null ? null : new IdentityPolicy(policy);
    },
    allowOnly: (rules) => {
      fake.policy = new IdentityPolicy(allowOnlyPolicy(rules));
    },
    setQuota: (operation, rps, burst) => {
      checkImplemented(operation);
      fake.quotas.set(operation, checkQuota(operation, rps, burst));
    },
    clearQuotas: () => fake.quotas.clear(),
    onceBefore: (operation, fn: BeforeHook) => {
      checkImplemented(operation);
      fake.onceBefore(operation, fn);
    },
    clearHooks: () => fake.clearHooks(),
    reset: () => {
      fake.faults.clear();
      fake.faults.clearDenials();
      fake.policy = null;
      fake.quotas.clear();
      fake.clearHooks();
      recorder.latencyMs = 0;
      recorder.requests.length = 0;
    },
    allowedCredentials: (map) => {
      fake.credentials = map === null ? null : new Map(Object.entries(map));
    },
    stop: () => server.stop(true),
  };
}
