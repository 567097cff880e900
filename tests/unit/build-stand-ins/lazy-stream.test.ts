import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import { join } from "node:path";
import * as nodeStream from "node:stream";
import { ReadStream, Readable, Writable } from "../../../src/build-stand-ins/lazy-stream.ts";
import { scratchDir } from "../../helpers/run.ts";

// The release build gives the SDK's body-handling modules these in place of
// node:stream's and node:fs's (scripts/build.ts): each must answer as the real
// class would.

describe("Readable and ReadStream on the right of instanceof", () => {
  const file = join(scratchDir(), "body");
  fs.writeFileSync(file, "body");

  test("Node readable streams are Readable", () => {
    const stream = nodeStream.Readable.from(["a"]);
    expect(stream instanceof Readable).toBe(true);
    expect(new nodeStream.PassThrough() instanceof Readable).toBe(true);
    const fileStream = fs.createReadStream(file);
    expect(fileStream instanceof Readable).toBe(true);
    fileStream.destroy();
  });

  test("only file streams are ReadStream", () => {
    const fileStream = fs.createReadStream(file);
    expect(fileStream instanceof ReadStream).toBe(true);
    fileStream.destroy();
    expect(new nodeStream.PassThrough() instanceof ReadStream).toBe(false);
  });

  test("what a Secrets Manager call carries is neither", () => {
    for (const body of ["{}", new Uint8Array(2), new ReadableStream(), new Blob(["x"]), null, undefined, 42, {}]) {
      expect(body instanceof Readable).toBe(false);
      expect(body instanceof ReadStream).toBe(false);
    }
  });

  test("an object with a pipe method is not taken for a stream", () => {
    expect({ pipe() {} } instanceof Readable).toBe(false);
    expect(new nodeStream.Writable() instanceof Readable).toBe(false);
  });
});

describe("Writable as a base class", () => {
  // The shape of the SDK's stream collector: a subclass with its own field and _write.
  class Collector extends Writable {
    chunks: Buffer[] = [];
    _write(chunk: Buffer, _encoding: string, callback: () => void) {
      this.chunks.push(chunk);
      callback();
    }
  }

  test("a subclass is a node:stream Writable that collects what is piped into it", async () => {
    const collector = new Collector() as Collector & nodeStream.Writable;
    expect(collector instanceof nodeStream.Writable).toBe(true);
    expect(collector instanceof nodeStream.Stream).toBe(true);
    expect(collector instanceof Collector).toBe(true);
    const finished = new Promise<void>((resolve) => collector.on("finish", () => resolve()));
    nodeStream.Readable.from([Buffer.from("first "), Buffer.from("second")]).pipe(collector);
    await finished;
    expect(Buffer.concat(collector.chunks).toString()).toBe("first second");
  });

  test("each instance has its own state", () => {
    const one = new Collector() as Collector & nodeStream.Writable;
    const two = new Collector() as Collector & nodeStream.Writable;
    one.write("only one");
    expect(one.chunks.length).toBe(1);
    expect(two.chunks.length).toBe(0);
    expect(one.writable && two.writable).toBe(true);
  });

  test("errors reach the subclass's listeners", async () => {
    class Failing extends Writable {
      _write(_chunk: Buffer, _encoding: string, callback: (error?: Error) => void) {
        callback(new Error("disk full"));
      }
    }
    const failing = new Failing() as Failing & nodeStream.Writable;
    const failed = new Promise<Error>((resolve) => failing.on("error", resolve));
    failing.write("x");
    expect((await failed).message).toBe("disk full");
  });
});
