import { usageError } from "../../errors.ts";
import { shellWord } from "../../output/shell.ts";

/**
 * `get_command`: the env-secrets command line a person runs for what an agent
 * wants done. Every word that comes from the request is single-quoted for
 * POSIX sh (the fixed words need no quoting), so no name, key or program can
 * end the command or start another. Writes take the value from the terminal
 * (`--prompt --confirm`): it never passes through the agent.
 */
export const ACTIONS = ["run", "set", "create", "list", "describe", "policy"] as const;
export type Action = (typeof ACTIONS)[number];

export interface CommandRequest {
  action: Action;
  secretName?: string;
  key?: string;
  /** `run`: the program and its arguments, one word each. */
  command?: string[];
  region?: string;
  profile?: string;
}

export interface HumanCommand {
  command: string;
  /** What it does, for the agent to pass on. */
  explanation: string;
}

export function commandLine(request: CommandRequest): HumanCommand {
  const scope = [...(request.region ? ["-r", shellWord(request.region)] : []), ...(request.profile ? ["-p", shellWord(request.profile)] : [])];
  const line = (...words: string[]) => ["env-secrets", ...words].join(" ");
  const name = () => shellWord(required(request.secretName, request.action, "secret_name"));
  const key = request.key ? shellWord(request.key) : undefined;
  switch (request.action) {
    case "run": {
      const program = request.command ?? [];
      if (program.length === 0 || program[0] === "") throw missing("run", "command", 'the program and its arguments, one word each: ["npm", "run", "dev"]');
      const ref = shellWord(`${required(request.secretName, "run", "secret_name")}${request.key ? `#${request.key}` : ""}`);
      return {
        command: line("aws", "-s", ref, ...scope, "--", ...program.map(shellWord)),
        explanation: request.key
          ? `starts the program with the key ${request.key} of the secret in its environment, as the variable ${request.key}`
          : "starts the program with one environment variable per key of the secret (a JSON object); the values reach only the program",
      };
    }
    case "set":
      return key
        ? {
            command: line("aws", "secret", "append", "-n", name(), "--key", key, "--prompt", "--confirm", ...scope),
            explanation: `asks for the value of ${request.key} on the terminal (twice, not echoed) and sets that key of the JSON-object secret; the other keys keep their values`,
          }
        : {
            command: line("aws", "secret", "update", "-n", name(), "--prompt", "--confirm", "--raw", ...scope),
            explanation: "asks for the new value on the terminal (twice, not echoed) and replaces the whole secret with it, as plain text",
          };
    case "create":
      return key
        ? {
            command: line("aws", "secret", "create", "-n", name(), "--key", key, "--prompt", "--confirm", ...scope),
            explanation: `asks for the value on the terminal (twice, not echoed) and creates the secret as a JSON object with the one key ${request.key}`,
          }
        : {
            command: line("aws", "secret", "create", "-n", name(), "--prompt", "--confirm", "--raw", ...scope),
            explanation: "asks for the value on the terminal (twice, not echoed) and creates the secret holding it as plain text",
          };
    case "list":
      return {
        command: line("aws", "secret", "list", ...(request.secretName ? ["--prefix", shellWord(request.secretName)] : []), ...scope),
        explanation: request.secretName ? "lists the secrets whose name starts with the given name" : "lists the secrets (names and dates, never values)",
      };
    case "describe":
      return { command: line("aws", "secret", "get", "-n", name(), ...scope), explanation: "shows the secret's metadata, never its value" };
    case "policy":
      return { command: line("aws", "policy", "-s", name(), ...scope), explanation: "prints the least-privilege IAM policy that lets a runner read the secret" };
  }
}

function required(value: string | undefined, action: Action, field: string): string {
  if (value === undefined || value === "") throw missing(action, field, "the secret's name or ARN");
  return value;
}

function missing(action: Action, field: string, what: string): Error {
  return usageError(`get_command ${action} needs ${field}`, `give ${field}: ${what}`);
}
