/**
 * Every value of an answer is masked from the moment it arrives, through the
 * compiled binary: the leaves of a JSON secret that shaping never turns into
 * variables (keys not selected, a secret that fails to shape), quoted in
 * another secret's AWS error or echoed by the server as a version id, never
 * reach stderr. The canary check of runAgainst fails the test on any leak.
 */
import { expect, test } from "bun:test";
import { canary, registerCanary } from "../helpers/canary.ts";
import { runAgainst, useHostileServer } from "../hostile/run.ts";
import { awsError, json, secretValue, secretValueEntry } from "../hostile/server.ts";

const FIRST = "hostile/first";
const SECOND = "hostile/second";

const server = await useHostileServer();

/** A JSON secret whose leaves are all canaries: a string, a number, a nested string. */
function leafySecret() {
  const leaves = {
    used: canary("used"),
    unused: canary("unused-leaf"),
    number: registerCanary(String(4_000_000_000 + Math.floor(Math.random() * 1_000_000_000))),
    nested: canary("nested-leaf"),
  };
  const text = `{"USED":"${leaves.used}","UNUSED":"${leaves.unused}","PIN":${leaves.number},"db":{"password":"${leaves.nested}"}}`;
  return { leaves, text };
}

/** An IAM-style denial that quotes text it should not. */
function deniedQuoting(...quoted: string[]): string {
  return `User: arn:aws:iam::123456789012:user/app is not authorized to perform: secretsmanager:GetSecretValue (context: ${quoted.join(" / ")})`;
}

const DENIED_HINT = "your credentials may not read it: allow secretsmanager:GetSecretValue on this secret (see https://github.com/env-secrets/env-secrets/blob/main/docs/security.md#minimal-iam-policy)";

test("another secret's AccessDenied quoting the leaves of a JSON secret whose keys were not selected: masked (GetSecretValue)", async () => {
  const { leaves, text } = leafySecret();
  server.respond((request) => {
    if (request.secretIds[0] === FIRST) return secretValue(FIRST, text);
    return awsError("AccessDeniedException", deniedQuoting(leaves.unused, leaves.number, leaves.nested));
  });
  const result = await runAgainst(server.url, [`${FIRST}#USED`, SECOND]);
  expect(result.lines).toEqual([
    `env-secrets: ${SECOND}: AccessDeniedException — ${DENIED_HINT} (AWS: ${deniedQuoting("****", "****", "****")})`,
  ]);
  expect([result.exitCode, result.childRan]).toEqual([125, false]);
});

test("the same inside one BatchGetSecretValue page (--batch): a member's error quotes another member's leaves", async () => {
  const { leaves, text } = leafySecret();
  server.respond(() =>
    json({
      SecretValues: [secretValueEntry(FIRST, text)],
      Errors: [{ SecretId: SECOND, ErrorCode: "AccessDeniedException", Message: deniedQuoting(leaves.unused, leaves.number, leaves.nested) }],
    }),
  );
  const result = await runAgainst(server.url, [`${FIRST}#USED`, SECOND], ["--batch"]);
  expect(result.lines).toEqual([
    `env-secrets: ${SECOND}: AccessDeniedException — ${DENIED_HINT} (AWS: ${deniedQuoting("****", "****", "****")})`,
  ]);
  expect(result.childRan).toBe(false);
});

test("a JSON secret that fails to shape: another secret's error quoting its values is still masked", async () => {
  const { leaves } = leafySecret();
  // Two keys that become the same variable: the secret fails before shaping registers anything.
  const clashing = JSON.stringify({ "a-b": leaves.unused, a_b: leaves.nested });
  server.respond((request) => {
    if (request.secretIds[0] === FIRST) return secretValue(FIRST, clashing);
    return awsError("AccessDeniedException", deniedQuoting(leaves.unused, leaves.nested));
  });
  const result = await runAgainst(server.url, [FIRST, SECOND], ["--normalize-names"]);
  expect(result.lines).toHaveLength(2);
  expect(result.lines).toContain(`env-secrets: ${SECOND}: AccessDeniedException — ${DENIED_HINT} (AWS: ${deniedQuoting("****", "****")})`);
  expect(result.childRan).toBe(false);
});

test("--debug: a version id and an ARN the server echoes with a value in them are printed masked", async () => {
  const { leaves, text } = leafySecret();
  server.respond(() =>
    secretValue(FIRST, text, { VersionId: leaves.unused, ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${leaves.nested}` }),
  );
  const result = await runAgainst(server.url, [`${FIRST}#USED`], ["--debug"]);
  expect(result.exitCode).toBe(0);
  expect(result.childEnv().USED).toBe(leaves.used);
  const fetched = result.lines.filter((line) => line.includes(`fetched ${FIRST}#USED`));
  expect(fetched).toEqual([expect.stringContaining("(arn:aws:secretsmanager:us-east-1:123456789012:secret:****, version ****)")]);
});
