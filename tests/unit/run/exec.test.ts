import { expect, test } from "bun:test";
import { EnvSecretsError } from "../../../src/errors.ts";
import { checkExecAllowed } from "../../../src/run/exec.ts";

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnvSecretsError && error.kind === "usage") return error.message;
    throw error;
  }
  return "allowed";
}

test("--exec is a usage error on Windows", () => {
  expect(messageOf(() => checkExecAllowed("win32", []))).toBe(
    "--exec is not available on Windows — drop --exec: env-secrets then runs the command as its child",
  );
});

test("--exec is a usage error next to an option that keeps env-secrets in the middle", () => {
  expect(messageOf(() => checkExecAllowed("linux", ["--mask-output"]))).toBe(
    "--exec cannot be combined with --mask-output — --mask-output needs env-secrets to stay between you and the command; drop one of them",
  );
});

test("--exec is allowed on Linux and macOS", () => {
  expect(messageOf(() => checkExecAllowed("linux", []))).toBe("allowed");
  expect(messageOf(() => checkExecAllowed("darwin", []))).toBe("allowed");
});
