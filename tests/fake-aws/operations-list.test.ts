/**
 * ListSecrets through the real SDK client: server-side Filters as the docs
 * describe them, sorting, NextToken paging (with the SDK's own paginator),
 * planned deletions, and the errors for bad input. Each test lists a region
 * of its own so the secrets of other tests do not show.
 */

import { afterAll, describe, expect, test } from "bun:test";
import {
  type Filter,
  ListSecretsCommand,
  type ListSecretsCommandInput,
  paginateListSecrets,
} from "@aws-sdk/client-secrets-manager";
import { rejectionOf, sdkClient } from "./sdk-test-client";
import { type FakeAws, type SeedSecret, startFakeAws } from "./server";
import { words } from "./list-filters";

const fake: FakeAws = await startFakeAws();
const clients: { destroy(): void }[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await fake.stop();
});

let regionCounter = 0;
/** A fresh region with these secrets seeded in order, and a client for it. */
function regionWith(seeds: Omit<SeedSecret, "region">[]) {
  regionCounter += 1;
  const region = `eu-test-${regionCounter}`;
  for (const seed of seeds) fake.seed({ ...seed, region });
  const client = sdkClient(fake, { region });
  clients.push(client);
  const names = async (input: ListSecretsCommandInput = {}) =>
    ((await client.send(new ListSecretsCommand(input))).SecretList ?? []).map((entry) => entry.Name ?? "");
  return { client, names, region };
}

const SECRETS: Omit<SeedSecret, "region">[] = [
  { name: "app/db", secretString: "s1", description: "Primary database password", tags: { team: "core", env: "prod" } },
  { name: "app/api", secretString: "s2", description: "third-party API key", tags: { team: "edge" } },
  { name: "App/legacy", secretString: "s3", tags: { owner: "core-team" } },
  { name: "ci/token", secretString: "s4", description: "credsDatabase#892 backup" },
];

const filtered = (...filters: Filter[]) => ({ Filters: filters });

describe("Filters", () => {
  const { names } = regionWith(SECRETS);

  test("name is a case-sensitive prefix", async () => {
    expect(await names(filtered({ Key: "name", Values: ["app/"] }))).toEqual(["app/db", "app/api"]);
    expect(await names(filtered({ Key: "name", Values: ["App"] }))).toEqual(["App/legacy"]);
  });

  test("tag-key and tag-value are case-sensitive prefixes", async () => {
    expect(await names(filtered({ Key: "tag-key", Values: ["team"] }))).toEqual(["app/db", "app/api"]);
    expect(await names(filtered({ Key: "tag-value", Values: ["core"] }))).toEqual(["app/db", "App/legacy"]);
    expect(await names(filtered({ Key: "tag-value", Values: ["Core"] }))).toEqual([]);
  });

  test("description matches words, ignoring case", async () => {
    expect(await names(filtered({ Key: "description", Values: ["database"] }))).toEqual(["app/db", "ci/token"]);
    expect(await names(filtered({ Key: "description", Values: ["api key"] }))).toEqual(["app/api"]);
  });

  test("all searches name, description and tags by words", async () => {
    expect(await names(filtered({ Key: "all", Values: ["legacy"] }))).toEqual(["App/legacy"]);
    expect(await names(filtered({ Key: "all", Values: ["prod"] }))).toEqual(["app/db"]);
  });

  test("values of one filter are alternatives, filters all apply, and ! negates", async () => {
    expect(await names(filtered({ Key: "name", Values: ["ci/", "App/"] }))).toEqual(["App/legacy", "ci/token"]);
    expect(
      await names(filtered({ Key: "name", Values: ["app/"] }, { Key: "tag-value", Values: ["edge"] })),
    ).toEqual(["app/api"]);
    expect(await names(filtered({ Key: "name", Values: ["!app/"] }))).toEqual(["App/legacy", "ci/token"]);
  });

  test("entries carry metadata and SecretVersionsToStages, never a value", async () => {
    const { client } = regionWith([{ name: "one", secretString: "list-canary", description: "d" }]);

    const output = await client.send(new ListSecretsCommand({}));
    const [entry] = output.SecretList ?? [];

    expect(entry).toMatchObject({ Name: "one", Description: "d" });
    expect(Object.values(entry?.SecretVersionsToStages ?? {})).toEqual([["AWSCURRENT"]]);
    expect(entry?.CreatedDate).toBeInstanceOf(Date);
    expect(output.NextToken).toBeUndefined();
    expect(JSON.stringify(output)).not.toContain("list-canary");
  });

  test("words split like the docs say", () => {
    expect(words("credsDatabase#892")).toEqual(["creds", "Database", "892"]);
    expect(words("my_secret-HTTPServer2")).toEqual(["my", "secret", "HTTP", "Server", "2"]);
  });
});

describe("paging and order", () => {
  const many = Array.from({ length: 7 }, (_, i) => ({ name: `page/s${i}`, secretString: `v${i}` }));

  test("MaxResults pages with NextToken until the end, and the SDK paginator walks them", async () => {
    const { client, names } = regionWith(many);

    const first = await client.send(new ListSecretsCommand({ MaxResults: 3 }));
    const second = await client.send(new ListSecretsCommand({ MaxResults: 3, NextToken: first.NextToken }));
    const seen: string[] = [];
    for await (const page of paginateListSecrets({ client, pageSize: 3 }, {})) {
      for (const entry of page.SecretList ?? []) seen.push(entry.Name ?? "");
    }

    expect(first.SecretList?.map((e) => e.Name)).toEqual(["page/s0", "page/s1", "page/s2"]);
    expect(second.SecretList?.map((e) => e.Name)).toEqual(["page/s3", "page/s4", "page/s5"]);
    expect(seen).toEqual(await names());
    expect(seen).toHaveLength(7);
  });

  test("oldest first by default; SortOrder desc and SortBy name", async () => {
    const { names } = regionWith([
      { name: "b", secretString: "1" },
      { name: "c", secretString: "2" },
      { name: "a", secretString: "3" },
    ]);

    expect(await names()).toEqual(["b", "c", "a"]);
    expect(await names({ SortOrder: "desc" })).toEqual(["a", "c", "b"]);
    expect(await names({ SortBy: "name" })).toEqual(["a", "b", "c"]);
  });

  test("secrets scheduled for deletion show only with IncludePlannedDeletion, with DeletedDate", async () => {
    const { client, names } = regionWith([
      { name: "live", secretString: "1" },
      { name: "doomed", secretString: "2", deleted: true, recoveryWindowInDays: 7 },
    ]);

    const all = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));

    expect(await names()).toEqual(["live"]);
    expect(all.SecretList?.map((e) => [e.Name, e.DeletedDate instanceof Date])).toEqual([
      ["live", false],
      ["doomed", true],
    ]);
  });
});

describe("bad input", () => {
  const { client } = regionWith([]);

  test("MaxResults over 100, an unknown filter key and a bad filter value are ValidationException", async () => {
    const tooMany = await rejectionOf(client.send(new ListSecretsCommand({ MaxResults: 101 })));
    const badKey = await rejectionOf(
      client.send(new ListSecretsCommand(filtered({ Key: "colour" as Filter["Key"], Values: ["x"] }))),
    );
    const badValue = await rejectionOf(client.send(new ListSecretsCommand(filtered({ Key: "name", Values: ["a*"] }))));

    expect(tooMany.name).toBe("ValidationException");
    expect(tooMany.message).toBe(
      "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    expect(badKey.name).toBe("ValidationException");
    expect(badKey.message).toContain("at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set");
    expect(badValue.name).toBe("ValidationException");
    expect(badValue.message).toContain("'filters.1.member.values.1.member'");
  });

  test("a NextToken the fake did not hand out is InvalidNextTokenException", async () => {
    const error = await rejectionOf(client.send(new ListSecretsCommand({ NextToken: "garbage" })));

    expect(error.name).toBe("InvalidNextTokenException");
  });
});
