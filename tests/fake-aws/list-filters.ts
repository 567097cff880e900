/**
 * ListSecrets' Filters, matched as the Secrets Manager docs describe: name,
 * tag-key and tag-value are case-sensitive prefixes; description and all
 * split the value into words (at punctuation, letter/digit and
 * lower/upper-case changes) and match each word as a case-insensitive
 * prefix of a word of the description (description) or of the name,
 * description, tag keys and tag values (all). A value starting with "!"
 * negates. Values of one filter are alternatives; filters all apply.
 */

import { checkEnum, checkPattern, type JsonObject, optionalStringList, requiredString } from "./input";
import type { StoredSecret } from "./store";

export const FILTER_KEYS = [
  "description",
  "name",
  "tag-key",
  "tag-value",
  "primary-region",
  "owning-service",
  "all",
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface SecretFilter {
  key: FilterKey;
  values: string[];
}

const FILTER_VALUE = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/;
/** The pattern as the API model spells it, quoted so in its ValidationException. */
const FILTER_VALUE_SHOWN = String.raw`^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$`;

export function parseFilter(item: JsonObject, path: string): SecretFilter {
  const key = requiredString(item, "Key", {}, `${path}.Key`);
  checkEnum(`${path}.Key`, key, FILTER_KEYS);
  const values =
    optionalStringList(item, "Values", { minItems: 1, maxItems: 10, item: { max: 512 } }, `${path}.Values`) ?? [];
  values.forEach((value, index) => {
    checkPattern(`${path}.Values.${index + 1}.member`, value, FILTER_VALUE, FILTER_VALUE_SHOWN);
  });
  return { key: key as FilterKey, values };
}

/** Words as the docs define them: credsDatabase#892 -> creds, Database, 892. */
export function words(text: string): string[] {
  return text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
}

function prefixOf(attribute: string, value: string): boolean {
  return attribute.startsWith(value);
}

/** Every word of the value starts some word of the attribute, ignoring case. */
function wordsOf(attribute: string, value: string): boolean {
  const wanted = words(value).map((word) => word.toLowerCase());
  if (wanted.length === 0) return false;
  const have = words(attribute).map((word) => word.toLowerCase());
  return wanted.every((word) => have.some((candidate) => candidate.startsWith(word)));
}

function attributesFor(secret: StoredSecret, key: FilterKey): string[] {
  switch (key) {
    case "name":
      return [secret.name];
    case "description":
      return secret.description === undefined ? [] : [secret.description];
    case "tag-key":
      return [...secret.tags.keys()];
    case "tag-value":
      return [...secret.tags.values()];
    case "primary-region":
      // Without replication every secret's primary region is its own.
      return [secret.region];
    case "owning-service":
      // Secrets created by other AWS services are not modelled.
      return [];
    case "all":
      return [
        secret.name,
        ...(secret.description === undefined ? [] : [secret.description]),
        ...secret.tags.keys(),
        ...secret.tags.values(),
      ];
  }
}

function valueMatches(secret: StoredSecret, key: FilterKey, value: string): boolean {
  const negated = value.startsWith("!");
  const wanted = negated ? value.slice(1) : value;
  const match = key === "description" || key === "all" ? wordsOf : prefixOf;
  const found = attributesFor(secret, key).some((attribute) => match(attribute, wanted));
  return negated ? !found : found;
}

export function matchesFilters(secret: StoredSecret, filters: readonly SecretFilter[]): boolean {
  return filters.every((filter) => filter.values.some((value) => valueMatches(secret, filter.key, value)));
}
