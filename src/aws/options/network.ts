import { readFileSync } from "node:fs";
import { EnvSecretsError } from "../../errors.ts";

export const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * `--timeout <seconds>`: the time limit of the whole fetch phase (credentials
 * and every secret, retries included). Fractions are allowed, e.g. 0.5.
 */
export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new EnvSecretsError({
      subject: "--timeout",
      reason: `not a number of seconds: ${value}`,
      hint: `give a positive number, e.g. --timeout 10 (default ${DEFAULT_TIMEOUT_SECONDS})`,
      kind: "usage",
    });
  }
  return Math.ceil(seconds * 1000);
}

/**
 * The certificate authorities to trust, as PEM text: `--ca-bundle`, else
 * AWS_CA_BUNDLE (the variable the AWS CLI reads). Like the AWS CLI, the bundle
 * replaces the system's CAs: it is meant for a TLS-inspecting proxy or a
 * private endpoint, whose CA the bundle must contain.
 */
export function readCaBundle(flag: string | undefined, env: Record<string, string | undefined>): string | undefined {
  const [source, path] = flag !== undefined ? ["--ca-bundle", flag] : ["AWS_CA_BUNDLE", env.AWS_CA_BUNDLE];
  if (path === undefined || path === "") return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? "unreadable";
    throw new EnvSecretsError({ subject: source, reason: `cannot read ${path} (${code})`, hint: "give the path of a PEM file of CA certificates" });
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new EnvSecretsError({ subject: source, reason: `${path} holds no PEM certificate`, hint: "give the path of a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)" });
  }
  return text;
}

/**
 * Runs `work` with a time limit. When the limit is reached everything in flight
 * is aborted through the signal and the returned promise rejects with the
 * error `onTimeout` describes, whatever `work` was waiting for (a black-holed
 * endpoint, a credential provider that never answers).
 */
export async function withinTimeLimit<T>(
  limitMs: number,
  work: (deadline: AbortSignal) => Promise<T>,
  onTimeout: () => EnvSecretsError,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(onTimeout());
      controller.abort();
    }, limitMs);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
