/**
 * A preload for `bun src/cli.ts ...` that reports every module of the AWS SDK,
 * the MCP SDK and zod the run loads, one `sdk module loaded: <path>` line on
 * stderr each (tests/architecture/lazy-sdk.test.ts).
 */
import { plugin } from "bun";
import { readFileSync, writeSync } from "node:fs";

plugin({
  name: "sdk-probe",
  setup(build) {
    build.onLoad({ filter: /\/node_modules\/(@(aws-sdk|smithy|modelcontextprotocol)|zod)\// }, ({ path }) => {
      writeSync(2, `sdk module loaded: ${path}\n`);
      return { contents: readFileSync(path, "utf8"), loader: "js" };
    });
  },
});
