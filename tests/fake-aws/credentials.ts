/**
 * Local stand-ins for the endpoints the AWS SDK's credential chain talks to,
 * on one loopback port, each selected through the SDK's own variables:
 *
 *   STS (query protocol, XML)   AWS_ENDPOINT_URL_STS                 POST /
 *   IAM Identity Center portal  AWS_ENDPOINT_URL_SSO                 GET /federation/credentials
 *   IAM Identity Center OIDC    AWS_ENDPOINT_URL_SSO_OIDC            POST /token (refresh)
 *   EC2 instance metadata v2    AWS_EC2_METADATA_SERVICE_ENDPOINT    PUT /latest/api/token, GET /latest/meta-data/iam/...
 *   ECS/EKS container endpoint  AWS_CONTAINER_CREDENTIALS_FULL_URI   GET /container/credentials
 *
 * Every source hands out its own access key id (ISSUED), so a test can prove
 * from the Secrets Manager fake's records which source signed a request.
 */

import { randomUUID } from "node:crypto";
import { peekCredentialScope } from "./sigv4-check";

export type CredentialSource = "assumeRole" | "webIdentity" | "sso" | "imds" | "container";

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Distinct keys per source; the secret parts are canary-shaped so a leak is detectable. */
function issue(source: string): IssuedCredentials {
  const id = randomUUID().slice(0, 8);
  return {
    accessKeyId: `ASIA${source.toUpperCase()}${id.toUpperCase()}`.slice(0, 20),
    secretAccessKey: `CANARY-secretkey-${source}-${id}`,
    sessionToken: `CANARY-sessiontoken-${source}-${id}`,
  };
}

export interface CredentialRequest {
  /** AssumeRole, AssumeRoleWithWebIdentity, GetRoleCredentials, imds-token, imds-role, imds-credentials, container. */
  endpoint: string;
  /** STS: the key id that signed it; SSO: none. */
  accessKeyId?: string;
  /** The role or SSO role asked for. */
  role?: string;
  /** STS: region of the signing scope. */
  region?: string;
  status: number;
}

export interface FakeCredentialsOptions {
  /** Web identity token the fake accepts (default: any). */
  webIdentityToken?: string;
  /** Bearer token the SSO portal accepts. */
  ssoAccessToken?: string;
  /** Authorization header the container endpoint requires. */
  containerAuthorization?: string;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string; key: string };
}

export interface FakeCredentials {
  url: string;
  /** The access token the SSO OIDC endpoint hands out when a cached SSO token is refreshed. */
  refreshedSsoToken: string;
  /** Value for AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  containerUri: string;
  issued: Record<CredentialSource, IssuedCredentials>;
  requests: CredentialRequest[];
  /** Make the next calls of one endpoint fail with an AWS error (STS/SSO) or a status (IMDS, container). */
  fail(endpoint: "AssumeRole" | "AssumeRoleWithWebIdentity" | "GetRoleCredentials", code: string, message: string): void;
  clearFailures(): void;
  stop(): Promise<void>;
}

const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

function xml(status: number, body: string): Response {
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, { status, headers: { "Content-Type": "text/xml", "x-amzn-RequestId": randomUUID() } });
}

function stsError(code: string, message: string): Response {
  return xml(
    code === "ExpiredTokenException" || code === "InvalidIdentityToken" ? 400 : 403,
    `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function stsCredentials(action: string, roleArn: string, session: string, keys: IssuedCredentials): Response {
  const expiration = new Date(Date.now() + 3600_000).toISOString();
  const roleName = roleArn.split("/").pop() ?? "role";
  const account = /^arn:aws:iam::(\d{12}):/.exec(roleArn)?.[1] ?? "123456789012";
  const extra = action === "AssumeRoleWithWebIdentity" ? "<SubjectFromWebIdentityToken>repo:example/app:ref:refs/heads/main</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience><Provider>token.actions.githubusercontent.com</Provider>" : "";
  return xml(
    200,
    `<${action}Response xmlns="${STS_NS}"><${action}Result>${extra}<AssumedRoleUser><AssumedRoleId>AROAFAKE:${escapeXml(session)}</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/${escapeXml(roleName)}/${escapeXml(session)}</Arn></AssumedRoleUser><Credentials><AccessKeyId>${keys.accessKeyId}</AccessKeyId><SecretAccessKey>${keys.secretAccessKey}</SecretAccessKey><SessionToken>${keys.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials></${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

function scopeOf(request: Request): { accessKeyId?: string; region?: string } {
  const { accessKeyId, region } = peekCredentialScope(request.headers);
  return accessKeyId ? { accessKeyId, region } : {};
}

export async function startFakeCredentials(options: FakeCredentialsOptions = {}): Promise<FakeCredentials> {
  const issued: Record<CredentialSource, IssuedCredentials> = {
    assumeRole: issue("role"),
    webIdentity: issue("webid"),
    sso: issue("sso"),
    imds: issue("imds"),
    container: issue("ecs"),
  };
  const requests: CredentialRequest[] = [];
  const failures = new Map<string, { code: string; message: string }>();
  const imdsTokens = new Set<string>();
  const imdsRole = "fake-instance-role";
  const refreshedSsoToken = `CANARY-refreshed-sso-token-${randomUUID().slice(0, 8)}`;
  const ssoTokens = new Set(options.ssoAccessToken === undefined ? [] : [options.ssoAccessToken, refreshedSsoToken]);

  const record = (entry: CredentialRequest, response: Response): Response => {
    requests.push({ ...entry, status: response.status });
    return response;
  };

  async function sts(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const action = form.get("Action") ?? "";
    const roleArn = form.get("RoleArn") ?? "";
    const session = form.get("RoleSessionName") ?? "session";
    const entry: CredentialRequest = { endpoint: action, role: roleArn, ...scopeOf(request), status: 0 };
    const failure = failures.get(action);
    if (failure) return record(entry, stsError(failure.code, failure.message));
    if (action === "AssumeRole") {
      if (!entry.accessKeyId) return record(entry, stsError("MissingAuthenticationToken", "Request is missing Authentication Token"));
      return record(entry, stsCredentials(action, roleArn, session, issued.assumeRole));
    }
    if (action === "AssumeRoleWithWebIdentity") {
      const token = form.get("WebIdentityToken") ?? "";
      if (options.webIdentityToken !== undefined && token !== options.webIdentityToken) {
        return record(entry, stsError("InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider"));
      }
      return record(entry, stsCredentials(action, roleArn, session, issued.webIdentity));
    }
    return record(entry, stsError("InvalidAction", `Could not find operation ${action}`));
  }

  function sso(request: Request, url: URL): Response {
    const role = url.searchParams.get("role_name") ?? "";
    const entry: CredentialRequest = { endpoint: "GetRoleCredentials", role: `${url.searchParams.get("account_id")}/${role}`, status: 0 };
    const failure = failures.get("GetRoleCredentials");
    const json = (status: number, body: unknown, type?: string) =>
      new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...(type ? { "x-amzn-ErrorType": type } : {}) } });
    if (failure) return record(entry, json(401, { message: failure.message }, failure.code));
    const token = request.headers.get("x-amz-sso_bearer_token") ?? "";
    if (options.ssoAccessToken !== undefined && !ssoTokens.has(token)) {
      return record(entry, json(401, { message: "Session token not found or invalid" }, "UnauthorizedException"));
    }
    const keys = issued.sso;
    return record(
      entry,
      json(200, { roleCredentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken: keys.sessionToken, expiration: Date.now() + 3600_000 } }),
    );
  }

  /** SSO OIDC CreateToken with a refresh token, as the SDK does for a cached token about to expire. */
  async function ssoOidcToken(request: Request): Promise<Response> {
    const input = (await request.json().catch(() => ({}))) as Record<string, unknown>;
    const entry: CredentialRequest = { endpoint: "CreateToken", role: String(input.grantType ?? ""), status: 0 };
    if (input.grantType !== "refresh_token" || typeof input.refreshToken !== "string" || typeof input.clientId !== "string") {
      return record(entry, Response.json({ error: "invalid_request" }, { status: 400, headers: { "x-amzn-ErrorType": "InvalidRequestException" } }));
    }
    return record(entry, Response.json({ accessToken: refreshedSsoToken, expiresIn: 3600, refreshToken: `${input.refreshToken}-next`, tokenType: "Bearer" }));
  }

  function imds(request: Request, url: URL): Response {
    if (url.pathname === "/latest/api/token") {
      if (request.method !== "PUT" || !request.headers.get("x-aws-ec2-metadata-token-ttl-seconds")) {
        return record({ endpoint: "imds-token", status: 0 }, new Response("", { status: 400 }));
      }
      const token = `imds-token-${randomUUID()}`;
      imdsTokens.add(token);
      return record({ endpoint: "imds-token", status: 0 }, new Response(token));
    }
    // IMDSv2: every metadata read must carry a token from the PUT above.
    if (!imdsTokens.has(request.headers.get("x-aws-ec2-metadata-token") ?? "")) {
      return record({ endpoint: "imds-unauthorized", status: 0 }, new Response("", { status: 401 }));
    }
    const base = "/latest/meta-data/iam/security-credentials/";
    if (url.pathname === base) return record({ endpoint: "imds-role", status: 0 }, new Response(imdsRole));
    if (url.pathname === `${base}${imdsRole}`) {
      const keys = issued.imds;
      return record(
        { endpoint: "imds-credentials", role: imdsRole, status: 0 },
        Response.json({
          Code: "Success",
          LastUpdated: new Date().toISOString(),
          Type: "AWS-HMAC",
          AccessKeyId: keys.accessKeyId,
          SecretAccessKey: keys.secretAccessKey,
          Token: keys.sessionToken,
          Expiration: new Date(Date.now() + 3600_000).toISOString(),
        }),
      );
    }
    return record({ endpoint: "imds-unknown", status: 0 }, new Response("", { status: 404 }));
  }

  function container(request: Request): Response {
    if (options.containerAuthorization !== undefined && request.headers.get("authorization") !== options.containerAuthorization) {
      return record({ endpoint: "container", status: 0 }, Response.json({ code: "AccessDenied", message: "bad authorization token" }, { status: 403 }));
    }
    const keys = issued.container;
    return record(
      { endpoint: "container", status: 0 },
      Response.json({
        AccessKeyId: keys.accessKeyId,
        SecretAccessKey: keys.secretAccessKey,
        Token: keys.sessionToken,
        Expiration: new Date(Date.now() + 3600_000).toISOString(),
      }),
    );
  }

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    development: false,
    ...(options.tls ? { tls: options.tls } : {}),
    fetch: (request) => {
      const url = new URL(request.url);
      if (url.pathname === "/federation/credentials") return sso(request, url);
      if (url.pathname.startsWith("/latest/")) return imds(request, url);
      if (url.pathname === "/container/credentials") return container(request);
      if (request.method === "POST" && url.pathname === "/token") return ssoOidcToken(request);
      if (request.method === "POST" && url.pathname === "/") return sts(request);
      return record({ endpoint: `unknown ${request.method} ${url.pathname}`, status: 0 }, new Response("not found", { status: 404 }));
    },
  });
  const url = server.url.origin;
  return {
    url,
    refreshedSsoToken,
    containerUri: `${url}/container/credentials`,
    issued,
    requests,
    fail: (endpoint, code, message) => {
      failures.set(endpoint, { code, message });
    },
    clearFailures: () => failures.clear(),
    stop: () => server.stop(true),
  };
}
