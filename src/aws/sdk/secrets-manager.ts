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
import { log, redactor } from "../../log/logger.ts";
import { secretTexts } from "../../secrets/secret-object.ts";
import { conflictError, errorCode, type ManageOperation, manageError } from "./manage-errors.ts";
import type { AwsSession, SecretsManagerPort } from "./session.ts";

/*
 * The Secrets Manager operations of env-secrets beyond the run's fetch: the
 * one place they live, with plain inputs and outputs and nothing printed, so
 * that every caller (the `aws secret` commands, `aws policy`, a server that
 * answers for a tool) reads and writes secrets the same way. Reached through
 * `aws/sdk/index.ts` like all SDK-facing code.
 *
 * Every write carries a ClientRequestToken made once per command, so the
 * SDK's retry of a request that AWS applied but whose answer was lost is
 * recognised by AWS as the same request: never a second version. Every value
 * read or written is registered with the redactor before anything else
 * happens with it. Errors are `EnvSecretsError`s naming the AWS error code
 * and the fix (manage-errors.ts).
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

/** Which secrets `list` returns. A tag without a value matches any value of that key. */
export interface ListQuery {
  prefix?: string;
  tags?: Array<{ Key: string; Value?: string }>;
  limit?: number;
}

/** One entry of `list`: what ListSecrets says of a secret, never its value. */
export interface SecretSummary {
  name: string;
  arn: string;
  description?: string;
  lastChanged?: Date;
  lastAccessed?: Date;
  tags: Tag[];
}

/** What DescribeSecret says of a secret (`get`), never its value. */
export interface SecretDescription {
  name: string;
  arn: string;
  description?: string;
  /** Absent: the AWS-managed key aws/secretsmanager. */
  kmsKeyId?: string;
  rotationEnabled: boolean;
  rotationLambdaArn?: string;
  nextRotation?: Date;
  /** Version id → its stages (AWSCURRENT, AWSPREVIOUS, …). */
  versions: Record<string, string[]>;
  tags: Tag[];
  created?: Date;
  lastChanged?: Date;
  lastAccessed?: Date;
  /** When the secret is scheduled for deletion. */
  deletionScheduled?: Date;
}

/**
 * The operations of the run's default region (`-r`, the environment, the
 * profile): where every secret command works.
 */
export async function openSecretsApi(session: AwsSession, endpoint?: string): Promise<SecretsApi> {
  return new SecretsApi(session.client(await session.defaultRegion()), endpoint);
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

  async describe(name: string): Promise<SecretDescription> {
    return descriptionOf(await this.call(name, "DescribeSecret", () => this.port.send(new DescribeSecretCommand({ SecretId: name }))), name);
  }

  /**
   * DescribeSecret, or undefined when the caller may not call it (`aws policy`
   * then works from the name). `label` names the secret in errors and logs.
   */
  async describeUnlessDenied(name: string, label = name): Promise<SecretDescription | undefined> {
    try {
      return descriptionOf(await this.port.send(new DescribeSecretCommand({ SecretId: name })), name);
    } catch (error) {
      if (errorCode(error) !== "AccessDeniedException") throw manageError(this.where(label, "DescribeSecret"), error);
      log.debug(`${label}: DescribeSecret denied`);
      return undefined;
    }
  }

  async tag(name: string, tags: Tag[]): Promise<void> {
    if (tags.length === 0) return;
    await this.call(name, "TagResource", () => this.port.send(new TagResourceCommand({ SecretId: name, Tags: tags })));
  }

  /**
   * Secrets whose name starts with `prefix` and that carry every tag of
   * `tags`. The filtering happens in AWS (ListSecrets Filters); AWS matches
   * names by word prefix, case-insensitively, and tag keys and values
   * separately, so each page is checked again for the exact rule. With a
   * `limit`, no further page is read once more than `limit` have been found:
   * more than `limit` returned means there are more.
   */
  async list(query: ListQuery, onPage?: (count: number) => void): Promise<SecretSummary[]> {
    const filters = listFilters(query);
    const found: SecretSummary[] = [];
    let token: string | undefined;
    do {
      const out = await this.call(this.region, "ListSecrets", () =>
        this.port.send(new ListSecretsCommand({ MaxResults: 100, ...(filters.length ? { Filters: filters } : {}), ...(token ? { NextToken: token } : {}) })),
      );
      found.push(...(out.SecretList ?? []).filter((entry) => matches(entry, query)).map(summaryOf));
      onPage?.(found.length);
      token = out.NextToken ?? undefined;
    } while (token && !(query.limit !== undefined && found.length > query.limit));
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
export function currentVersionOf(description: SecretDescription): string | undefined {
  return Object.entries(description.versions).find(([, stages]) => stages.includes("AWSCURRENT"))?.[0];
}

/** Registers a secret's text with the redactor (each value of a JSON object on its own) before anything returns or logs it. */
function registerSecretText(text: string): void {
  for (const each of secretTexts(text)) redactor.register(each);
}

function summaryOf(entry: SecretListEntry): SecretSummary {
  return {
    name: entry.Name ?? "",
    arn: entry.ARN ?? "",
    ...(entry.Description !== undefined ? { description: entry.Description } : {}),
    ...(entry.LastChangedDate ? { lastChanged: entry.LastChangedDate } : {}),
    ...(entry.LastAccessedDate ? { lastAccessed: entry.LastAccessedDate } : {}),
    tags: tagsOf(entry.Tags),
  };
}

function descriptionOf(d: DescribeSecretResponse, name: string): SecretDescription {
  return {
    name: d.Name ?? name,
    arn: d.ARN ?? "",
    ...(d.Description !== undefined ? { description: d.Description } : {}),
    ...(d.KmsKeyId ? { kmsKeyId: d.KmsKeyId } : {}),
    rotationEnabled: d.RotationEnabled === true,
    ...(d.RotationLambdaARN ? { rotationLambdaArn: d.RotationLambdaARN } : {}),
    ...(d.NextRotationDate ? { nextRotation: d.NextRotationDate } : {}),
    versions: d.VersionIdsToStages ?? {},
    tags: tagsOf(d.Tags),
    ...(d.CreatedDate ? { created: d.CreatedDate } : {}),
    ...(d.LastChangedDate ? { lastChanged: d.LastChangedDate } : {}),
    ...(d.LastAccessedDate ? { lastAccessed: d.LastAccessedDate } : {}),
    ...(d.DeletedDate ? { deletionScheduled: d.DeletedDate } : {}),
  };
}

function tagsOf(tags: Array<{ Key?: string; Value?: string }> | undefined): Tag[] {
  return (tags ?? []).map((t) => ({ Key: t.Key ?? "", Value: t.Value ?? "" }));
}

export function listFilters(query: ListQuery): Filter[] {
  const filters: Filter[] = [];
  if (query.prefix) filters.push({ Key: "name", Values: [query.prefix] });
  const tags = query.tags ?? [];
  if (tags.length > 0) {
    filters.push({ Key: "tag-key", Values: [...new Set(tags.map((t) => t.Key))] });
    // A key asked for with any value: no tag-value filter, or it would leave out that key's other values.
    if (tags.every((t) => t.Value !== undefined)) filters.push({ Key: "tag-value", Values: [...new Set(tags.map((t) => t.Value!))] });
  }
  return filters;
}

function matches(entry: SecretListEntry, query: ListQuery): boolean {
  if (query.prefix && !(entry.Name ?? "").startsWith(query.prefix)) return false;
  return (query.tags ?? []).every((tag) => (entry.Tags ?? []).some((t) => t.Key === tag.Key && (tag.Value === undefined || t.Value === tag.Value)));
}
