/**
 * Everything of env-secrets that needs the AWS SDK, behind the one module that
 * callers import lazily. With one entry the bundler puts the SDK into a few
 * chunks loaded together, instead of splitting it by which of several lazy
 * imports reaches each part.
 */
export { createClientFactory } from "./client.ts";
export { checkSecretsExist } from "./describe.ts";
export { fetchSecrets } from "./fetch.ts";
