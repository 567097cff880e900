import { expect, test } from "bun:test";
import { allows, decide, wildcardMatch } from "../../helpers/iam-eval.ts";

test("wildcards: * any run, ? exactly one character, everything else literal", () => {
  expect(wildcardMatch("a-??????", "a-AbC123")).toBe(true);
  expect(wildcardMatch("a-??????", "a-AbC12")).toBe(false);
  expect(wildcardMatch("a-??????", "a-AbC1234")).toBe(false);
  expect(wildcardMatch("a.b*", "a.bc/d")).toBe(true);
  expect(wildcardMatch("a.b", "axb")).toBe(false);
});

test("an explicit deny wins over an allow; nothing matching is an implicit deny", () => {
  const policy = {
    Statement: [
      { Effect: "Allow" as const, Action: "secretsmanager:*", Resource: "*" },
      { Effect: "Deny" as const, Action: "secretsmanager:DeleteSecret", Resource: "arn:x" },
    ],
  };
  expect(decide(policy, { action: "secretsmanager:GetSecretValue", resource: "arn:x" })).toBe("allow");
  expect(decide(policy, { action: "SecretsManager:deleteSecret", resource: "arn:x" })).toBe("explicit-deny");
  expect(decide({ Statement: [] }, { action: "kms:Decrypt", resource: "k" })).toBe("implicit-deny");
});

test("conditions: a missing key fails, StringEquals and ForAnyValue compare as IAM does", () => {
  const policy = {
    Statement: [
      {
        Effect: "Allow" as const,
        Action: "kms:Decrypt",
        Resource: "arn:k",
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" }, "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/app" } },
      },
    ],
  };
  const request = (context: Record<string, string | string[]>) => ({ action: "kms:Decrypt", resource: "arn:k", context });
  expect(allows(policy, request({ "kms:viaservice": "secretsmanager.us-east-1.amazonaws.com", "kms:ResourceAliases": ["alias/x", "alias/app"] }))).toBe(true);
  expect(allows(policy, request({ "kms:ViaService": "secretsmanager.us-west-2.amazonaws.com", "kms:ResourceAliases": ["alias/app"] }))).toBe(false);
  expect(allows(policy, request({ "kms:ResourceAliases": ["alias/app"] }))).toBe(false);
  expect(allows(policy, request({ "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com", "kms:ResourceAliases": ["alias/x"] }))).toBe(false);
});
