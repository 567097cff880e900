/**
 * Secret references and payloads, end to end: `-s [VAR=][dotenv:]<name-or-arn>[#KEY]`,
 * plain-text, dotenv-text and binary secrets, and --version-stage, through the
 * compiled binary against the local fake Secrets Manager.
 */
import { describe, expect, test } from "bun:test";
import { canary, registerCanary } from "../helpers/canary.ts";
import { useSecretRuns } from "../helpers/e2e.ts";
import { awsEnv, runBinary } from "../helpers/run.ts";

const { fake, secretName, run, expectFailure } = useSecretRuns("shaping");

describe("#KEY and VAR=", () => {
  test("#KEY selects one key of a JSON object; nothing else is set", async () => {
    const name = secretName("select");
    const password = canary("password");
    fake().seed({ name, secretString: JSON.stringify({ DB_PASSWORD: password, DB_USER: canary("user") }) });
    const result = await run([`${name}#DB_PASSWORD`]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.childEnv().DB_PASSWORD).toBe(password);
    expect(result.childEnv().DB_USER).toBeUndefined();
  });

  test("VAR=<name>#KEY renames the key; a numeric value keeps its text", async () => {
    const name = secretName("rename");
    fake().seed({ name, secretString: `{"password":"${canary("pw")}","port":5432.0}` });
    const result = await run([`PGPASSWORD=${name}#password`, `PGPORT=${name}#port`]);
    expect(result.exitCode).toBe(0);
    expect(result.childEnv().PGPASSWORD).toStartWith("CANARY-pw-");
    expect(result.childEnv().PGPORT).toBe("5432.0");
    expect(result.childEnv().password).toBeUndefined();
  });

  test("VAR=<name> puts a plain-text secret into VAR byte for byte", async () => {
    const name = secretName("plain");
    const value = `${canary("token")}\n line two with 'quotes' "and" $HOME \`x\` \\ = # é😀  `;
    fake().seed({ name, secretString: value });
    const result = await run([`API_TOKEN=${name}`]);
    expect(result.stderr).toBe("");
    expect(result.childEnv().API_TOKEN).toBe(value);
  });

  test("VAR=<name> on a JSON secret gives the JSON text as it is", async () => {
    const name = secretName("whole-json");
    const text = `{ "A": "${canary("whole")}", "N": 1.50 }`;
    fake().seed({ name, secretString: text });
    const result = await run([`CONFIG_JSON=${name}`]);
    expect(result.childEnv().CONFIG_JSON).toBe(text);
    expect(result.childEnv().A).toBeUndefined();
  });

  test("an ARN with #KEY is read from the ARN's region and narrowed to the key", async () => {
    const name = secretName("arn-key");
    const { arn } = fake().seed({ name, region: "eu-west-1", secretString: JSON.stringify({ K: canary("arn"), OTHER: canary("other") }) });
    const result = await run([`EU_K=${arn}#K`], ["-r", "us-east-1"]);
    expect(result.stderr).toBe("");
    expect(result.childEnv().EU_K).toStartWith("CANARY-arn-");
    expect(result.childEnv().OTHER).toBeUndefined();
    expect(fake().requests.map((r) => [r.region, r.secretIds])).toEqual([["eu-west-1", [arn]]]);
  });

  test("a secret name containing = is read whole when the part before = is not a variable name", async () => {
    const name = `shaping/a-b=${secretName("eq").split("-").pop()}`;
    fake().seed({ name, secretString: JSON.stringify({ EQ: canary("eq") }) });
    const result = await run([name]);
    expect(result.stderr).toBe("");
    expect(result.childEnv().EQ).toStartWith("CANARY-eq-");
  });

  test("a missing key fails closed, naming the key", async () => {
    const name = secretName("missing-key");
    fake().seed({ name, secretString: JSON.stringify({ PRESENT: canary("present") }) });
    await expectFailure([`${name}#ABSENT`], [`env-secrets: ${name}#ABSENT: no key "ABSENT" in the secret — keys are case-sensitive; check the key's name in the secret`]);
  });

  test("malformed references are usage errors, before any request", async () => {
    const emptyKey = await run(["app/x#"]);
    expect(emptyKey.exitCode).toBe(125);
    expect(emptyKey.stderr).toBe("env-secrets: app/x#: empty key after # — name the key to select, e.g. -s my-app/prod#DB_PASSWORD, or drop the #\n");
    const emptyName = await run(["VAR="]);
    expect(emptyName.exitCode).toBe(125);
    expect(emptyName.stderr).toBe("env-secrets: VAR=: empty secret name — give a secret name or ARN: -s [VAR=]<name-or-arn>[#KEY]\n");
    const badArn = await run(["X=arn:aws:s3:::bucket#K"]);
    expect(badArn.stderr).toBe(
      "env-secrets: X=arn:aws:s3:::bucket#K: not a Secrets Manager ARN — expected arn:aws:secretsmanager:<region>:<account>:secret:<name>\n",
    );
    expect(fake().requests).toHaveLength(0);
  });
});

describe("secrets that are not JSON objects", () => {
  /** The error for a secret that is not a JSON object, read without dotenv:. */
  const notAnObject = (name: string) =>
    `env-secrets: ${name}: the secret is not a JSON object — name the variable for the whole secret: -s VAR=${name}; or, if it holds KEY=value lines, read them as dotenv text: -s dotenv:${name}`;

  test("dotenv: reads dotenv text into its variables, as the dotenv package reads it", async () => {
    const name = secretName("dotenv");
    const a = canary("a");
    const b = canary("b");
    const c = canary("c");
    fake().seed({ name, secretString: `# app settings\r\nexport A=${a}\r\n\r\nB='${b} # kept'\r\nC="${c}\\nsecond line" # comment\r\n` });
    const result = await run([`dotenv:${name}`]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const env = result.childEnv();
    expect(env.A).toBe(a);
    expect(env.B).toBe(`${b} # kept`);
    expect(env.C).toBe(`${c}\nsecond line`);
    const selected = await run([`ONLY_B=dotenv:${name}#B`]);
    expect(selected.childEnv().ONLY_B).toBe(`${b} # kept`);
    expect(selected.childEnv().A).toBeUndefined();
  });

  test("without dotenv:, text is never read as variables: a password with = fails closed, naming both fixes and printing none of it", async () => {
    const id = crypto.randomUUID().slice(0, 8);
    // Plain-text passwords that read as KEY=value lines: neither part may become a variable name or be printed.
    const dotted = { key: registerCanary(`CANARY.horse-battery-${id}`), value: registerCanary(`staple1-${id}`) };
    const plain = { key: registerCanary(`CANARYhorse${id.replace(/-/g, "")}`), value: registerCanary(`staple2-${id}`) };
    const first = secretName("password-dotted");
    fake().seed({ name: first, secretString: `${dotted.key}=${dotted.value}` });
    const second = secretName("password-plain");
    fake().seed({ name: second, secretString: `${plain.key}=${plain.value}` });
    // Also with --debug (runBinary fails the test on any canary in env-secrets' output).
    for (const extra of [[], ["--debug"]]) {
      const result = await run([first, second], extra);
      expect(result.childRan).toBe(false);
      expect(result.exitCode).toBe(125);
      expect(result.stderr).toEndWith(`${notAnObject(first)}\n${notAnObject(second)}\n`);
    }
    // Asked for, dotenv text whose key is not a valid name is named by its line only.
    const asked = await run([`dotenv:${first}`]);
    expect(asked.exitCode).toBe(125);
    expect(asked.stderr).toBe(
      `env-secrets: dotenv:${first}: the variable on line 1 does not have a valid environment variable name — rename it in the secret to letters, digits and _ (not starting with a digit), or add --normalize-names\n`,
    );
    // The way such a secret is meant to be used.
    const named = await run([`DB_PASSWORD=${second}`]);
    expect(named.exitCode).toBe(0);
    expect(named.childEnv().DB_PASSWORD).toBe(`${plain.key}=${plain.value}`);
    expect(named.childEnv()[plain.key]).toBeUndefined();
  });

  test("plain text is an error that shows both fixes", async () => {
    const name = secretName("token");
    fake().seed({ name, secretString: canary("token") });
    await expectFailure([name], [notAnObject(name)]);
  });

  test("a base64 token with = padding is not mistaken for dotenv text even with dotenv:: no part of it is printed", async () => {
    const name = secretName("padded");
    const body = registerCanary(Buffer.from(canary("b64")).toString("base64").replace(/[+/=]/g, "A"));
    fake().seed({ name, secretString: `${body}==` });
    await expectFailure([name], [notAnObject(name)]);
    const line = `env-secrets: dotenv:${name}: the secret is neither a JSON object nor dotenv text (no KEY=value line has a value; it reads as a token) — name the variable for the whole secret: -s VAR=${name}`;
    await expectFailure([`dotenv:${name}`], [line]);
    // Debug output names variables; the token's body must not show up there either (runBinary checks).
    const debug = await run([`dotenv:${name}`], ["--debug"]);
    expect(debug.stderr).toEndWith(`${line}\n`);
    const named = await run([`TOKEN=${name}`]);
    expect(named.childEnv().TOKEN).toBe(`${body}==`);
  });

  test("dotenv text with one line that is not a variable is not half-read", async () => {
    const name = secretName("half");
    fake().seed({ name, secretString: `A=${canary("half")}\n-----BEGIN PRIVATE KEY-----\n` });
    await expectFailure([`dotenv:${name}`], [`env-secrets: dotenv:${name}: the secret is neither a JSON object nor dotenv text (line 2 is not KEY=value) — name the variable for the whole secret: -s VAR=${name}`]);
  });

  test("a secret of only comments, and a JSON array, are errors with the fixes", async () => {
    const comments = secretName("comments");
    fake().seed({ name: comments, secretString: `# ${canary("comment")}\n\n` });
    const array = secretName("array");
    fake().seed({ name: array, secretString: `["${canary("array")}"]` });
    await expectFailure(
      [`dotenv:${comments}`, `${array}#K`],
      [
        `env-secrets: dotenv:${comments}: the secret is neither a JSON object nor dotenv text (no KEY=value line) — name the variable for the whole secret: -s VAR=${comments}`,
        `env-secrets: ${array}#K: the secret is JSON but not an object — drop the key and name the variable for the whole secret: -s VAR=${array}`,
      ],
    );
  });

  test("--help shows the dotenv: marker in the reference syntax", async () => {
    const help = await runBinary(["aws", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout.replace(/\s+/g, " ")).toContain("Secret to read: [VAR=][dotenv:]<name-or-arn>[#KEY]");
  });

  test("VAR=dotenv:<name> without #KEY is a usage error, before any request", async () => {
    const result = await run(["ALL=dotenv:shaping/any"]);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe(
      "env-secrets: ALL=dotenv:shaping/any: VAR= puts the whole secret in one variable, so dotenv: has no lines to read — drop dotenv: (-s ALL=shaping/any), or drop ALL= to read its KEY=value lines (-s dotenv:shaping/any)\n",
    );
    expect(fake().requests).toHaveLength(0);
  });

  test("a lone surrogate escape in a JSON value: one line naming the secret and the key, for a program and for --format json", async () => {
    const name = secretName("surrogate");
    fake().seed({ name, secretString: `{"OK":"${canary("ok")}","ODD":"${canary("odd")}\\ud800"}` });
    const line = `env-secrets: ${name}: the value of ODD contains a lone surrogate (a \\ud800-\\udfff escape without its pair), which is not text — an environment variable holds UTF-8 text; fix the escape in the secret, or store the value base64-encoded`;
    await expectFailure([name], [line]);
    const printed = await runBinary(["aws", "-s", name, "--format", "json"], { env: awsEnv(fake().url) });
    expect(printed.stdout).toBe("");
    expect(printed.exitCode).toBe(1);
    expect(printed.stderr).toBe(`${line}\n`);
  });

  test("a lone surrogate in the secret's own text (escaped on the wire): the same one line, never a crash in the redactor", async () => {
    // The answer's JSON carries "\ud800", so SecretString itself holds the lone
    // surrogate: the redactor sees it (URL-encoded form included) before shaping refuses it.
    const name = secretName("surrogate-raw");
    const value = `${canary("raw")}\ud800`;
    fake().seed({ name, secretString: value });
    const line = `env-secrets: RAW=${name}: the value of RAW contains a lone surrogate (a \\ud800-\\udfff escape without its pair), which is not text — an environment variable holds UTF-8 text; fix the escape in the secret, or store the value base64-encoded`;
    await expectFailure([`RAW=${name}`], [line]);
    const debug = await runBinary(["aws", "-s", `RAW=${name}`, "--debug", "--", "true"], { env: awsEnv(fake().url) });
    expect(debug.exitCode).toBe(125);
    expect(debug.stderr).toEndWith(`${line}\n`);
    expect(debug.stderr).not.toContain("URIError");
  });

  test("JSON nested 10,000 levels deep: one line saying so, and the whole text still fits in VAR=", async () => {
    const name = secretName("deep");
    const deep = `{"A":${"[".repeat(10_000)}"${canary("deep")}"${"]".repeat(10_000)}}`;
    fake().seed({ name, secretString: deep });
    await expectFailure([name], [`env-secrets: ${name}: the secret is JSON nested more than 100 levels deep — name the variable for the whole secret: -s VAR=${name}`]);
    const whole = await run([`DEEP=${name}`]);
    expect(whole.exitCode).toBe(0);
    expect(whole.childEnv().DEEP).toBe(deep);
  });

  test("a binary secret goes into VAR= as base64 text", async () => {
    const name = secretName("binary");
    const bytes = new TextEncoder().encode(`${canary("bin")}\u0000\u00ff`);
    fake().seed({ name, secretBinary: bytes });
    const result = await run([`CERT_B64=${name}`]);
    expect(result.stderr).toBe("");
    expect(Buffer.from(result.childEnv().CERT_B64!, "base64")).toEqual(Buffer.from(bytes));
  });

  test("a binary secret without VAR=, or with #KEY, fails with the fix; every failing secret gets its own line", async () => {
    const name = secretName("binary-bad");
    fake().seed({ name, secretBinary: new Uint8Array([1, 2, 3, 4, 5]) });
    await expectFailure(
      [name, `CERT=${name}#K`, "shaping/absent"],
      [
        `env-secrets: ${name}: binary secret — name the variable for the whole secret: -s VAR=${name} (it gets the base64 text)`,
        `env-secrets: CERT=${name}#K: a binary secret has no keys to select — drop the key and name the variable for the whole secret: -s VAR=${name} (it gets the base64 text)`,
        "env-secrets: shaping/absent: ResourceNotFoundException — no such secret in us-east-1; check the name, the region (-r) and the account of your credentials",
      ],
    );
  });

  test("a plain-text secret with a NUL character is an error naming the variable", async () => {
    const name = secretName("nul");
    fake().seed({ name, secretString: `${canary("nul")}\u0000tail` });
    await expectFailure([`T=${name}`], [`env-secrets: T=${name}: the value of T contains a NUL character — an environment variable cannot hold NUL; store the value base64-encoded`]);
  });
});

describe("--version-stage", () => {
  test("reads that stage of every -s secret", async () => {
    const name = secretName("stages");
    const old = canary("previous");
    fake().seed({ name, secretString: JSON.stringify({ KEY: old }) });
    fake().seed({ name, secretString: JSON.stringify({ KEY: canary("current") }) });
    const other = secretName("stages-other");
    const otherOld = canary("other-previous");
    fake().seed({ name: other, secretString: JSON.stringify({ OTHER: otherOld }) });
    fake().seed({ name: other, secretString: JSON.stringify({ OTHER: canary("other-current") }) });

    const current = await run([name]);
    expect(current.childEnv().KEY).toStartWith("CANARY-current-");
    const previous = await run([name, other], ["--version-stage", "AWSPREVIOUS"]);
    expect(previous.stderr).toBe("");
    expect(previous.childEnv().KEY).toBe(old);
    expect(previous.childEnv().OTHER).toBe(otherOld);
  });

  test("an empty stage is a usage error", async () => {
    const result = await run(["shaping/any"], ["--version-stage", ""]);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe("env-secrets: --version-stage is empty — give a staging label such as AWSCURRENT or AWSPREVIOUS\n");
    expect(fake().requests).toHaveLength(0);
  });

  test("a stage the secret does not have fails closed", async () => {
    const name = secretName("no-stage");
    fake().seed({ name, secretString: JSON.stringify({ KEY: canary("stage") }) });
    const result = await run([name], ["--version-stage", "AWSPENDING"]);
    expect(result.childRan).toBe(false);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toStartWith(`env-secrets: ${name}: ResourceNotFoundException — `);
  });
});
