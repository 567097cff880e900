import * as z from "zod";
import type { AwsSettings } from "../../aws/options/settings.ts";
import type { AwsSession, SecretsApi } from "../../aws/sdk/index.ts";
import { EnvSecretsError } from "../../errors.ts";
import { descriptionFields, summaryFields } from "../../manage/views.ts";
import { defineTool, type ToolDefinition } from "../../mcp/server.ts";
import { generatePolicy } from "../../policy/generate.ts";
import { secretRefFor } from "../../secrets/reference.ts";
import { parseSecretObject } from "../../secrets/secret-object.ts";
import { type AwsSdk, inAwsSession } from "../_aws.ts";
import { ACTIONS, commandLine } from "./command-line.ts";

/**
 * The tools of `env-secrets mcp`. None returns or sets a secret value: an
 * agent learns names, metadata and key names, and hands the person a
 * command to run for anything that involves a value (docs/mcp.md). Each
 * reaches AWS the way every command does (inAwsSession), with the server's
 * settings, or the region and profile the call names.
 */

/** list_secrets returns at most this many: an agent's context is not the place for a whole account. */
export const LIST_LIMIT = 100;

export interface ServerScope {
  /** From the command line of `env-secrets mcp` and the environment: what a call does not name. */
  settings: AwsSettings;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
}

const region = z.string().min(1).optional().describe("AWS region for this call (default: the server's -r, AWS_REGION, the profile's region)");
const profile = z.string().min(1).optional().describe("Named profile from the AWS config files for this call (default: the server's -p, AWS_PROFILE)");
const secretName = z.string().min(1).describe("The secret's name or ARN");

export function mcpTools(scope: ServerScope): ToolDefinition[] {
  return [
    defineTool({
      name: "list_secrets",
      title: "List secrets",
      description: `Names, ARNs, descriptions, dates and tags of the secrets in AWS Secrets Manager, filtered by AWS (name prefix, tag), never a value. At most ${LIST_LIMIT}: 'truncated' says when more match; narrow with prefix or a tag.`,
      input: z.strictObject({
        prefix: z.string().min(1).optional().describe("Only secrets whose name starts with this"),
        tag_key: z.string().min(1).optional().describe("Only secrets with a tag of this key"),
        tag_value: z.string().optional().describe("With tag_key: only secrets whose tag of that key has this value"),
        region,
        profile,
      }),
      reachesAws: true,
      async run(args) {
        if (args.tag_value !== undefined && args.tag_key === undefined) {
          throw new EnvSecretsError({ subject: "tag_value", reason: "given without tag_key", hint: "give the tag's key in tag_key as well", kind: "usage" });
        }
        const tags = args.tag_key === undefined ? [] : [{ Key: args.tag_key, ...(args.tag_value !== undefined ? { Value: args.tag_value } : {}) }];
        const { api, entries } = await withSecretsApi(scope, args, async (api) => ({
          api,
          entries: await api.list({ ...(args.prefix ? { prefix: args.prefix } : {}), tags, limit: LIST_LIMIT }),
        }));
        const truncated = entries.length > LIST_LIMIT;
        return {
          region: api.region,
          secrets: entries.slice(0, LIST_LIMIT).map(summaryFields),
          truncated,
          ...(truncated ? { note: `more than ${LIST_LIMIT} secrets match: showing the first ${LIST_LIMIT}; narrow with prefix or tag_key/tag_value` } : {}),
        };
      },
    }),
    defineTool({
      name: "describe_secret",
      title: "Describe a secret",
      description:
        "A secret's metadata from DescribeSecret: ARN, description, KMS key, rotation, versions and their stages (AWSCURRENT, AWSPREVIOUS), tags, dates. Never the value.",
      input: z.strictObject({ secret_name: secretName, region, profile }),
      reachesAws: true,
      async run(args) {
        return descriptionFields(await withSecretsApi(scope, args, (api) => api.describe(args.secret_name)));
      },
    }),
    defineTool({
      name: "secret_keys",
      title: "Key names of a secret",
      description:
        "The key names of a secret that holds a JSON object, never their values: a run (get_command action run) gives the program one environment variable per key, named as the key, so code can read e.g. process.env.DB_HOST. Also says when the secret is plain text or binary instead.",
      input: z.strictObject({ secret_name: secretName, region, profile }),
      reachesAws: true,
      async run(args) {
        // The value is registered with the redactor as it is read (openSecretsApi); only key names leave this function.
        const current = await withSecretsApi(scope, args, (api) => api.readExisting(args.secret_name));
        const object = current.secretString === undefined ? undefined : parseSecretObject(current.secretString);
        if (object !== undefined) {
          return {
            name: current.name,
            arn: current.arn,
            kind: "json-object",
            keys: [...object.keys()],
            note: "env-secrets aws -s <name> gives one variable per key; -s '<name>#KEY' only that key",
          };
        }
        const binary = current.secretString === undefined;
        return {
          name: current.name,
          arn: current.arn,
          kind: binary ? "binary" : "text",
          keys: [],
          note: binary
            ? "a binary secret has no keys; a run puts it, base64-encoded, in one variable: env-secrets aws -s VAR=<name>"
            : "not a JSON object, so no keys; a run puts the whole text in one variable (env-secrets aws -s VAR=<name>), or reads KEY=value lines with -s dotenv:<name>",
        };
      },
    }),
    defineTool({
      name: "get_command",
      title: "Command line for a person to run",
      description:
        "One env-secrets command line, every argument quoted for POSIX sh, for the person to run in their terminal: run (start a program with the secret's keys as environment variables), set (a key, or the whole secret), create, list, describe, policy. set and create ask for the value on the terminal (--prompt), so it never passes through you. Nothing is run and AWS is not called.",
      input: z.strictObject({
        action: z.enum(ACTIONS).describe("run | set | create | list | describe | policy"),
        secret_name: z.string().min(1).optional().describe("The secret's name or ARN (needed by every action except list, where it is a name prefix)"),
        key: z.string().min(1).optional().describe("run: only this key, as the variable of the same name; set/create: the key of the JSON object to set"),
        command: z.array(z.string()).optional().describe('run: the program and its arguments, one element per word, e.g. ["npm", "run", "dev"]'),
        region,
        profile,
      }),
      reachesAws: false,
      async run(args) {
        return {
          ...commandLine({
            action: args.action,
            ...(args.secret_name !== undefined ? { secretName: args.secret_name } : {}),
            ...(args.key !== undefined ? { key: args.key } : {}),
            ...(args.command !== undefined ? { command: args.command } : {}),
            ...scoped(scope, args),
          }),
        };
      },
    }),
    defineTool({
      name: "iam_policy",
      title: "Least-privilege IAM policy",
      description:
        "The least-privilege IAM policy document a runner (CI job, server role) needs to read these secrets with env-secrets, as `env-secrets aws policy` prints it: GetSecretValue on exactly these secrets, kms:Decrypt on customer-managed keys. Each secret is described (DescribeSecret), never read. notes says what to check or fill in.",
      input: z.strictObject({
        secret_names: z.array(z.string().min(1)).min(1).describe("The secrets' names or ARNs"),
        batch: z.boolean().optional().describe("Also allow BatchGetSecretValue (for runs with --batch)"),
        watch: z.boolean().optional().describe("Also allow DescribeSecret on the secrets (for runs with --watch, which restart the program when a secret rotates)"),
        region,
        profile,
      }),
      reachesAws: true,
      async run(args) {
        const refs = args.secret_names.map((name) => secretRefFor(name));
        const fallbackRegion = refs.find((ref) => ref.arnRegion)?.arnRegion;
        const { describedTargets } = await import("../../policy/resolve.ts");
        const settings = settingsFor(scope, args);
        const targets = await inAwsSession(settings, { ...scope, ...(fallbackRegion ? { fallbackRegion } : {}) }, (session) =>
          describedTargets(refs, session, settings.endpoint),
        );
        const { policy, notes } = generatePolicy(targets, { batch: args.batch === true, offline: false, watch: args.watch === true });
        return { policy, notes };
      },
    }),
  ];
}

interface CallScope {
  region?: string | undefined;
  profile?: string | undefined;
}

/** The server's settings, with the call's own region and profile. */
function settingsFor(scope: ServerScope, call: CallScope): AwsSettings {
  return {
    ...scope.settings,
    ...(call.region !== undefined ? { region: call.region } : {}),
    ...(call.profile !== undefined ? { profile: call.profile, profileSource: undefined } : {}),
  };
}

/** The region and profile a command line for this call names: the call's, else the server's command line. */
function scoped(scope: ServerScope, call: CallScope): { region?: string; profile?: string } {
  const settings = settingsFor(scope, call);
  return { ...(settings.region ? { region: settings.region } : {}), ...(settings.profile ? { profile: settings.profile } : {}) };
}

async function withSecretsApi<T>(scope: ServerScope, call: CallScope, work: (api: SecretsApi, session: AwsSession, sdk: AwsSdk) => Promise<T>): Promise<T> {
  const settings = settingsFor(scope, call);
  return inAwsSession(settings, scope, async (session, sdk) => work(await sdk.openSecretsApi(session, settings.endpoint), session, sdk));
}
