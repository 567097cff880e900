/**
 * Injected failures and simulated IAM denials. Tests arm them on the fake;
 * the request pipeline asks here whether the current call (or, inside a
 * batch, one secret of it) should fail instead of being served.
 */

import {
  AwsError,
  accessDenied,
  decryptionFailure,
  internalServiceError,
  invalidRequest,
  limitExceeded,
  throttled,
} from "./errors";

export type FaultKind =
  | "throttle"
  | "internal"
  | "drop"
  | "access-denied"
  | "decryption-failure"
  | "invalid-request"
  | "limit-exceeded"
  | "error"
  /** The request is carried out, then answered with InternalServiceError (500): a retry must not apply it twice. */
  | "applied-then-5xx"
  /** The request is carried out, then the connection is closed without an answer. */
  | "applied-then-drop";

/** Kinds that let the request take effect and only spoil the answer. */
export function isAppliedFault(kind: FaultKind): kind is "applied-then-5xx" | "applied-then-drop" {
  return kind === "applied-then-5xx" || kind === "applied-then-drop";
}

export type Fault = {
  kind: FaultKind;
  /** Operation name without the `secretsmanager.` prefix, e.g. "GetSecretValue". */
  operation?: string;
  /** Name or ARN of a secret; matches whichever form the request used for the same secret. */
  secretId?: string;
  /** How many matching requests fail; forever when omitted. */
  times?: number;
  /** For kind "error": the `__type` to send. */
  code?: string;
  /** Overrides the default message (kind "error": the message to send). */
  message?: string;
  /** For kind "error": HTTP status, 400 unless given. */
  status?: number;
};

/** Kinds that are about one secret, so inside BatchGetSecretValue they land in `Errors`. */
const PER_SECRET_KINDS: ReadonlySet<FaultKind> = new Set([
  "access-denied",
  "decryption-failure",
  "invalid-request",
  "error",
]);

export interface FaultTarget {
  operation: string;
  /** Every way the request refers to a secret: the ids as sent plus resolved names and ARNs. */
  secretAliases: ReadonlySet<string>;
}

/** Who is calling and on what, so access-denied messages can name them like IAM does. */
export interface DenialContext {
  principalArn: string;
  /** ARN of the secret the call is about; undefined for account-wide calls (BatchGetSecretValue). */
  resourceArn: string | undefined;
}

interface ArmedFault {
  fault: Fault;
  remaining: number;
}

export function faultError(fault: Fault, operation: string, denial: DenialContext): AwsError {
  switch (fault.kind) {
    case "throttle":
      return fault.message === undefined ? throttled() : new AwsError("ThrottlingException", fault.message);
    case "internal":
      return internalServiceError(fault.message);
    case "decryption-failure":
      return decryptionFailure(fault.message);
    case "invalid-request":
      return invalidRequest(fault.message);
    case "limit-exceeded":
      return limitExceeded(fault.message);
    case "access-denied": {
      const denied = accessDenied(denial.principalArn, `secretsmanager:${operation}`, denial.resourceArn);
      return fault.message === undefined ? denied : new AwsError(denied.code, fault.message);
    }
    case "error":
      return new AwsError(
        fault.code ?? "InternalServiceError",
        fault.message ?? "Injected error",
        fault.status ?? 400,
      );
    case "applied-then-5xx":
      return internalServiceError(fault.message);
    case "drop":
    case "applied-then-drop":
      // A drop has no error body; callers handle it before asking for one.
      return internalServiceError();
  }
}

interface Denial {
  operation: string;
  secretId: string | undefined;
}

export class FaultPlan {
  private armed: ArmedFault[] = [];
  private denials: Denial[] = [];

  inject(fault: Fault): void {
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
      throw new RangeError(`Fault times must be a positive integer, got ${fault.times}`);
    }
    this.armed.push({ fault: { ...fault }, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.armed = [];
  }

  /** Denies every call of the operation, or only those about one secret (any spelling of it). */
  deny(operation: string, secretId?: string): void {
    this.denials.push({ operation, secretId });
  }

  clearDenials(): void {
    this.denials = [];
  }

  isDenied(operation: string, secretAliases: ReadonlySet<string> = new Set()): boolean {
    return this.denials.some(
      (denial) =>
        denial.operation === operation && (denial.secretId === undefined || secretAliases.has(denial.secretId)),
    );
  }

  /**
   * The fault that fails the whole call, if any. Per-secret faults aimed at a
   * secret inside BatchGetSecretValue are left for {@link takeForBatchMember}.
   */
  takeForCall(target: FaultTarget): Fault | undefined {
    return this.take((fault) => {
      if (fault.operation !== undefined && fault.operation !== target.operation) return false;
      if (fault.secretId === undefined) return true;
      if (target.operation === "BatchGetSecretValue" && PER_SECRET_KINDS.has(fault.kind)) return false;
      return target.secretAliases.has(fault.secretId);
    });
  }

  /**
   * The fault for one secret read inside BatchGetSecretValue. AWS performs a
   * GetSecretValue per secret there, so faults aimed at either operation apply.
   */
  takeForBatchMember(secretAliases: ReadonlySet<string>): Fault | undefined {
    return this.take(
      (fault) =>
        PER_SECRET_KINDS.has(fault.kind) &&
        fault.secretId !== undefined &&
        (fault.operation === undefined ||
          fault.operation === "BatchGetSecretValue" ||
          fault.operation === "GetSecretValue") &&
        secretAliases.has(fault.secretId),
    );
  }

  private take(matches: (fault: Fault) => boolean): Fault | undefined {
    const index = this.armed.findIndex((armed) => matches(armed.fault));
    const armed = this.armed[index];
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed.splice(index, 1);
    return armed.fault;
  }
}
