import { EnvSecretsError } from "../../errors.ts";
import { log } from "../../log/logger.ts";

/**
 * The Secrets Manager endpoint to use, if one is configured: `--endpoint-url`,
 * else the SDK's own variables. We resolve it ourselves (instead of letting the
 * SDK read the variables) so that it is checked before any request is sent:
 * plain http is for a local stand-in on loopback only, never for real traffic.
 */
export function resolveEndpoint(flag: string | undefined, env: Record<string, string | undefined>): string | undefined {
  const candidates: Array<[string, string | undefined]> = [
    ["--endpoint-url", flag],
    ["AWS_ENDPOINT_URL_SECRETS_MANAGER", env.AWS_ENDPOINT_URL_SECRETS_MANAGER],
    [DEPRECATED_VARIABLE, env[DEPRECATED_VARIABLE]],
    ["AWS_ENDPOINT_URL", env.AWS_ENDPOINT_URL],
  ];
  for (const [source, value] of candidates) {
    if (value === undefined || value === "") continue;
    if (source === DEPRECATED_VARIABLE) log.warn(`${DEPRECATED_VARIABLE} is deprecated; use AWS_ENDPOINT_URL_SECRETS_MANAGER`);
    return checkEndpoint(source, value);
  }
  return undefined;
}

/**
 * The older env-secrets read its Secrets Manager endpoint from this variable.
 * It applies to Secrets Manager only, never to STS or any other service.
 */
const DEPRECATED_VARIABLE = "AWS_SECRETS_MANAGER_ENDPOINT";

export function checkEndpoint(source: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EnvSecretsError({ subject: source, reason: `not a URL: ${value}`, hint: "use https://host[:port]", kind: "usage" });
  }
  if (url.protocol === "https:") return value;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return value;
  throw new EnvSecretsError({
    subject: source,
    reason: `refusing ${url.protocol}//${url.host}`,
    hint:
      url.protocol === "http:"
        ? "secrets travel over HTTPS only; plain http is allowed for loopback hosts (127.0.0.0/8, ::1, localhost)"
        : "use an https:// endpoint",
    kind: "usage",
  });
}

/**
 * Loopback by address or by the one name that is loopback by definition. Names
 * that merely resolve to loopback are not trusted: DNS can change its mind.
 * The WHATWG parser has already normalised IPv4 forms such as `127.1`.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost") return true;
  if (host === "[::1]") return true;
  const octets = host.split(".");
  return octets.length === 4 && octets[0] === "127" && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}
