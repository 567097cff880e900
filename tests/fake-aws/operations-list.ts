/**
 * ListSecrets: the region's secrets, filtered on the server, sorted and
 * paged with an opaque NextToken. Secrets scheduled for deletion are left
 * out unless IncludePlannedDeletion is true.
 */

import { invalidNextToken } from "./errors";
import {
  type JsonObject,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalStructureList,
} from "./input";
import { matchesFilters, parseFilter } from "./list-filters";
import type { OperationContext } from "./operations";
import { secretMetadata } from "./shapes";
import type { StoredSecret } from "./store";

const SORT_ORDERS = ["asc", "desc"] as const;
const SORT_BY = ["created-date", "last-accessed-date", "last-changed-date", "name"] as const;
const DEFAULT_MAX_RESULTS = 100;

type SortBy = (typeof SORT_BY)[number];

function sortKey(secret: StoredSecret, by: SortBy): number | string {
  switch (by) {
    case "created-date":
      return secret.createdAtMs;
    case "last-accessed-date":
      return secret.lastAccessedAtMs ?? 0;
    case "last-changed-date":
      return secret.lastChangedAtMs;
    case "name":
      return secret.name;
  }
}

/** Secrets with equal keys (created in the same millisecond, say) are ordered by creation too. */
function sorted(secrets: StoredSecret[], by: SortBy, order: "asc" | "desc"): StoredSecret[] {
  const direction = order === "asc" ? 1 : -1;
  return secrets
    .map((secret, index) => ({ secret, index, key: sortKey(secret, by) }))
    .sort((a, b) => {
      if (a.key < b.key) return -direction;
      if (a.key > b.key) return direction;
      return (a.index - b.index) * direction;
    })
    .map((entry) => entry.secret);
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodeToken(token: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const offset = (parsed as { offset?: unknown }).offset;
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the error below.
  }
  throw invalidNextToken();
}

export function LIST_SECRETS(context: OperationContext, input: JsonObject): JsonObject {
  const includeDeleted = optionalBoolean(input, "IncludePlannedDeletion") ?? false;
  const maxResults = optionalInteger(input, "MaxResults", { min: 1, max: 100 }) ?? DEFAULT_MAX_RESULTS;
  const nextToken = optionalString(input, "NextToken", { min: 1, max: 4096 });
  const filters = optionalStructureList(input, "Filters", parseFilter, { maxItems: 10 }) ?? [];
  // The API leaves the default order unsaid; the fake lists oldest first.
  const order = optionalEnum(input, "SortOrder", SORT_ORDERS) ?? "asc";
  const by = optionalEnum(input, "SortBy", SORT_BY) ?? "created-date";
  const offset = nextToken === undefined ? 0 : decodeToken(nextToken);

  const matching = context.store
    .list(context.region)
    .filter((secret) => includeDeleted || secret.deletionDateMs === undefined)
    .filter((secret) => matchesFilters(secret, filters));
  const page = sorted(matching, by, order).slice(offset, offset + maxResults);
  const output: JsonObject = {
    SecretList: page.map((secret) => secretMetadata(secret, "SecretVersionsToStages")),
  };
  if (offset + maxResults < matching.length) output.NextToken = encodeToken(offset + maxResults);
  return output;
}
