/**
 * Everything of env-secrets that needs the AWS SDK, behind the one module that
 * callers import lazily (`await import("../aws/sdk/index.ts")`): --help,
 * --version and every check before the first request never load the SDK.
 * With one entry the bundler puts the SDK into a few chunks loaded together,
 * instead of splitting it by which of several lazy imports reaches each part.
 */
export { checkSecretsExist } from "./describe.ts";
export { type FetchedSecret, type FetchOutcome, fetchSecrets } from "./fetch.ts";
export { type AwsSession, type LastingAwsSession, openAwsSession, type SecretsManagerPort, withAwsSession } from "./session.ts";
export {
  type CreateOptions,
  type CurrentValue,
  type ListQuery,
  openSecretsApi,
  type SecretDescription,
  SecretsApi,
  type SecretSummary,
  type Tag,
  type Written,
} from "./secrets-manager.ts";
export { versionChecker, type WatchTarget, watchKey, watchTargets } from "./versions.ts";
