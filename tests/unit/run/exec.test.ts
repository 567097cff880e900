import { expect, test } from "bun:test";
import { checkExecAllowed } from "../../../src/run/exec.ts";
import { thrownError } from "../../helpers/errors.ts";

const usageErrorOf = (fn: () => void) => thrownError(fn, "usage").message;

test("--exec is a usage error on Windows", () => {
  expect(usageErrorOf(() => checkExecAllowed("win32", []))).toBe(
    "--exec is not available on Windows — drop --exec: env-secrets then runs the command as its child",
  );
});

test("--exec is a usage error next to an option that keeps env-secrets in the middle", () => {
  expect(usageErrorOf(() => checkExecAllowed("linux", ["--mask-output"]))).toBe(
    "--exec cannot be combined with --mask-output — --mask-output needs env-secrets to stay between you and the command; drop one of them",
  );
});

test("--exec is allowed on Linux and macOS", () => {
  expect(() => checkExecAllowed("linux", [])).not.toThrow();
  expect(() => checkExecAllowed("darwin", [])).not.toThrow();
});
