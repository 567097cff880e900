import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  type DescribeSecretResponse,
  type Filter,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  type SecretListEntry,
  TagResourceCommand,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { log, redactor } from "../log/logger.ts";
import { conflictError, errorCode, type ManageOperation, manageError } from "./aws-errors.ts";
import type { SecretsManagerPort } from "./port.ts";
import { registerSecretText } from "./register.ts";

/**
 * The Secrets Manager calls of the secret commands. Every write carries a
 * ClientRequestToken made once per command, so the SDK's retry of a request
 * that AWS applied but whose answer was lost is recognised by AWS as the same
 * request: never a second version. Every value read is registered with the
 * redactor before it is returned.
 */
export interface Tag {
  Key: string;
  Value: string;
}

export interface Written {
  arn: string;
  name: string;
  /** Absent when only metadata changed. */
  versionId?: string;
}

export interface CurrentValue {
  arn: string;
  name: string;
  versionId: string;
  secretString?: string;
  /** Raw bytes of a binary secret. */
  secretBinary?: Uint8Array;
}

/** Options of CreateSecret other than the value. */
export interface CreateOptions {
  description?: string;
  kmsKeyId?: string;
  tags?: Tag[];
}

export class SecretsApi {
  constructor(
    private readonly port: SecretsManagerPort,
    private readonly endpoint?: string,
  ) {}

  get region(): string {
    return this.port.region;
  }

  async create(name: string, secretString: string, options: CreateOptions = {}): Promise<Written> {
    registerSecretText(secretString);
    const out = await this.call(name, "CreateSecret", () =>
      this.port.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: secretString,
          ClientRequestToken: crypto.randomUUID(),
          ...(options.description !== undefined ? { Description: options.description } : {}),
          ...(options.kmsKeyId !== undefined ? { KmsKeyId: options.kmsKeyId } : {}),
          ...(options.tags?.length ? { Tags: options.tags } : {}),
        }),
      ),
    );
    return { arn: out.ARN ?? "", name: out.Name ?? name, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
  }

  /** `update`: a new value and/or description and key, in one call; a blind write by design (it replaces the value). */
  async update(name: string, change: { secretString?: string; description?: string; kmsKeyId?: string }): Promise<Written> {
    if (change.secretString !== undefined) registerSecretText(change.secretString);
    const out = await this.call(name, "UpdateSecret", () =>
      this.port.send(
        new UpdateSecretCommand({
          SecretId: name,
          ...(change.secretString !== undefined ? { SecretString: change.secretString, ClientRequestToken: crypto.randomUUID() } : {}),
          ...(change.description !== undefined ? { Description: change.description } : {}),
          ...(change.kmsKeyId !== undefined ? { KmsKeyId: change.kmsKeyId } : {}),
        }),
      ),
    );
    return { arn: out.ARN ?? "", name: out.Name ?? name, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
  }

  /** The AWSCURRENT value, or undefined when the secret does not exist. Any other failure is an error. */
  async readCurrent(name: string): Promise<CurrentValue | undefined> {
    try {
      const out = await this.port.send(new GetSecretValueCommand({ SecretId: name }));
      if (out.SecretString !== undefined) registerSecretText(out.SecretString);
      if (out.SecretBinary !== undefined) redactor.register(Buffer.from(out.SecretBinary).toString("base64"));
      log.debug(`${name}: read version ${out.VersionId} (${out.ARN})`);
      return {
        arn: out.ARN ?? "",
        name: out.Name ?? name,
        versionId: out.VersionId ?? "",
        ...(out.SecretString !== undefined ? { secretString: out.SecretString } : {}),
        ...(out.SecretBinary !== undefined ? { secretBinary: out.SecretBinary } : {}),
      };
    } catch (error) {
      if (errorCode(error) === "ResourceNotFoundException") {
        log.debug(`${name}: no such secret in ${this.region}`);
        return undefined;
      }
      throw manageError(this.where(name, "GetSecretValue"), error);
    }
  }

  /** The AWSCURRENT value of a secret that must exist. */
  async readExisting(name: string, operation: ManageOperation = "GetSecretValue"): Promise<CurrentValue> {
    const current = await this.readCurrent(name);
    if (current === undefined) throw manageError(this.where(name, operation), { name: "ResourceNotFoundException" });
    return current;
  }

  /**
   * Writes a new AWSCURRENT version computed from the version `read`, unless
   * AWSCURRENT has moved since: then nothing is written and the conflict is an error.
   */
  async replace(read: CurrentValue, secretString: string): Promise<Written> {
    registerSecretText(secretString);
    const current = currentVersionOf(await this.describe(read.name));
    if (current !== read.versionId) throw conflictError(read.name, read.versionId, current);
    const token = crypto.randomUUID();
    log.debug(`${read.name}: AWSCURRENT is still version ${current}; writing a new version (ClientRequestToken ${token})`);
    const out = await this.call(read.name, "PutSecretValue", () =>
      this.port.send(new PutSecretValueCommand({ SecretId: read.arn || read.name, SecretString: secretString, ClientRequestToken: token })),
    );
    return { arn: out.ARN ?? read.arn, name: out.Name ?? read.name, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
  }

  describe(name: string): Promise<DescribeSecretResponse> {
    return this.call(name, "DescribeSecret", () => this.port.send(new DescribeSecretCommand({ SecretId: name })));
  }

  async tag(name: string, tags: Tag[]): Promise<void> {
    if (tags.length === 0) return;
    await this.call(name, "TagResource", () => this.port.send(new TagResourceCommand({ SecretId: name, Tags: tags })));
  }

  /**
   * Secrets whose name starts with `prefix` and that carry every tag of
   * `tags`. The filtering happens in AWS (ListSecrets Filters); AWS matches
   * names by word prefix, case-insensitively, and tag keys and values
   * separately, so each page is checked again for the exact rule.
   */
  async list(query: { prefix?: string; tags?: Tag[] }, onPage?: (count: number) => void): Promise<SecretListEntry[]> {
    const filters = listFilters(query);
    const found: SecretListEntry[] = [];
    let token: string | undefined;
    do {
      const out = await this.call(this.region, "ListSecrets", () =>
        this.port.send(new ListSecretsCommand({ MaxResults: 100, ...(filters.length ? { Filters: filters } : {}), ...(token ? { NextToken: token } : {}) })),
      );
      found.push(...(out.SecretList ?? []).filter((entry) => matches(entry, query)));
      onPage?.(found.length);
      token = out.NextToken ?? undefined;
    } while (token);
    return found;
  }

  async delete(name: string, how: { recoveryDays?: number; force?: boolean }): Promise<{ arn: string; name: string; deletionDate?: Date }> {
    const out = await this.call(name, "DeleteSecret", () =>
      this.port.send(
        new DeleteSecretCommand({
          SecretId: name,
          ...(how.force ? { ForceDeleteWithoutRecovery: true } : { RecoveryWindowInDays: how.recoveryDays ?? 30 }),
        }),
      ),
    );
    return { arn: out.ARN ?? "", name: out.Name ?? name, ...(out.DeletionDate ? { deletionDate: out.DeletionDate } : {}) };
  }

  async restore(name: string): Promise<{ arn: string; name: string }> {
    const out = await this.call(name, "RestoreSecret", () => this.port.send(new RestoreSecretCommand({ SecretId: name })));
    return { arn: out.ARN ?? "", name: out.Name ?? name };
  }

  private where(secret: string, operation: ManageOperation) {
    return { secret, operation, region: this.region, ...(this.endpoint ? { endpoint: this.endpoint } : {}) };
  }

  private async call<T>(secret: string, operation: ManageOperation, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw manageError(this.where(secret, operation), error);
    }
  }
}

/** The version AWSCURRENT is attached to, per DescribeSecret. */
export function currentVersionOf(description: DescribeSecretResponse): string | undefined {
  return Object.entries(description.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes("AWSCURRENT"))?.[0];
}

export function listFilters(query: { prefix?: string; tags?: Tag[] }): Filter[] {
  const filters: Filter[] = [];
  if (query.prefix) filters.push({ Key: "name", Values: [query.prefix] });
  const tags = query.tags ?? [];
  if (tags.length > 0) {
    filters.push({ Key: "tag-key", Values: [...new Set(tags.map((t) => t.Key))] });
    filters.push({ Key: "tag-value", Values: [...new Set(tags.map((t) => t.Value))] });
  }
  return filters;
}

function matches(entry: SecretListEntry, query: { prefix?: string; tags?: Tag[] }): boolean {
  if (query.prefix && !(entry.Name ?? "").startsWith(query.prefix)) return false;
  return (query.tags ?? []).every((tag) => (entry.Tags ?? []).some((t) => t.Key === tag.Key && t.Value === tag.Value));
}
