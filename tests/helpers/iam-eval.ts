/**
 * A small IAM policy evaluator, for tests of the policies env-secrets prints:
 * does a policy allow one call? It follows IAM's rules for what those
 * policies use: an explicit Deny wins, otherwise some Allow must match, and
 * nothing matching is an implicit deny. Actions match case-insensitively,
 * resources case-sensitively, both with `*` (any run of characters) and `?`
 * (exactly one). Conditions: StringEquals, StringLike and their
 * ForAnyValue: forms, on keys matched case-insensitively; a condition on a
 * key the request does not carry fails.
 */
export interface IamStatement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface IamDocument {
  Statement: IamStatement[];
}

export interface IamRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

export type Decision = "allow" | "explicit-deny" | "implicit-deny";

export function decide(policy: IamDocument, request: IamRequest): Decision {
  const matching = policy.Statement.filter((s) => statementMatches(s, request));
  if (matching.some((s) => s.Effect === "Deny")) return "explicit-deny";
  return matching.some((s) => s.Effect === "Allow") ? "allow" : "implicit-deny";
}

export function allows(policy: IamDocument, request: IamRequest): boolean {
  return decide(policy, request) === "allow";
}

function statementMatches(statement: IamStatement, request: IamRequest): boolean {
  return (
    list(statement.Action).some((pattern) => wildcardMatch(pattern.toLowerCase(), request.action.toLowerCase())) &&
    list(statement.Resource).some((pattern) => wildcardMatch(pattern, request.resource)) &&
    Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, expected]) => conditionHolds(operator, contextValue(request, key), list(expected))),
    )
  );
}

function conditionHolds(operator: string, actual: string[] | undefined, expected: string[]): boolean {
  if (actual === undefined) return false;
  const [qualifier, test] = operator.includes(":") ? (operator.split(":") as [string, string]) : [undefined, operator];
  const compare =
    test === "StringEquals" ? (a: string, e: string) => a === e : test === "StringLike" ? (a: string, e: string) => wildcardMatch(e, a) : undefined;
  if (!compare) throw new Error(`iam-eval: condition operator ${operator} is not supported`);
  if (qualifier === undefined) return actual.length === 1 && expected.some((e) => compare(actual[0]!, e));
  if (qualifier === "ForAnyValue") return actual.some((a) => expected.some((e) => compare(a, e)));
  if (qualifier === "ForAllValues") return actual.every((a) => expected.some((e) => compare(a, e)));
  throw new Error(`iam-eval: condition qualifier ${qualifier} is not supported`);
}

function contextValue(request: IamRequest, key: string): string[] | undefined {
  const found = Object.entries(request.context ?? {}).find(([name]) => name.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : list(found[1]);
}

/** IAM's wildcards: `*` any run of characters (none included), `?` exactly one. */
export function wildcardMatch(pattern: string, text: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\/-]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "s").test(text);
}

function list<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}
