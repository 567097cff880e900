import { describe, expect, test } from "bun:test";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { maskPipe, rest } from "../../../src/mask/pipe.ts";
import { scratchDir } from "../../helpers/run.ts";

/** A source stream the test writes into piece by piece. */
function controlledSource() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    stream,
    write: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
    end: () => controller.close(),
  };
}

function tempFd() {
  const file = join(scratchDir(), "out");
  const fd = openSync(file, "w");
  return { fd, read: () => readFileSync(file, "utf8"), close: () => closeSync(fd) };
}

describe("maskPipe", () => {
  test("copies a stream to a descriptor with values masked, across pieces, and resolves at its end", async () => {
    const out = tempFd();
    const source = controlledSource();
    const pipe = maskPipe(source.stream, out.fd, { values: ["TOPSECRET"] });
    source.write("one TOPS");
    source.write("ECRET two\n");
    source.write("three TOP");
    source.end();
    await pipe.done;
    out.close();
    expect(out.read()).toBe("one **** two\nthree TOP");
  });

  test("a held-back tail is passed on after the hold limit even while the stream stays open", async () => {
    const out = tempFd();
    const source = controlledSource();
    const pipe = maskPipe(source.stream, out.fd, { values: ["TOPSECRET"], maxHoldMs: 50 });
    source.write("prompt> TOP");
    const deadline = Date.now() + 10_000;
    while (out.read() !== "prompt> TOP" && Date.now() < deadline) await Bun.sleep(20);
    expect(out.read()).toBe("prompt> TOP");
    source.end();
    await pipe.done;
    out.close();
  });

  test("the hold limit counts from when the tail held now was first held, not from when holding began", async () => {
    // Every write ends inside the value, so the masker holds back something
    // the whole time; each tail must get its own hold limit, or a tail is
    // flushed just before the write that completes it.
    const out = tempFd();
    const source = controlledSource();
    const pipe = maskPipe(source.stream, out.fd, { values: ["TOPSECRET"], maxHoldMs: 300 });
    source.write("a TOP");
    await Bun.sleep(200);
    source.write("SECRET b TO");
    await Bun.sleep(200); // 400 ms since holding began, 200 ms since "TO" was held
    source.write("PSECRET c");
    source.end();
    await pipe.done;
    out.close();
    expect(out.read()).toBe("a **** b **** c");
  });

  test("a tail that grows across writes is passed on within the hold limit of its first byte", async () => {
    const out = tempFd();
    const source = controlledSource();
    const pipe = maskPipe(source.stream, out.fd, { values: ["TOPSECRET"], maxHoldMs: 300 });
    const started = Date.now();
    source.write("prompt> T");
    await Bun.sleep(150);
    source.write("OP");
    await Bun.sleep(100);
    source.write("S");
    const deadline = Date.now() + 10_000;
    while (out.read() !== "prompt> TOPS" && Date.now() < deadline) await Bun.sleep(10);
    expect(out.read()).toBe("prompt> TOPS");
    expect(Date.now() - started).toBeLessThan(300 + 150);
    source.end();
    await pipe.done;
    out.close();
  });

  test("stop() ends copying of a stream that stays open and flushes what was held", async () => {
    const out = tempFd();
    const source = controlledSource();
    const pipe = maskPipe(source.stream, out.fd, { values: ["TOPSECRET"] });
    source.write("held TOPSEC");
    await Bun.sleep(10);
    await pipe.stop();
    out.close();
    expect(out.read()).toBe("held TOPSEC");
  });

  test("after a partial write, exactly the bytes not yet written remain, in order", () => {
    const pieces = ["abc", "****", "defgh"].map((text) => new TextEncoder().encode(text));
    const left = (written: number) => new TextDecoder().decode(Buffer.concat(rest(pieces, written)));
    for (let written = 0; written <= 12; written++) expect(left(written)).toBe("abc****defgh".slice(written));
  });
});
