import { setCredentialFeature } from "@aws-sdk/core/client";
import type { AwsCredentialIdentity } from "@smithy/types";
import { EnvSecretsError } from "../../errors.ts";
import { redactor } from "../../log/logger.ts";

/** More than any credentials JSON: a process printing without end is stopped. */
const MAX_STDOUT_BYTES = 1024 * 1024;
/** Only the last line of stderr is shown, and only this much of it; only the tail is kept. */
const MAX_STDERR_LINE = 300;
const STDERR_TAIL_BYTES = 16 * 1024;

const FORMAT = 'it must print Version 1 JSON on stdout: {"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}';

/**
 * A profile that gets its credentials straight from `credential_process`, as
 * the SDK decides it: no role to assume and no static keys take precedence.
 */
export function usesOwnCredentialProcess(profile: Record<string, string | undefined> | undefined): profile is Record<string, string> & { credential_process: string } {
  return typeof profile?.credential_process === "string" && profile.role_arn === undefined && profile.aws_access_key_id === undefined;
}

/**
 * Runs a profile's `credential_process` as the AWS CLI and SDK do (through
 * the shell, output as Version 1 JSON), but fails with what went wrong: the
 * exit status and the last line of its stderr, an unsupported Version,
 * expired credentials, output that is not JSON. The SDK's own runner keeps
 * only the message, and its default chain then goes on to other sources.
 * stdin is /dev/null: env-secrets' stdin belongs to the program it starts.
 */
export async function runCredentialProcess(
  profileName: string,
  command: string,
  accountId: string | undefined,
  deadline: AbortSignal,
): Promise<AwsCredentialIdentity> {
  const subject = `credential_process of profile ${profileName}`;
  const fail = (reason: string, hint: string) => new EnvSecretsError({ subject: "credentials", reason: `${subject} ${reason}`, hint });
  const shell = process.platform === "win32" ? [process.env.ComSpec || "cmd.exe", "/d", "/s", "/c", command] : ["/bin/sh", "-c", command];
  let child: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    child = Bun.spawn({ cmd: shell, env: process.env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  } catch (error) {
    throw fail(`could not be started (${(error as { code?: string }).code ?? "error"})`, "check the shell and the command in the profile");
  }
  // Killed in the abort itself: env-secrets exits right after a time-out, and must not leave it running.
  const stop = () => child.kill();
  deadline.addEventListener("abort", stop, { once: true });
  let stdout: string | undefined;
  let stderr: string;
  try {
    [stdout, stderr] = await Promise.all([readCapped(child.stdout, MAX_STDOUT_BYTES, stop), readTail(child.stderr, STDERR_TAIL_BYTES)]);
    await child.exited;
  } finally {
    deadline.removeEventListener("abort", stop);
  }
  if (stdout === undefined) throw fail(`printed more than ${MAX_STDOUT_BYTES / 1024 / 1024} MiB`, FORMAT);
  const said = lastLine(stderr);
  const context = said ? ` (stderr: ${said})` : "";
  if (child.signalCode) throw fail(`was killed by ${child.signalCode}${context}`, "run the command by hand to see why");
  if (child.exitCode !== 0) throw fail(`exited with status ${child.exitCode}${context}`, "run the command by hand to see why");
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(stdout.trim());
  } catch {
    throw fail("printed no valid JSON", FORMAT);
  }
  if (typeof data !== "object" || data === null) throw fail("printed no valid JSON", FORMAT);
  // Before anything can fail: an error line must never show them.
  for (const field of ["SecretAccessKey", "SessionToken"]) if (typeof data[field] === "string") redactor.register(data[field]);
  if (data.Version !== 1) throw fail(`printed unsupported Version ${JSON.stringify(data.Version) ?? "(none)"}`, FORMAT);
  if (typeof data.AccessKeyId !== "string" || typeof data.SecretAccessKey !== "string") throw fail("printed no AccessKeyId or SecretAccessKey", FORMAT);
  let expiration: Date | undefined;
  if (data.Expiration !== undefined) {
    expiration = new Date(String(data.Expiration));
    if (Number.isNaN(expiration.getTime())) throw fail("printed an Expiration that is not a date", FORMAT);
    if (expiration.getTime() <= Date.now()) {
      throw fail(`printed credentials that expired at ${expiration.toISOString()}`, "make it print fresh ones (a cache it keeps may be stale)");
    }
  }
  const credentials: AwsCredentialIdentity = {
    accessKeyId: data.AccessKeyId,
    secretAccessKey: data.SecretAccessKey,
    ...(typeof data.SessionToken === "string" ? { sessionToken: data.SessionToken } : {}),
    ...(expiration ? { expiration } : {}),
    ...(typeof data.CredentialScope === "string" ? { credentialScope: data.CredentialScope } : {}),
    ...(typeof data.AccountId === "string" ? { accountId: data.AccountId } : accountId ? { accountId } : {}),
  };
  // As the SDK stamps them, for --debug and the user agent.
  setCredentialFeature(credentials, "CREDENTIALS_PROCESS", "w");
  return setCredentialFeature(credentials, "CREDENTIALS_PROFILE_PROCESS", "v");
}

/** The whole stream as text, or undefined (after `stop`) once it passes `limit` bytes. */
async function readCapped(stream: ReadableStream<Uint8Array>, limit: number, stop: () => void): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) {
      stop();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The last `keep` bytes of the stream, as text. */
async function readTail(stream: ReadableStream<Uint8Array>, keep: number): Promise<string> {
  let tail = Buffer.alloc(0);
  for await (const chunk of stream) {
    tail = Buffer.concat([tail, chunk]);
    if (tail.byteLength > keep) tail = tail.subarray(tail.byteLength - keep);
  }
  return tail.toString("utf8");
}

/** The last non-blank line, without control characters, cut to a length a line can bear. */
function lastLine(text: string): string {
  const line = text.split(/\r?\n/).map((each) => each.trim()).filter(Boolean).pop() ?? "";
  const clean = line.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > MAX_STDERR_LINE ? `${clean.slice(0, MAX_STDERR_LINE)}…` : clean;
}
