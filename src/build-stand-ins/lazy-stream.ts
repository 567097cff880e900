/**
 * node:stream's Readable and Writable and node:fs's ReadStream, for the SDK's
 * body-handling modules, which the release build points here
 * (scripts/build.ts). Those modules import them at load time, for instanceof
 * checks and one subclass; under Bun that loads Node's stream machinery (about
 * 1 ms) on every run, though a Secrets Manager call sends a string and reads a
 * web stream. Here it loads when a Node stream is actually met: the container
 * credentials endpoint, for one, answers through the SDK's node:http handler.
 */
import type * as Fs from "node:fs";
import type * as Stream from "node:stream";

const nodeFs = () => require("node:fs") as typeof Fs;

// The SDK sizes a body with these only when it is a file or a file stream.
export const fstatSync = (fd: number) => nodeFs().fstatSync(fd);
export const lstatSync = (path: string) => nodeFs().lstatSync(path);

let stream: typeof Stream | undefined;
const nodeStream = () => (stream ??= require("node:stream") as typeof Stream);

/**
 * Stands in for a stream class on the right of `instanceof`. Every Node stream
 * has pipe(): anything without it is no stream, and nothing needs loading to
 * say so.
 */
function instanceCheck(streamClass: () => abstract new (...args: never[]) => unknown) {
  return {
    [Symbol.hasInstance](value: unknown): boolean {
      return typeof (value as { pipe?: unknown } | null)?.pipe === "function" && value instanceof streamClass();
    },
  };
}

export const Readable = instanceCheck(() => nodeStream().Readable);
export const ReadStream = instanceCheck(() => nodeFs().ReadStream);

/**
 * A base class for subclasses of node:stream's Writable: the first instance
 * loads node:stream and puts Writable's prototype under this one, and each
 * instance is built by Writable's own constructor, so a subclass behaves as a
 * direct subclass of Writable would (and is instanceof it).
 */
export class Writable {
  constructor(...args: unknown[]) {
    const Base = nodeStream().Writable;
    if (Object.getPrototypeOf(Writable.prototype) !== Base.prototype) Object.setPrototypeOf(Writable.prototype, Base.prototype);
    // biome-ignore lint/correctness/noConstructorReturn: the instance must come from Writable's constructor
    return Reflect.construct(Base, args, new.target);
  }
}
