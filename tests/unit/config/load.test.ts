import { describe, expect, test } from "bun:test";
import { parseConfig } from "../../../src/config/load.ts";
import { thrownError } from "../../helpers/errors.ts";

const failure = (path: string, text: string): string => thrownError(() => parseConfig(path, text)).message;

const HINT = "fix the config file, or choose another with --config <file> or none with --no-config";

describe("parseConfig", () => {
  test("maps the upstream fields and ours onto secret references and shaping options", () => {
    const config = parseConfig(
      "/c/.env-secrets.yml",
      `provider: aws
profile: dev
region: eu-west-1
prefix: APP_
flatten: true
normalizeNames: true
noOverride: true
secrets:
  - name: app/dev
    keys: [API_KEY, DB_URL]
    prefix: DEV_
  - name: app/token
    as: TOKEN
    versionStage: AWSPREVIOUS
  - name: arn:aws:secretsmanager:us-west-2:123456789012:secret:nested-AbCdEf
    flatten: "__"
    versionId: v-1
  - plain/name
`,
    );
    expect(config).toEqual({
      path: "/c/.env-secrets.yml",
      provider: "aws",
      profile: "dev",
      region: "eu-west-1",
      shaping: { prefix: "APP_", flattenSeparator: "_", normalizeNames: true, noOverride: true },
      secrets: [
        { label: "app/dev", secretId: "app/dev", fromConfig: true, keys: ["API_KEY", "DB_URL"], prefix: "DEV_" },
        { label: "app/token", secretId: "app/token", fromConfig: true, as: "TOKEN", versionStage: "AWSPREVIOUS" },
        {
          label: "arn:aws:secretsmanager:us-west-2:123456789012:secret:nested-AbCdEf",
          secretId: "arn:aws:secretsmanager:us-west-2:123456789012:secret:nested-AbCdEf",
          fromConfig: true,
          arnRegion: "us-west-2",
          flattenSeparator: "__",
          versionId: "v-1",
        },
        { label: "plain/name", secretId: "plain/name", fromConfig: true },
      ],
    });
  });

  test("JSON for a .json name; an empty file is an empty config", () => {
    expect(parseConfig("/c/x.json", `{"provider":"aws","secrets":[{"name":"a"}]}`).secrets).toEqual([{ label: "a", secretId: "a", fromConfig: true }]);
    expect(parseConfig("/c/.env-secrets.yml", "")).toEqual({ path: "/c/.env-secrets.yml", shaping: {} });
  });

  test("dotenv: true reads a secret's KEY=value lines; with as and no keys it would read nothing, so it is an error", () => {
    expect(parseConfig("/c/x.yml", "secrets:\n  - name: app/env\n    dotenv: true\n  - name: app/json\n    dotenv: false\n").secrets).toEqual([
      { label: "app/env", secretId: "app/env", fromConfig: true, dotenv: true },
      { label: "app/json", secretId: "app/json", fromConfig: true },
    ]);
    expect(parseConfig("/c/x.yml", "secrets:\n  - name: app/env\n    keys: [A]\n    as: B\n    dotenv: true\n").secrets).toEqual([
      { label: "app/env", secretId: "app/env", fromConfig: true, keys: ["A"], as: "B", dotenv: true },
    ]);
    expect(failure("/c/x.yml", "secrets:\n  - name: app/env\n    as: ALL\n    dotenv: true\n")).toBe(
      `/c/x.yml:4: secrets[0].dotenv: as puts the whole secret in one variable, so there are no KEY=value lines to read — drop dotenv, or select a key with keys: [KEY]; ${HINT}`,
    );
    expect(failure("/c/x.yml", "secrets:\n  - name: app/env\n    dotenv: yes please\n")).toBe(`/c/x.yml:3: secrets[0].dotenv: expected true or false — ${HINT}`);
    expect(failure("/c/x.yml", "secrets:\n  - name: dotenv:app/env\n")).toBe(
      `/c/x.yml:2: secrets[0].name: dotenv: belongs to -s references; a secret name has no colon — write dotenv: true next to name: app/env; ${HINT}`,
    );
  });

  test("a secret name is never read as VAR= or #KEY syntax", () => {
    expect(parseConfig("/c/x.yml", "secrets:\n  - name: a=b#c\n").secrets).toEqual([{ label: "a=b#c", secretId: "a=b#c", fromConfig: true }]);
  });

  test("errors name the file, the line and the field", () => {
    expect(failure("/c/.env-secrets.yml", "provider: aws\nsecrets:\n  - name: a\n  - name: b\n    keys: API_KEY\n")).toBe(
      `/c/.env-secrets.yml:5: secrets[1].keys: expected a non-empty list of key names — e.g. [API_KEY]; ${HINT}`,
    );
    expect(failure("/c/.env-secrets.yml", "provider: vault\n")).toBe(
      `/c/.env-secrets.yml:1: provider: unsupported provider "vault" — the only provider is aws; ${HINT}`,
    );
    expect(failure("/c/.env-secrets.yml", "region: us-east-1\nsecrets:\n  - name: a\n    kyes: [A]\n")).toBe(
      `/c/.env-secrets.yml:4: secrets[0].kyes: unknown field — fields here: name, keys, as, dotenv, versionStage, versionId, prefix, flatten; ${HINT}`,
    );
    expect(failure("/c/.env-secrets.yml", "secrets:\n  - keys: [A]\n")).toBe(
      `/c/.env-secrets.yml:2: secrets[0]: missing name — each secret needs name: <secret name or ARN>; ${HINT}`,
    );
    expect(failure("/c/.env-secrets.yml", "secrets: []\n")).toBe(
      `/c/.env-secrets.yml:1: secrets: expected a non-empty list of secrets — e.g. secrets: [{ name: my-app/prod }]; ${HINT}`,
    );
    expect(failure("/c/.env-secrets.yml", "secrets:\n  - name: a\n    as: 9LIVES\n")).toBe(
      `/c/.env-secrets.yml:3: secrets[0].as: "9LIVES" is not a valid variable name — use letters, digits and _, not starting with a digit; ${HINT}`,
    );
    expect(failure("/c/.env-secrets.yml", "secrets:\n  - name: a\n    keys: [A, B]\n    as: X\n")).toBe(
      `/c/.env-secrets.yml:4: secrets[0].as: as names one variable, but keys lists several — list one key with as, or drop as; ${HINT}`,
    );
    expect(failure("/c/.env-secrets.yml", "region: 12\n")).toBe(`/c/.env-secrets.yml:1: region: expected a non-empty string — ${HINT}`);
    expect(failure("/c/.env-secrets.yml", "noOverride: yes please\n")).toBe(`/c/.env-secrets.yml:1: noOverride: expected true or false — ${HINT}`);
    expect(failure("/c/.env-secrets.yml", "flatten: 3\n")).toBe(`/c/.env-secrets.yml:1: flatten: expected true, false or a separator string — ${HINT}`);
    expect(failure("/c/.env-secrets.yml", "- a\n- b\n")).toBe(
      `/c/.env-secrets.yml: expected a mapping of fields at the top — fields: ${["provider", "profile", "region", "secrets", "prefix", "flatten", "normalizeNames", "noOverride", "batch", "watch"].join(", ")}; ${HINT}`,
    );
  });

  test("a secret entry that is not a mapping, and an ARN that is not one", () => {
    expect(failure("/c/x.yml", "secrets:\n  - 42\n")).toBe(
      `/c/x.yml:2: secrets[0]: expected a mapping of fields — fields: name, keys, as, dotenv, versionStage, versionId, prefix, flatten; ${HINT}`,
    );
    expect(failure("/c/x.yml", "secrets:\n  - name: arn:aws:s3:::bucket\n")).toBe(
      `/c/x.yml:2: secrets[0].name: not a Secrets Manager ARN — expected arn:aws:secretsmanager:<region>:<account>:secret:<name>; ${HINT}`,
    );
    expect(failure("/c/x.yml", "allowOverride: [LD_PRELOAD]\n")).toBe(
      `/c/x.yml:1: allowOverride: not allowed in a config file — protected names can be lifted on the command line only: --allow-override NAME; ${HINT}`,
    );
  });

  test("a YAML syntax error names the line", () => {
    expect(failure("/c/.env-secrets.yml", "provider: aws\nregion: us-east-1\n  secrets: x\n")).toBe(
      `/c/.env-secrets.yml:3: not valid YAML (Unexpected token) — ${HINT}`,
    );
    expect(failure("/c/.env-secrets.yml", "provider: 'aws\n")).toBe(`/c/.env-secrets.yml:1: not valid YAML (Unexpected EOF) — ${HINT}`);
  });

  test("a JSON syntax error names the file", () => {
    expect(failure("/c/.env-secrets.json", '{"provider": "aws",}')).toStartWith("/c/.env-secrets.json: not valid JSON (");
  });
});
