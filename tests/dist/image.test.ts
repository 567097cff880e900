/**
 * The Dockerfile, without a Docker engine: it must use a glibc distroless base
 * pinned by digest, run the binary as ENTRYPOINT, and COPY, for each platform
 * it is built for, exactly the release binary of that platform (the bytes that
 * SHA256SUMS and the attestation describe), which .dockerignore lets through.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { findTarget, releaseBinaryPath } from "../../scripts/release.ts";
import { REPO_ROOT } from "../helpers/binary.ts";
import { fullReleaseBuilt, NO_RELEASE, RELEASE_DIR } from "./fixture.ts";
import { noteSkip } from "../helpers/skips.ts";

// biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile build argument, not a JavaScript template
const TARGETPLATFORM = "${TARGETPLATFORM}";
const dockerfile = readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8");
const instructions = dockerfile
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("#"))
  .map((line) => line.trim());

describe("Dockerfile", () => {
  test("distroless base-nossl (glibc, nonroot), pinned by digest; the binary is the ENTRYPOINT", () => {
    expect(instructions[0]).toMatch(/^FROM gcr\.io\/distroless\/base-nossl-debian12:nonroot@sha256:[0-9a-f]{64}$/);
    expect(instructions).toContain('ENTRYPOINT ["/env-secrets"]');
    expect(instructions.filter((line) => line.startsWith("RUN"))).toEqual([]);
  });

  const copy = instructions.find((line) => line.startsWith("COPY"))!;
  const source = copy.split(/\s+/).at(-2)!;

  test("copies one executable to /env-secrets, chosen by TARGETPLATFORM", () => {
    expect(copy).toBe(`COPY --chmod=0755 dist/release/image/${TARGETPLATFORM}/env-secrets /env-secrets`);
    expect(instructions).toContain("ARG TARGETPLATFORM");
  });

  test(".dockerignore lets through the image binaries and nothing else", () => {
    const ignore = readFileSync(join(REPO_ROOT, ".dockerignore"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"));
    expect(ignore).toEqual(["*", "!dist/release/image/"]);
    expect(source.startsWith("dist/release/image/")).toBe(true);
  });

  if (!fullReleaseBuilt()) noteSkip(import.meta.path, NO_RELEASE, 2);
  test.skipIf(!fullReleaseBuilt()).each([
    ["linux/amd64", "linux-x64"],
    ["linux/arm64", "linux-arm64"],
  ])("for %s it copies the %s release binary", (platform, release) => {
    const copied = join(REPO_ROOT, source.replace(TARGETPLATFORM, platform));
    const shipped = releaseBinaryPath(RELEASE_DIR, findTarget(release));
    expect(statSync(copied).ino).toBe(statSync(shipped).ino);
  });
});
