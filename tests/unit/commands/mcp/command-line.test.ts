/** get_command's command lines: the words, quoted; set and create prompt for the value. */
import { expect, test } from "bun:test";
import { commandLine } from "../../../../src/commands/mcp/command-line.ts";
import { EnvSecretsError } from "../../../../src/errors.ts";

test("each action's command line", () => {
  const line = (request: Parameters<typeof commandLine>[0]) => commandLine(request).command;
  expect(line({ action: "run", secretName: "app/prod", command: ["npm", "run", "dev"] })).toBe("env-secrets aws -s 'app/prod' -- 'npm' 'run' 'dev'");
  expect(line({ action: "run", secretName: "app/prod", key: "DB_HOST", command: ["node", "a.js"], region: "eu-west-1", profile: "dev" })).toBe(
    "env-secrets aws -s 'app/prod#DB_HOST' -r 'eu-west-1' -p 'dev' -- 'node' 'a.js'",
  );
  expect(line({ action: "set", secretName: "app/prod", key: "API_TOKEN" })).toBe("env-secrets aws secret append -n 'app/prod' --key 'API_TOKEN' --prompt --confirm");
  expect(line({ action: "set", secretName: "app/token" })).toBe("env-secrets aws secret update -n 'app/token' --prompt --confirm --raw");
  expect(line({ action: "create", secretName: "app/new", key: "K" })).toBe("env-secrets aws secret create -n 'app/new' --key 'K' --prompt --confirm");
  expect(line({ action: "create", secretName: "app/new" })).toBe("env-secrets aws secret create -n 'app/new' --prompt --confirm --raw");
  expect(line({ action: "list" })).toBe("env-secrets aws secret list");
  expect(line({ action: "list", secretName: "app/" })).toBe("env-secrets aws secret list --prefix 'app/'");
  expect(line({ action: "describe", secretName: "app/prod" })).toBe("env-secrets aws secret get -n 'app/prod'");
  expect(line({ action: "policy", secretName: "app/prod" })).toBe("env-secrets aws policy -s 'app/prod'");
});

test("a quote in a word closes the quotes, adds an escaped quote and reopens them", () => {
  expect(commandLine({ action: "describe", secretName: "it's" }).command).toBe("env-secrets aws secret get -n 'it'\\''s'");
});

test("what an action needs and did not get is a usage error naming the argument", () => {
  const message = (request: Parameters<typeof commandLine>[0]) => {
    try {
      commandLine(request);
    } catch (error) {
      expect(error).toBeInstanceOf(EnvSecretsError);
      return (error as EnvSecretsError).message;
    }
    throw new Error("no error");
  };
  expect(message({ action: "run", secretName: "x" })).toBe('get_command run needs command — give command: the program and its arguments, one word each: ["npm", "run", "dev"]');
  expect(message({ action: "run", command: ["a"] })).toBe("get_command run needs secret_name — give secret_name: the secret's name or ARN");
  expect(message({ action: "set" })).toBe("get_command set needs secret_name — give secret_name: the secret's name or ARN");
});
