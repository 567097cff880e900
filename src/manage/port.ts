import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * What the secret commands need from AWS: a Secrets Manager client of one
 * region that sends a command. A real client satisfies it as it is; unit tests
 * pass a small in-memory one.
 */
export interface SecretsManagerPort {
  readonly region: string;
  send: SecretsManagerClient["send"];
}
