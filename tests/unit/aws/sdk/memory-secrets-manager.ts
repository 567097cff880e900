import type { SecretsManagerPort } from "../../../../src/aws/sdk/session.ts";

/**
 * An in-memory Secrets Manager behind the port the secret commands use: just
 * enough of the real service's rules (versions and AWSCURRENT, idempotency
 * by ClientRequestToken, Filters and pagination) to test the calls made
 * through it, with a hook that runs before each command.
 */
interface Version {
  id: string;
  secretString: string;
  stages: string[];
}

interface Secret {
  name: string;
  arn: string;
  versions: Version[];
  tags: Array<{ Key: string; Value: string }>;
  description?: string;
  deleted?: Date;
}

export interface Sent {
  operation: string;
  input: Record<string, unknown>;
}

export function awsError(name: string, message = `${name} raised`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

export function memoryPort(region = "us-east-1") {
  const secrets = new Map<string, Secret>();
  const sent: Sent[] = [];
  let before: ((sent: Sent) => void) | undefined;

  const find = (id: string) => {
    const secret = secrets.get(id) ?? [...secrets.values()].find((s) => s.arn === id);
    if (!secret) throw awsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const current = (secret: Secret) => secret.versions.find((v) => v.stages.includes("AWSCURRENT"));
  const putVersion = (secret: Secret, token: string, secretString: string) => {
    const existing = secret.versions.find((v) => v.id === token);
    if (existing) {
      if (existing.secretString !== secretString) throw awsError("ResourceExistsException", "a version with this token has another value");
      return existing;
    }
    for (const v of secret.versions) v.stages = v.stages.includes("AWSCURRENT") ? ["AWSPREVIOUS"] : v.stages.filter((s) => s !== "AWSPREVIOUS");
    const version = { id: token, secretString, stages: ["AWSCURRENT"] };
    secret.versions.push(version);
    return version;
  };

  const handlers: Record<string, (input: Record<string, unknown>) => unknown> = {
    CreateSecret(input) {
      const name = input.Name as string;
      if (secrets.has(name)) throw awsError("ResourceExistsException");
      const secret: Secret = { name, arn: `arn:aws:secretsmanager:${region}:123456789012:secret:${name}-AbCdEf`, versions: [], tags: (input.Tags as Secret["tags"]) ?? [] };
      if (input.Description !== undefined) secret.description = input.Description as string;
      secrets.set(name, secret);
      const version = putVersion(secret, input.ClientRequestToken as string, input.SecretString as string);
      return { ARN: secret.arn, Name: name, VersionId: version.id };
    },
    GetSecretValue(input) {
      const secret = find(input.SecretId as string);
      const version = current(secret)!;
      return { ARN: secret.arn, Name: secret.name, VersionId: version.id, SecretString: version.secretString, VersionStages: version.stages };
    },
    DescribeSecret(input) {
      const secret = find(input.SecretId as string);
      return { ARN: secret.arn, Name: secret.name, Tags: secret.tags, VersionIdsToStages: Object.fromEntries(secret.versions.filter((v) => v.stages.length).map((v) => [v.id, v.stages])) };
    },
    PutSecretValue(input) {
      const secret = find(input.SecretId as string);
      const version = putVersion(secret, input.ClientRequestToken as string, input.SecretString as string);
      return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: version.stages };
    },
    UpdateSecret(input) {
      const secret = find(input.SecretId as string);
      if (input.Description !== undefined) secret.description = input.Description as string;
      const version = input.SecretString !== undefined ? putVersion(secret, input.ClientRequestToken as string, input.SecretString as string) : undefined;
      return { ARN: secret.arn, Name: secret.name, ...(version ? { VersionId: version.id } : {}) };
    },
    ListSecrets(input) {
      const filters = (input.Filters as Array<{ Key: string; Values: string[] }>) ?? [];
      const all = [...secrets.values()].filter((s) =>
        filters.every((f) =>
          f.Key === "name"
            ? f.Values.some((v) => s.name.toLowerCase().includes(v.toLowerCase()))
            : f.Key === "tag-key"
              ? f.Values.some((v) => s.tags.some((t) => t.Key === v))
              : f.Values.some((v) => s.tags.some((t) => t.Value === v)),
        ),
      );
      const start = Number(input.NextToken ?? 0);
      const page = 2;
      const end = start + page;
      return { SecretList: all.slice(start, end).map((s) => ({ Name: s.name, ARN: s.arn, Tags: s.tags })), ...(end < all.length ? { NextToken: String(end) } : {}) };
    },
    TagResource(input) {
      find(input.SecretId as string).tags.push(...(input.Tags as Secret["tags"]));
      return {};
    },
    DeleteSecret(input) {
      const secret = find(input.SecretId as string);
      secret.deleted = new Date(Date.UTC(2026, 0, 1 + ((input.RecoveryWindowInDays as number | undefined) ?? 0)));
      if (input.ForceDeleteWithoutRecovery) secrets.delete(secret.name);
      return { ARN: secret.arn, Name: secret.name, DeletionDate: secret.deleted };
    },
    RestoreSecret(input) {
      const secret = find(input.SecretId as string);
      delete secret.deleted;
      return { ARN: secret.arn, Name: secret.name };
    },
  };

  const port: SecretsManagerPort = {
    region,
    send: (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const operation = command.constructor.name.replace(/Command$/, "");
      const entry = { operation, input: command.input };
      sent.push(entry);
      before?.(entry);
      const handler = handlers[operation];
      if (!handler) throw new Error(`memory port: ${operation} not served`);
      return handler(command.input);
    }) as unknown as SecretsManagerPort["send"],
  };

  return {
    port,
    sent,
    secrets,
    /** Runs before each command is handled; throw from it to fail the call. */
    before(hook: ((sent: Sent) => void) | undefined) {
      before = hook;
    },
    /** Writes a new AWSCURRENT version directly, as another user would. */
    writeAsSomeoneElse(name: string, secretString: string): string {
      return putVersion(find(name), crypto.randomUUID(), secretString).id;
    },
    currentText(name: string): string | undefined {
      const secret = secrets.get(name);
      return secret ? current(secret)?.secretString : undefined;
    },
    versionCount(name: string): number {
      return secrets.get(name)?.versions.length ?? 0;
    },
  };
}
