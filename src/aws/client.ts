import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { EnvSecretsError } from "../errors.ts";
import { log } from "../log/logger.ts";

/** What the command line and environment say about how to reach AWS. */
export interface AwsSettings {
  profile?: string;
  /** `-r`; when absent the region comes from the environment or the profile. */
  region?: string;
  /** Already checked by resolveEndpoint. */
  endpoint?: string;
}

// The SDK's debug output goes through our logger (and so through the redactor).
// Its error records are dropped: a failed request reaches the user through
// printError (with the SDK error as cause in debug mode) only after every
// fetched value has been registered, whereas the SDK would log it at once,
// possibly before a value it quotes is known to the redactor.
const sdkLogger = {
  debug: (...args: [unknown, ...unknown[]]) => log.debug(...args),
  info: (...args: [unknown, ...unknown[]]) => log.debug(...args),
  warn: (...args: [unknown, ...unknown[]]) => log.warn(...args),
  error: () => {},
  trace: () => {},
};

/**
 * Creates the clients of one run: one credentials chain shared by all, one
 * client per region. The SDK is imported here, lazily, so that `--help` and
 * `--version` never pay for loading it.
 */
export async function createClientFactory(settings: AwsSettings) {
  const [{ SecretsManagerClient }, { fromNodeProviderChain }] = await Promise.all([
    import("@aws-sdk/client-secrets-manager"),
    import("@aws-sdk/credential-providers"),
  ]);
  // An explicit profile makes the SDK skip environment keys, as users expect of -p.
  const credentials: AwsCredentialIdentityProvider = fromNodeProviderChain({ profile: settings.profile, logger: sdkLogger });
  const clients = new Map<string, SecretsManagerClient>();

  return {
    credentials,
    clientFor(region: string): SecretsManagerClient {
      let client = clients.get(region);
      if (!client) {
        client = new SecretsManagerClient({
          region,
          credentials,
          logger: sdkLogger,
          ...(settings.profile ? { profile: settings.profile } : {}),
          ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        });
        clients.set(region, client);
      }
      return client;
    },
    /** `-r`, AWS_REGION, AWS_DEFAULT_REGION, then the profile's region as the SDK reads it. */
    async defaultRegion(env: Record<string, string | undefined>): Promise<string> {
      const explicit = settings.region || env.AWS_REGION || env.AWS_DEFAULT_REGION;
      if (explicit) return explicit;
      const probe = new SecretsManagerClient({ ...(settings.profile ? { profile: settings.profile } : {}) });
      try {
        const region = await probe.config.region();
        if (region) return region;
      } catch {
        // No region anywhere: reported below.
      } finally {
        probe.destroy();
      }
      throw new EnvSecretsError({
        subject: "region",
        reason: "no AWS region configured",
        hint: "pass -r <region>, set AWS_REGION, or set region in your AWS profile",
      });
    },
    destroy(): void {
      for (const client of clients.values()) client.destroy();
    },
  };
}

export type ClientFactory = Awaited<ReturnType<typeof createClientFactory>>;
