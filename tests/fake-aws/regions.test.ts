/**
 * One endpoint, many regions: the SigV4 credential scope picks the region,
 * and secrets (and ARNs) only resolve in their own region, as on AWS.
 */

import { afterAll, expect, test } from "bun:test";
import { GetSecretValueCommand, ResourceNotFoundException } from "@aws-sdk/client-secrets-manager";
import { rejectionOf, sdkClient } from "./sdk-test-client";
import { type FakeAws, startFakeAws } from "./server";

const fake: FakeAws = await startFakeAws({ accountId: "210987654321" });
const east = sdkClient(fake, { region: "us-east-1" });
const west = sdkClient(fake, { region: "eu-west-1" });

afterAll(async () => {
  east.destroy();
  west.destroy();
  await fake.stop();
});

test("the same name holds different secrets per region", async () => {
  const eastSeed = fake.seed({ name: "shared/name", secretString: "east-value" });
  const westSeed = fake.seed({ name: "shared/name", region: "eu-west-1", secretString: "west-value" });

  const fromEast = await east.send(new GetSecretValueCommand({ SecretId: "shared/name" }));
  const fromWest = await west.send(new GetSecretValueCommand({ SecretId: "shared/name" }));

  expect(fromEast.SecretString).toBe("east-value");
  expect(fromWest.SecretString).toBe("west-value");
  expect(eastSeed.arn).toStartWith("arn:aws:secretsmanager:us-east-1:210987654321:secret:shared/name-");
  expect(westSeed.arn).toStartWith("arn:aws:secretsmanager:eu-west-1:210987654321:secret:shared/name-");
  expect(fake.requests.map((r) => r.region)).toEqual(["us-east-1", "eu-west-1"]);
});

test("a name only resolves in its own region", async () => {
  fake.seed({ name: "only/west", region: "eu-west-1", secretString: "w" });

  const error = await rejectionOf(east.send(new GetSecretValueCommand({ SecretId: "only/west" })));

  expect(error).toBeInstanceOf(ResourceNotFoundException);
});

test("an ARN signed for another region is ResourceNotFoundException, full or partial", async () => {
  const { arn } = fake.seed({ name: "arn/west", region: "eu-west-1", secretString: "w" });

  const full = await rejectionOf(east.send(new GetSecretValueCommand({ SecretId: arn })));
  const partial = await rejectionOf(east.send(new GetSecretValueCommand({ SecretId: arn.slice(0, -7) })));
  const home = await west.send(new GetSecretValueCommand({ SecretId: arn }));

  expect(full).toBeInstanceOf(ResourceNotFoundException);
  expect(partial).toBeInstanceOf(ResourceNotFoundException);
  expect(home.SecretString).toBe("w");
});

test("an ARN from another region does not fall back to the same name in the signing region", async () => {
  const { arn: westArn } = fake.seed({ name: "twin", region: "eu-west-1", secretString: "west-twin" });
  fake.seed({ name: "twin", region: "us-east-1", secretString: "east-twin" });

  const partial = await rejectionOf(east.send(new GetSecretValueCommand({ SecretId: westArn.slice(0, -7) })));
  const full = await rejectionOf(east.send(new GetSecretValueCommand({ SecretId: westArn })));

  expect(partial).toBeInstanceOf(ResourceNotFoundException);
  expect(full).toBeInstanceOf(ResourceNotFoundException);
});
