import { isLoopbackHost } from "./endpoint.ts";
import type { AwsSettings } from "./settings.ts";

/** Regions of the standard partition, whose Secrets Manager host is secretsmanager.<region>.amazonaws.com (GovCloud included). */
const STANDARD_REGION = /^(?:us|eu|ap|sa|ca|me|af|il|mx)(?:-gov)?-[a-z]+-\d{1,2}$/;
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];
const ENDPOINT_VARIANTS = ["AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"];

/**
 * The origin the first request of a run will most likely go to, worth
 * connecting to while the AWS SDK is still loading: the configured endpoint,
 * else the standard Secrets Manager host of the region named by -r, the
 * config file or the environment. Undefined where a guess could be wrong in a
 * way that matters: a proxy between us and AWS (the connection would bypass
 * it), a CA bundle of its own (the handshake would trust other roots), FIPS or
 * dual-stack endpoints, other partitions, or a region that is not a plain
 * host label (never a connection to a host nobody named). What the profile
 * file alone sets (use_fips_endpoint, use_dualstack_endpoint, endpoint_url)
 * is not read for the guess, to keep the file off the start: such a run's
 * early connection goes to the standard host and stays unused, nothing sent
 * on it (docs/credentials.md).
 */
export function earlyConnectionOrigin(settings: AwsSettings, env: Record<string, string | undefined>, fallbackRegion?: string): string | undefined {
  const detoured = settings.caBundle !== undefined || PROXY_VARIABLES.some((name) => env[name]);
  if (settings.endpoint !== undefined) {
    const url = new URL(settings.endpoint);
    return detoured && !isLoopbackHost(url.hostname) ? undefined : url.origin;
  }
  if (detoured) return undefined;
  if (ENDPOINT_VARIANTS.some((name) => env[name] !== undefined && env[name] !== "" && env[name] !== "false")) return undefined;
  const region = settings.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || fallbackRegion);
  if (region === undefined || !STANDARD_REGION.test(region)) return undefined;
  return `https://secretsmanager.${region}.amazonaws.com`;
}
