/** The --watch and --manifest rules of a run's plan, with a made-up context (no AWS call). */
import { describe, expect, test } from "bun:test";
import { parseOptions, splitAtProgram } from "../../../src/commands/_parse.ts";
import { awsRunArgs, } from "../../../src/commands/aws-plan.ts";
import type { Config } from "../../../src/config/load.ts";
import { parseConfig } from "../../../src/config/load.ts";
import { plan, usage } from "../../helpers/plan.ts";

const withConfig = (text: string) => ({ config: (): Config => parseConfig("/work/.env-secrets.yml", text) });

describe("--watch", () => {
  test("alone: every 5 minutes, SIGTERM, 10 s grace, restart; with a value and options: as given", () => {
    expect(plan(["-s", "x", "--watch"]).watch).toEqual({ intervalMs: 300_000, signal: "SIGTERM", graceMs: 10_000, action: "restart" });
    expect(plan(["-s", "x", "--watch", "30s", "--watch-signal", "HUP", "--watch-grace", "2s", "--watch-action", "exit"]).watch).toEqual({
      intervalMs: 30_000,
      signal: "SIGHUP",
      graceMs: 2000,
      action: "exit",
    });
    expect(plan(["-s", "x"]).watch).toBeUndefined();
  });

  test("takes the next word as its interval only when it looks like one: `--watch node app.js` runs node", () => {
    expect(splitAtProgram(awsRunArgs, ["-s", "x", "--watch", "node", "app.js"])).toEqual({ options: ["-s", "x", "--watch"], program: ["node", "app.js"] });
    expect(splitAtProgram(awsRunArgs, ["--watch", "1m", "node"])).toEqual({ options: ["--watch", "1m"], program: ["node"] });
    expect(parseOptions(awsRunArgs, ["--watch", "--quiet"]).watch).toBe("5m");
  });

  test("supervise mode only, with a command; its options need it", () => {
    expect(usage(["-s", "x", "--watch", "--exec"])).toBe("--exec cannot be combined with --watch — --watch needs env-secrets to stay between you and the command; drop one of them");
    expect(usage(["-s", "x", "--watch", "-o", "out"], { command: [] })).toBe(
      "--watch needs a command to run — it restarts the command when a secret rotates; drop it when writing the variables out",
    );
    expect(usage(["-s", "x", "--watch-grace", "5s"])).toBe("--watch-grace needs --watch — add --watch [INTERVAL], or drop it");
    expect(usage(["-s", "x", "--watch-action", "exit"])).toBe("--watch-action needs --watch — add --watch [INTERVAL], or drop it");
    expect(usage(["-s", "x", "--watch", "0.5s"])).toStartWith("--watch: not an interval of at least 1s: 0.5s");
    expect(usage(["-s", "x", "--watch", "--watch-action", "reload"])).toBe("invalid value for --watch-action: 'reload' — expected one of restart, exit");
  });

  test("watch: in the config file applies to runs of a program; -o ignores it; --exec refuses it naming the file", () => {
    expect(plan(["-s", "x"], withConfig("watch: 2m\n")).watch?.intervalMs).toBe(120_000);
    expect(plan(["-s", "x"], withConfig("watch: true\n")).watch?.intervalMs).toBe(300_000);
    expect(plan(["-s", "x", "--watch", "10s"], withConfig("watch: 2m\n")).watch?.intervalMs).toBe(10_000);
    expect(plan(["-s", "x", "--watch-grace", "1s"], withConfig("watch: 2m\n")).watch?.graceMs).toBe(1000);
    expect(plan(["-s", "x"], withConfig("watch: false\n")).watch).toBeUndefined();
    expect(plan(["-s", "x", "-o", "out"], { command: [], ...withConfig("watch: 2m\n") }).watch).toBeUndefined();
    expect(usage(["-s", "x", "--exec"], withConfig("region: eu-west-1\nwatch: 2m\n"))).toStartWith(
      "--exec cannot be combined with watch: (/work/.env-secrets.yml:2) — ",
    );
    expect(usage(["-s", "x"], withConfig("region: eu-west-1\nwatch: often\n"))).toStartWith(
      "/work/.env-secrets.yml:2: watch: not an interval of at least 1s: often — ",
    );
    expect(() => parseConfig("/work/.env-secrets.yml", "watch: [1]\n")).toThrow(
      "/work/.env-secrets.yml:1: watch: expected an interval such as 30s, 5m or 1h, or true",
    );
  });
});

describe("--manifest", () => {
  test("a file, or - for stderr; never empty", () => {
    expect(plan(["-s", "x", "--manifest", "run.json"]).manifest).toBe("run.json");
    expect(plan(["-s", "x", "--manifest", "-"]).manifest).toBe("-");
    expect(usage(["-s", "x", "--manifest", ""])).toBe("--manifest is empty — give a file name, or - for stderr");
  });
});
