import { describe, expect, test } from "bun:test";
import { openOutputPipe } from "../../../src/mask/output-pipe-linux.ts";

/** A program writing `script`'s output into the pipe's write end, which the test then lets go of. */
function programWriting(script: string) {
  const pipe = openOutputPipe();
  if (pipe === null) throw new Error("no pipe on Linux");
  const child = Bun.spawn({ cmd: ["sh", "-c", script], stdin: "ignore", stdout: pipe.writeFd, stderr: "inherit" });
  pipe.closeWriteEnd();
  return { child, source: pipe.source };
}

async function readAll(source: { read(): Promise<Uint8Array | null> }): Promise<{ bytes: number; text: string }> {
  let bytes = 0;
  let text = "";
  for (let piece = await source.read(); piece !== null; piece = await source.read()) {
    bytes += piece.length;
    // A piece is valid until the next read only: decode it now.
    if (text.length < 64) text += new TextDecoder().decode(piece);
  }
  return { bytes, text };
}

describe.if(process.platform === "linux")("openOutputPipe", () => {
  test("reads everything the program writes, through pauses, and ends when the program's end closes", async () => {
    const { child, source } = programWriting("printf first; sleep 0.2; printf ' second'; head -c 3000000 /dev/zero");
    const { bytes, text } = await readAll(source);
    expect(text.startsWith("first second")).toBe(true);
    expect(bytes).toBe("first second".length + 3_000_000);
    expect(await child.exited).toBe(0);
  });

  test("a program that writes nothing ends the stream at once", async () => {
    const { child, source } = programWriting("exit 3");
    expect(await source.read()).toBeNull();
    expect(await child.exited).toBe(3);
  });

  test("cancel ends a read that waits on a pipe a background process keeps open", async () => {
    const { child, source } = programWriting("sleep 5 & exit 0");
    await child.exited;
    const pending = source.read();
    source.cancel();
    expect(await pending).toBeNull();
    expect(await source.read()).toBeNull();
  });

  test("the pipe raises no SIGURG while no read waits: not one per write of the program", async () => {
    let signals = 0;
    const count = () => signals++;
    process.on("SIGURG", count);
    try {
      const { child, source } = programWriting("for i in $(seq 200); do printf x; done");
      expect(await child.exited).toBe(0);
      await Bun.sleep(50); // a signal raised by the last writes would have been handled by now
      expect(signals).toBe(0);
      expect((await readAll(source)).bytes).toBe(200);
    } finally {
      process.off("SIGURG", count);
    }
  });

  test("the program's end blocks as any pipe would: a large write is not cut short with EAGAIN", async () => {
    const { child, source } = programWriting("head -c 8000000 /dev/zero");
    await Bun.sleep(100); // the pipe fills while nobody reads
    expect((await readAll(source)).bytes).toBe(8_000_000);
    expect(await child.exited).toBe(0);
  });
});
