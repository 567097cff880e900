/**
 * A small IAM identity-policy evaluator, so a test can run the product under
 * a least-privilege policy and see exactly the calls AWS would refuse.
 *
 * What it models: Allow and Deny statements (an explicit Deny wins, nothing
 * allowed is an implicit deny); Action/NotAction matched without regard to
 * case, Resource/NotResource matched with case, both with the `*` and `?`
 * wildcards; the condition operators StringEquals, StringNotEquals,
 * StringLike and StringNotLike on aws:RequestedRegion and kms:ViaService.
 * Anything else in a policy (other operators or keys, policy variables,
 * Principal) is refused when the policy is set, so a test cannot rely on a
 * condition the fake would silently ignore.
 */

export type PolicyValue = string | string[];

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: PolicyValue;
  NotAction?: PolicyValue;
  Resource?: PolicyValue;
  NotResource?: PolicyValue;
  Condition?: Record<string, Record<string, PolicyValue>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** One call as IAM sees it: the action, the resource ARN ("*" for account-wide calls) and context keys. */
export interface AuthorizationRequest {
  action: string;
  resource: string;
  context: Readonly<Record<string, string>>;
}

export type Decision = "allow" | "implicit-deny" | "explicit-deny";

/** A shorthand for tests: allow these actions (bare operation names mean secretsmanager:) on these resources. */
export interface AllowRule {
  action: PolicyValue;
  /** Default "*". */
  resource?: PolicyValue;
}

const OPERATORS = new Set(["StringEquals", "StringNotEquals", "StringLike", "StringNotLike"]);
const CONDITION_KEYS = new Set(["aws:requestedregion", "kms:viaservice"]);
const STATEMENT_MEMBERS = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"]);

function list(value: PolicyValue | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const source = pattern
    .split("")
    .map((char) => {
      if (char === "*") return ".*";
      if (char === "?") return ".";
      return char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s");
}

function matchesAny(patterns: string[], value: string, ignoreCase: boolean): boolean {
  return patterns.some((pattern) => wildcardRegExp(pattern, ignoreCase).test(value));
}

function checkStatement(statement: PolicyStatement, where: string): void {
  for (const member of Object.keys(statement)) {
    if (!STATEMENT_MEMBERS.has(member)) throw new RangeError(`${where}: "${member}" is not modelled by the fake`);
  }
  if (statement.Effect !== "Allow" && statement.Effect !== "Deny") {
    throw new RangeError(`${where}: Effect must be "Allow" or "Deny"`);
  }
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) {
    throw new RangeError(`${where}: give exactly one of Action or NotAction`);
  }
  if ((statement.Resource === undefined) === (statement.NotResource === undefined)) {
    throw new RangeError(`${where}: give exactly one of Resource or NotResource`);
  }
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    if (!OPERATORS.has(operator)) throw new RangeError(`${where}: condition operator ${operator} is not modelled`);
    for (const key of Object.keys(keys)) {
      if (!CONDITION_KEYS.has(key.toLowerCase())) {
        throw new RangeError(`${where}: condition key ${key} is not modelled`);
      }
    }
  }
  const values = [...list(statement.Resource), ...list(statement.NotResource)];
  if (values.some((value) => value.includes("${"))) {
    throw new RangeError(`${where}: policy variables are not modelled`);
  }
}

function contextValue(context: Readonly<Record<string, string>>, key: string): string | undefined {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) if (name.toLowerCase() === wanted) return value;
  return undefined;
}

/** Each operator and key must hold; a key missing from the request only satisfies a negated operator. */
function conditionsHold(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const actual = contextValue(request.context, key);
      const negated = operator.includes("Not");
      if (actual === undefined) return negated;
      const like = operator.endsWith("Like");
      const found = list(expected).some((value) =>
        like ? wildcardRegExp(value, false).test(actual) : value === actual,
      );
      return negated ? !found : found;
    }),
  );
}

function applies(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  const actionMatches =
    statement.Action !== undefined
      ? matchesAny(list(statement.Action), request.action, true)
      : !matchesAny(list(statement.NotAction), request.action, true);
  if (!actionMatches) return false;
  const resourceMatches =
    statement.Resource !== undefined
      ? matchesAny(list(statement.Resource), request.resource, false)
      : !matchesAny(list(statement.NotResource), request.resource, false);
  return resourceMatches && conditionsHold(statement, request);
}

export class IdentityPolicy {
  private readonly statements: PolicyStatement[];

  constructor(document: PolicyDocument) {
    this.statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    this.statements.forEach((statement, index) => {
      checkStatement(statement, `policy Statement[${index}]`);
    });
  }

  evaluate(request: AuthorizationRequest): Decision {
    const matching = this.statements.filter((statement) => applies(statement, request));
    if (matching.some((statement) => statement.Effect === "Deny")) return "explicit-deny";
    return matching.length > 0 ? "allow" : "implicit-deny";
  }
}

/** `allowOnly([{ action: "GetSecretValue", resource: "arn:…:secret:app/*" }])` as a policy document. */
export function allowOnlyPolicy(rules: readonly AllowRule[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: rules.map((rule) => ({
      Effect: "Allow",
      Action: list(rule.action).map((action) => (action.includes(":") ? action : `secretsmanager:${action}`)),
      Resource: rule.resource ?? "*",
    })),
  };
}
