/**
 * A local AWS Secrets Manager that speaks the real awsJson1_1 wire protocol
 * on loopback, for end-to-end tests, the demo and the benchmark. One endpoint
 * serves every region: the region comes from the SigV4 credential scope.
 */

import { randomUUID } from "node:crypto";
import {
  AwsError,
  accessDenied,
  errorBody,
  internalServiceError,
  unknownOperation,
} from "./errors";
import { type Fault, FaultPlan, faultError } from "./faults";
import { type JsonObject, parseJsonBody } from "./input";
import { isAccountWideOperation, OPERATIONS, secretIdsOf } from "./operations";
import { checkClockSkew, parseSigV4Headers, peekCredentialScope, type SigV4Claims, verifySignature } from "./sigv4-check";
import { AWSCURRENT, SecretStore, type SecretValue } from "./store";

export type { Fault, FaultKind } from "./faults";

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
  description?: string;
  kmsKeyId?: string;
}

export interface RecordedRequest {
  /** From X-Amz-Target without the `secretsmanager.` prefix ("" when absent). */
  operation: string;
  service: string;
  region: string;
  accessKeyId: string;
  sessionToken?: string;
  /** SecretId or SecretIdList, as sent. */
  secretIds: string[];
  /** HTTP status sent; 0 when the connection was dropped on purpose. */
  status: number;
  /** Arrival time, ms since epoch. */
  at: number;
}

export interface FakeAws {
  url: string;
  port: number;
  seed(secret: SeedSecret): { arn: string; versionId: string };
  /** Live log of every request, oldest first. */
  requests: RecordedRequest[];
  clearRequests(): void;
  setLatency(ms: number): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  deny(operation: string): void;
  clearDenials(): void;
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

const DEFAULT_REGION = "us-east-1";
const DEFAULT_ACCOUNT_ID = "123456789012";
const TARGET_PREFIX = "secretsmanager.";

type Outcome = { kind: "reply"; status: number; body: JsonObject } | { kind: "drop" };

function replyWithError(error: AwsError): Outcome {
  return { kind: "reply", status: error.status, body: errorBody(error) };
}

function jsonResponse(status: number, body: JsonObject, requestId: string): Response {
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

function seedValue(secret: SeedSecret): SecretValue {
  const hasString = secret.secretString !== undefined;
  const hasBinary = secret.secretBinary !== undefined;
  if (hasString === hasBinary) {
    throw new TypeError(`seed(${secret.name}): give exactly one of secretString or secretBinary`);
  }
  if (secret.secretString !== undefined) return { secretString: secret.secretString };
  return { secretBinary: new Uint8Array(secret.secretBinary ?? []) };
}

class FakeSecretsManager {
  readonly store: SecretStore;
  readonly faults = new FaultPlan();
  readonly requests: RecordedRequest[] = [];
  latencyMs: number;
  credentials: Map<string, string> | null = null;
  private readonly onRequest: ((request: RecordedRequest) => void) | undefined;

  constructor(accountId: string, latencyMs: number, onRequest?: (request: RecordedRequest) => void) {
    this.store = new SecretStore(accountId);
    this.latencyMs = latencyMs;
    this.onRequest = onRequest;
  }

  seed(secret: SeedSecret): { arn: string; versionId: string } {
    const region = secret.region ?? DEFAULT_REGION;
    const value = seedValue(secret);
    const stored =
      this.store.find(region, secret.name) ??
      this.store.create(region, {
        name: secret.name,
        description: secret.description,
        kmsKeyId: secret.kmsKeyId,
      });
    if (secret.description !== undefined) stored.description = secret.description;
    if (secret.kmsKeyId !== undefined) stored.kmsKeyId = secret.kmsKeyId;
    const version = this.store.addVersion(stored, value, {
      stages: [secret.versionStage ?? AWSCURRENT],
    });
    return { arn: stored.arn, versionId: version.versionId };
  }

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
      outcome = await this.process(request, record);
    } catch (error) {
      // Anything unexpected is our bug; report it the way AWS reports its own.
      outcome = replyWithError(error instanceof AwsError ? error : internalServiceError());
    }
    record.status = outcome.kind === "drop" ? 0 : outcome.status;
    this.requests.push(record);
    this.onRequest?.(record);

    if (this.latencyMs > 0) await Bun.sleep(this.latencyMs);
    if (outcome.kind === "drop") return droppedConnection();
    return jsonResponse(outcome.status, outcome.body, requestId);
  }

  private async process(request: Request, record: RecordedRequest): Promise<Outcome> {
    const body = new Uint8Array(await request.arrayBuffer());
    // Parsed once, up front: which secrets a request named is recorded even when
    // it is rejected before its body counts (a bad signature, say).
    let input: JsonObject | undefined;
    let malformed: unknown;
    try {
      input = parseJsonBody(body);
    } catch (error) {
      malformed = error;
    }
    record.secretIds = secretIdsOf(input ?? {});
    const claims = parseSigV4Headers(request.headers);
    await this.authenticate(request, body, claims);

    const target = request.headers.get("x-amz-target");
    if (request.method !== "POST" || target === null || !target.startsWith(TARGET_PREFIX)) {
      throw unknownOperation(
        `Expected a POST with X-Amz-Target: secretsmanager.<Operation>, got ${request.method} with X-Amz-Target: ${target ?? "(none)"}`,
      );
    }
    const operation = target.slice(TARGET_PREFIX.length);
    const handler = OPERATIONS.get(operation);
    if (!handler) {
      throw unknownOperation(
        `The fake Secrets Manager does not implement ${operation}; it supports ${[...OPERATIONS.keys()].join(", ")}.`,
      );
    }

    if (input === undefined) throw malformed;
    const region = claims.region;
    const principalArn = this.principalArn(claims);
    const resourceArn = isAccountWideOperation(operation)
      ? undefined
      : this.resourceArn(region, record.secretIds[0] ?? "");

    const fault = this.faults.takeForCall({
      operation,
      secretAliases: this.aliasesOf(region, record.secretIds),
    });
    if (fault?.kind === "drop") return { kind: "drop" };
    if (fault) throw faultError(fault, operation, { principalArn, resourceArn });
    if (this.faults.isDenied(operation)) {
      throw accessDenied(principalArn, `secretsmanager:${operation}`, resourceArn);
    }

    const output = handler(
      {
        store: this.store,
        region,
        nowMs: Date.now(),
        batchMemberError: (secretId) => this.batchMemberError(region, principalArn, secretId),
      },
      input,
    );
    return { kind: "reply", status: 200, body: output };
  }

  private async authenticate(request: Request, body: Uint8Array, claims: SigV4Claims): Promise<void> {
    if (this.credentials === null) return;
    const secretAccessKey = this.credentials.get(claims.accessKeyId);
    if (secretAccessKey === undefined) {
      throw new AwsError(
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    }
    checkClockSkew(claims);
    await verifySignature(
      { method: request.method, url: new URL(request.url), headers: request.headers, body },
      claims,
      secretAccessKey,
    );
  }

  /** BatchGetSecretValue reads each secret as a GetSecretValue would, with its own permission. */
  private batchMemberError(region: string, principalArn: string, secretId: string): AwsError | undefined {
    const resourceArn = this.resourceArn(region, secretId);
    const fault = this.faults.takeForBatchMember(this.aliasesOf(region, [secretId]));
    if (fault) return faultError(fault, "GetSecretValue", { principalArn, resourceArn });
    if (this.faults.isDenied("GetSecretValue")) {
      return accessDenied(principalArn, "secretsmanager:GetSecretValue", resourceArn);
    }
    return undefined;
  }

  /** Every spelling of the secrets a request names, so a fault armed by name also hits ARN lookups. */
  private aliasesOf(region: string, secretIds: string[]): Set<string> {
    const aliases = new Set<string>();
    for (const secretId of secretIds) {
      aliases.add(secretId);
      const secret = this.store.find(region, secretId);
      if (secret) {
        aliases.add(secret.name);
        aliases.add(secret.arn);
        aliases.add(this.store.partialArn(secret.region, secret.name));
      }
    }
    return aliases;
  }

  private resourceArn(region: string, secretId: string): string {
    const secret = this.store.find(region, secretId);
    if (secret) return secret.arn;
    if (secretId.startsWith("arn:")) return secretId;
    return this.store.partialArn(region, secretId);
  }

  private principalArn(claims: SigV4Claims): string {
    const accountId = this.store.accountId;
    if (claims.sessionToken !== undefined) {
      return `arn:aws:sts::${accountId}:assumed-role/fake-role/${claims.accessKeyId}`;
    }
    return `arn:aws:iam::${accountId}:user/${claims.accessKeyId}`;
  }
}

function checkLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Latency must be >= 0 ms, got ${ms}`);
  return ms;
}

/** A fault or denial for an operation the fake does not serve would never fire: a test that sets one is wrong. */
function checkImplemented(operation: string | undefined): void {
  if (operation !== undefined && !OPERATIONS.has(operation)) {
    throw new RangeError(`the fake Secrets Manager does not implement ${operation}; it supports ${[...OPERATIONS.keys()].join(", ")}`);
  }
}

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const fake = new FakeSecretsManager(
    options.accountId ?? DEFAULT_ACCOUNT_ID,
    checkLatency(options.latencyMs ?? 0),
    options.onRequest,
  );
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
    fetch: (request) => fake.handle(request),
    error: () => jsonResponse(500, errorBody(internalServiceError()), randomUUID()),
  });
  const port = server.port;
  if (port === undefined) throw new Error("Bun.serve did not report a port");

  return {
    url: server.url.origin,
    port,
    seed: (secret) => fake.seed(secret),
    requests: fake.requests,
    clearRequests: () => {
      fake.requests.length = 0;
    },
    setLatency: (ms) => {
      fake.latencyMs = checkLatency(ms);
    },
    inject: (fault) => {
      checkImplemented(fault.operation);
      fake.faults.inject(fault);
    },
    clearFaults: () => fake.faults.clear(),
    deny: (operation) => {
      checkImplemented(operation);
      fake.faults.deny(operation);
    },
    clearDenials: () => fake.faults.clearDenials(),
    allowedCredentials: (map) => {
      fake.credentials = map === null ? null : new Map(Object.entries(map));
    },
    stop: () => server.stop(true),
  };
}
