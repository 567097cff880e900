/**
 * Checks SigV4 `Authorization` headers the way AWS does before a request
 * reaches the service: shape first (always), then, when the fake knows the
 * caller's secret key, the signature itself. The signature is recomputed with
 * the SDK's own @smithy/signature-v4 rather than a hand-written signer, so a
 * pass here means the SDK and the fake agree on canonicalisation.
 */

import { createHash, timingSafeEqual } from "node:crypto";
import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import type { HttpRequest, QueryParameterBag } from "@smithy/types";
import { AwsError } from "./errors";

export const SIGNING_SERVICE = "secretsmanager";

/** What the credential scope and headers of a signed request say. */
export interface SigV4Claims {
  accessKeyId: string;
  /** yyyymmdd from the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** X-Amz-Date, ISO 8601 basic format (20261128T003854Z). */
  amzDate: string;
  sessionToken: string | undefined;
}

/** Parts of the HTTP request that take part in the signature. */
export interface SignedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

function incompleteSignature(message: string): AwsError {
  return new AwsError("IncompleteSignatureException", message);
}

function invalidSignature(message: string): AwsError {
  return new AwsError("InvalidSignatureException", message);
}

/** Credential, SignedHeaders and Signature, from `AWS4-HMAC-SHA256 k=v, k=v, k=v`. */
function parseAuthorizationParameters(parameters: string): Map<string, string> {
  const parsed = new Map<string, string>();
  for (const part of parameters.split(",")) {
    const separator = part.indexOf("=");
    if (separator <= 0) continue;
    parsed.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  return parsed;
}

function parseAmzDate(amzDate: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  ) {
    return undefined;
  }
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Validates the shape of the SigV4 headers and extracts what they claim.
 * Throws the AWS error a malformed request would get.
 */
export function parseSigV4Headers(headers: Headers): SigV4Claims {
  const authorization = headers.get("authorization");
  if (authorization === null || authorization.trim() === "") {
    throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
  }
  const amzDate = headers.get("x-amz-date");
  const [algorithm = "", ...rest] = authorization.trim().split(" ");
  if (algorithm !== ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const parameters = parseAuthorizationParameters(rest.join(" "));
  const credential = parameters.get("Credential");
  const signedHeaderList = parameters.get("SignedHeaders");
  const signature = parameters.get("Signature");

  const problems: string[] = [];
  if (!credential) problems.push("Authorization header requires 'Credential' parameter.");
  if (!signature) problems.push("Authorization header requires 'Signature' parameter.");
  if (!signedHeaderList) problems.push("Authorization header requires 'SignedHeaders' parameter.");
  if (!amzDate) {
    problems.push(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (!credential || !signature || !signedHeaderList || !amzDate) {
    throw incompleteSignature(`${problems.join(" ")} Authorization=${authorization}`);
  }

  const scope = credential.split("/");
  const [accessKeyId = "", scopeDate = "", region = "", service = "", terminator = ""] = scope;
  if (scope.length !== 5 || accessKeyId === "" || terminator !== "aws4_request") {
    throw incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    throw incompleteSignature(
      `Signature must be 64 lowercase hexadecimal characters. Authorization=${authorization}`,
    );
  }
  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host")) {
    throw incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (!parseAmzDate(amzDate)) {
    throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  }
  if (scopeDate !== amzDate.slice(0, 8)) {
    throw invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (service !== SIGNING_SERVICE) {
    throw invalidSignature(`Credential should be scoped to correct service: '${SIGNING_SERVICE}'. `);
  }
  if (!/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region)) {
    throw invalidSignature(`Credential should be scoped to a valid region, not '${region}'. `);
  }
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    signedHeaders,
    signature,
    amzDate,
    sessionToken: headers.get("x-amz-security-token") ?? undefined,
  };
}

/** A SigV4 request more than 15 minutes away from the server clock is refused by AWS. */
export function checkClockSkew(claims: SigV4Claims, nowMs = Date.now()): void {
  const signedAt = parseAmzDate(claims.amzDate);
  if (!signedAt) return;
  const format = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, "");
  if (signedAt.getTime() < nowMs - MAX_CLOCK_SKEW_MS) {
    throw invalidSignature(
      `Signature expired: ${claims.amzDate} is now earlier than ${format(nowMs - MAX_CLOCK_SKEW_MS)} (${format(nowMs)} - 15 min.)`,
    );
  }
  if (signedAt.getTime() > nowMs + MAX_CLOCK_SKEW_MS) {
    throw invalidSignature(
      `Signature not yet current: ${claims.amzDate} is still later than ${format(nowMs + MAX_CLOCK_SKEW_MS)} (${format(nowMs)} + 15 min.)`,
    );
  }
}

function sha256Hex(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}

function queryOf(url: URL): QueryParameterBag {
  const query: QueryParameterBag = {};
  for (const [key, value] of url.searchParams) {
    const previous = query[key];
    if (previous === undefined || previous === null) query[key] = value;
    else query[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return query;
}

/**
 * Recomputes the signature with the caller's secret key and compares it with
 * the one sent. Throws InvalidSignatureException on mismatch, with AWS's wording.
 */
export async function verifySignature(
  request: SignedRequest,
  claims: SigV4Claims,
  secretAccessKey: string,
): Promise<void> {
  const mismatch = invalidSignature(
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  );
  // AWS hashes the body it received; a stale or forged x-amz-content-sha256
  // cannot make a tampered body pass.
  const declaredPayloadHash = request.headers.get("x-amz-content-sha256");
  if (declaredPayloadHash !== null && declaredPayloadHash !== sha256Hex(request.body)) {
    throw mismatch;
  }

  // Only headers the client declared as signed take part; anything a proxy
  // or the HTTP stack added must not change the canonical request.
  const signedHeaders: Record<string, string> = {};
  for (const name of claims.signedHeaders) {
    const value = request.headers.get(name);
    if (value !== null) signedHeaders[name] = value;
  }
  // A signed x-amz-security-token is among signedHeaders, as sent.
  const signer = new SignatureV4({
    service: claims.service,
    region: claims.region,
    credentials: { accessKeyId: claims.accessKeyId, secretAccessKey },
    // The SDK's own node:crypto hasher (the compiled env-secrets signs with Bun's).
    sha256: Hash.bind(null, "sha256"),
    // The client decided whether x-amz-content-sha256 is signed; never add it.
    applyChecksum: false,
  });
  const toSign: HttpRequest = {
    method: request.method,
    protocol: request.url.protocol,
    hostname: request.url.hostname,
    path: request.url.pathname,
    query: queryOf(request.url),
    headers: signedHeaders,
    body: request.body,
  };
  const signingDate = parseAmzDate(claims.amzDate);
  const signed = await signer.sign(toSign, {
    signingDate: signingDate ?? new Date(),
    signingRegion: claims.region,
    signingService: claims.service,
    signableHeaders: new Set(claims.signedHeaders),
  });
  const authorization = signed.headers.authorization ?? "";
  const expected = /Signature=([0-9a-f]{64})$/.exec(authorization)?.[1] ?? "";
  const matches =
    expected.length === claims.signature.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(claims.signature));
  if (!matches) throw mismatch;
}

/** Best-effort read of the credential scope, so even rejected requests are recorded usefully. */
export function peekCredentialScope(headers: Headers): { accessKeyId: string; region: string; service: string } {
  const credential = /Credential=([^,\s]+)/.exec(headers.get("authorization") ?? "")?.[1] ?? "";
  const [accessKeyId = "", , region = "", service = ""] = credential.split("/");
  return { accessKeyId, region, service };
}
