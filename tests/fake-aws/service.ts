/**
 * The request pipeline of the fake Secrets Manager, in the order AWS applies
 * its checks: authentication (SigV4), the operation, the request quota,
 * injected faults, authorization (denials and the identity policy), then the
 * operation itself. Every request ends up in the request record with its
 * status and error code.
 */

import { AwsError, accessDenied, kmsAccessDenied, throttled, unknownOperation } from "./errors";
import { type Fault, FaultPlan, faultError, isAppliedFault } from "./faults";
import { type JsonObject, parseJsonBody } from "./input";
import { isAccountWideOperation, type KmsAction, OPERATIONS, secretIdsOf } from "./operations";
import type { AuthorizationRequest, Decision, IdentityPolicy } from "./policy";
import { QuotaPlan } from "./quota";
import type { RecordedRequest } from "./server";
import { checkClockSkew, parseSigV4Headers, type SigV4Claims, verifySignature } from "./sigv4-check";
import { SecretStore } from "./store";

const TARGET_PREFIX = "secretsmanager.";

export type Outcome = { kind: "reply"; status: number; body: JsonObject } | { kind: "drop" };

export type BeforeHook = (request: RecordedRequest) => void | Promise<void>;

export function replyWithError(error: AwsError): Outcome {
  return { kind: "reply", status: error.status, body: { __type: error.code, Message: error.message } };
}

export class FakeSecretsManager {
  readonly store: SecretStore;
  readonly faults = new FaultPlan();
  readonly quotas = new QuotaPlan();
  credentials: Map<string, string> | null = null;
  policy: IdentityPolicy | null = null;
  private readonly beforeHooks = new Map<string, BeforeHook[]>();

  constructor(accountId: string) {
    this.store = new SecretStore(accountId);
  }

  onceBefore(operation: string, hook: BeforeHook): void {
    const hooks = this.beforeHooks.get(operation) ?? [];
    hooks.push(hook);
    this.beforeHooks.set(operation, hooks);
  }

  clearHooks(): void {
    this.beforeHooks.clear();
  }

  async process(request: Request, record: RecordedRequest): Promise<Outcome> {
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
    if (!this.quotas.take(region, operation)) throw throttled();

    const principalArn = this.principalArn(claims);
    const secretId = record.secretIds[0] ?? "";
    const resourceArn = isAccountWideOperation(operation) ? undefined : this.resourceArn(region, secretId);
    const fault = this.faults.takeForCall({ operation, secretAliases: this.aliasesOf(region, record.secretIds) });
    if (fault) record.fault = fault.kind;
    if (fault?.kind === "drop") return { kind: "drop" };
    if (fault && !isAppliedFault(fault.kind)) throw faultError(fault, operation, { principalArn, resourceArn });

    this.authorize(operation, input, { region, principalArn, secretId, resourceArn });

    const hook = this.beforeHooks.get(operation)?.shift();
    if (hook) await hook(record);

    const output = handler(
      {
        store: this.store,
        region,
        nowMs: Date.now(),
        batchMemberError: (memberId) => this.batchMemberError(region, principalArn, memberId),
        checkKms: (kmsKeyId, actions) => this.checkKms(region, kmsKeyId, actions),
      },
      input,
    );
    return this.spoiled(fault, operation, { principalArn, resourceArn }) ?? { kind: "reply", status: 200, body: output };
  }

  /** The answer an applied-then-* fault puts in place of the real one, after the operation took effect. */
  private spoiled(
    fault: Fault | undefined,
    operation: string,
    denial: { principalArn: string; resourceArn: string | undefined },
  ): Outcome | undefined {
    if (fault?.kind === "applied-then-drop") return { kind: "drop" };
    if (fault?.kind === "applied-then-5xx") return replyWithError(faultError(fault, operation, denial));
    return undefined;
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

  /**
   * Test denials first, then the identity policy when one is set. CreateSecret
   * with tags also needs TagResource, as AWS documents.
   */
  private authorize(
    operation: string,
    input: JsonObject,
    call: { region: string; principalArn: string; secretId: string; resourceArn: string | undefined },
  ): void {
    const aliases = this.aliasesOf(call.region, call.secretId === "" ? [] : [call.secretId]);
    const actions = [operation];
    if (operation === "CreateSecret" && Array.isArray(input.Tags) && input.Tags.length > 0) {
      actions.push("TagResource");
    }
    for (const action of actions) {
      const denial = this.denial(action, call.region, call.secretId, aliases, operation);
      if (denial !== "allow") {
        throw accessDenied(call.principalArn, `secretsmanager:${action}`, call.resourceArn, denial === "explicit-deny");
      }
    }
  }

  /** A test's deny() reads like IAM's implicit deny; the policy tells implicit from explicit. */
  private denial(action: string, region: string, secretId: string, aliases: ReadonlySet<string>, operation: string) {
    if (this.faults.isDenied(action, aliases)) return "implicit-deny" as const;
    return this.decide(action, region, secretId, operation);
  }

  private decide(action: string, region: string, secretId: string, operation: string): Decision {
    if (this.policy === null) return "allow";
    const resource = isAccountWideOperation(operation) ? "*" : this.policyResource(region, secretId);
    return this.policy.evaluate(this.authorizationRequest(`secretsmanager:${action}`, resource, region));
  }

  private authorizationRequest(action: string, resource: string, region: string): AuthorizationRequest {
    const context: Record<string, string> = { "aws:RequestedRegion": region };
    if (action.startsWith("kms:")) context["kms:ViaService"] = `secretsmanager.${region}.amazonaws.com`;
    return { action, resource, context };
  }

  /** A customer-managed key needs the caller's own KMS permissions; the AWS managed key does not. */
  private checkKms(region: string, kmsKeyId: string | undefined, actions: readonly KmsAction[]): void {
    if (this.policy === null || kmsKeyId === undefined) return;
    const keyArn = this.kmsKeyArn(region, kmsKeyId);
    for (const action of actions) {
      if (this.policy.evaluate(this.authorizationRequest(action, keyArn, region)) !== "allow") {
        throw kmsAccessDenied();
      }
    }
  }

  /** The fake cannot resolve aliases: a key named by alias is matched as the alias ARN. */
  private kmsKeyArn(region: string, kmsKeyId: string): string {
    if (kmsKeyId.startsWith("arn:")) return kmsKeyId;
    const accountId = this.store.accountId;
    if (kmsKeyId.startsWith("alias/")) return `arn:aws:kms:${region}:${accountId}:${kmsKeyId}`;
    return `arn:aws:kms:${region}:${accountId}:key/${kmsKeyId}`;
  }

  /** BatchGetSecretValue reads each secret as a GetSecretValue would, with its own permission. */
  private batchMemberError(region: string, principalArn: string, secretId: string): AwsError | undefined {
    const resourceArn = this.resourceArn(region, secretId);
    const aliases = this.aliasesOf(region, [secretId]);
    const fault = this.faults.takeForBatchMember(aliases);
    if (fault) return faultError(fault, "GetSecretValue", { principalArn, resourceArn });
    const denial = this.denial("GetSecretValue", region, secretId, aliases, "GetSecretValue");
    if (denial === "allow") return undefined;
    return accessDenied(principalArn, "secretsmanager:GetSecretValue", resourceArn, denial === "explicit-deny");
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

  /** The ARN named in denial messages: the secret's own, or what the caller asked for. */
  private resourceArn(region: string, secretId: string): string {
    const secret = this.store.find(region, secretId);
    if (secret) return secret.arn;
    if (secretId.startsWith("arn:")) return secretId;
    return this.store.partialArn(region, secretId);
  }

  /**
   * The ARN a policy is matched against. A secret that does not exist yet
   * (CreateSecret) will get a random six-character suffix, so a name is
   * matched as `<name>-??????`: `secret:app/*` and `secret:app/db-??????`
   * match it, `secret:app/db` does not, as on AWS.
   */
  private policyResource(region: string, secretId: string): string {
    const secret = this.store.find(region, secretId);
    if (secret) return secret.arn;
    if (secretId.startsWith("arn:")) return secretId;
    return `${this.store.partialArn(region, secretId)}-??????`;
  }

  private principalArn(claims: SigV4Claims): string {
    const accountId = this.store.accountId;
    if (claims.sessionToken !== undefined) {
      return `arn:aws:sts::${accountId}:assumed-role/fake-role/${claims.accessKeyId}`;
    }
    return `arn:aws:iam::${accountId}:user/${claims.accessKeyId}`;
  }
}
