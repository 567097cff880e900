import { nodeFs, type Stats } from "./lazy-node.ts";

/**
 * Why a local file could not be read: `code` is the system's error code
 * (ENOENT, EACCES, EISDIR) or ours (ENOTREG for a device, FIFO or socket,
 * EFBIG past the size limit); `reason` says it in words for a message.
 */
export class LocalFileError extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "LocalFileError";
  }
}

/** 1 MiB, 4 MiB: sizes as people write them. */
export function describeSize(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes / MIB} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
const MIB = 1024 * 1024;

/**
 * Reads a regular file of at most `maxBytes` as UTF-8 text. Anything else is
 * refused before a byte is read: a device (`/dev/zero` never ends), a FIFO
 * (it may never be written, or never end), a directory, a socket. The file is
 * opened non-blocking, so opening a FIFO cannot wait for a writer, and checked
 * through the open descriptor, so it cannot be swapped after the check.
 */
export function readRegularFile(path: string, maxBytes: number): string {
  const fs = nodeFs();
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (fs.constants.O_NOCTTY ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EIO";
    throw new LocalFileError(code, code === "ENOENT" ? "no such file" : `cannot open it (${code})`, { cause: error });
  }
  try {
    const stats = fs.fstatSync(fd);
    if (stats.isDirectory()) throw new LocalFileError("EISDIR", "it is a directory");
    if (!stats.isFile()) throw new LocalFileError("ENOTREG", `not a regular file (${fileType(stats)})`);
    if (stats.size > maxBytes) throw tooLarge(maxBytes);
    return new TextDecoder().decode(readAtMost(fd, stats.size, maxBytes));
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads to the end, failing once more than `maxBytes` arrive (a file that grows while it is read). */
function readAtMost(fd: number, expectedBytes: number, maxBytes: number): Uint8Array {
  let buffer = new Uint8Array(expectedBytes + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const grown = new Uint8Array(Math.min(buffer.length * 2, maxBytes + 1));
      grown.set(buffer);
      buffer = grown;
    }
    let count: number;
    try {
      count = nodeFs().readSync(fd, buffer, length, buffer.length - length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "EIO";
      throw new LocalFileError(code, `cannot read it (${code})`, { cause: error });
    }
    if (count === 0) return buffer.subarray(0, length);
    length += count;
    if (length > maxBytes) throw tooLarge(maxBytes);
  }
}

function tooLarge(maxBytes: number): LocalFileError {
  return new LocalFileError("EFBIG", `larger than ${describeSize(maxBytes)}`);
}

function fileType(stats: Stats): string {
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  return "not a file";
}
