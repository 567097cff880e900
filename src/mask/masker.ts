import { compilePatterns, leftmostLongest, type Match, type PatternSet } from "./patterns.ts";

/**
 * Masks secret values in a byte stream that arrives in pieces, such as a
 * program's stdout read from a pipe.
 *
 * It works on bytes, never on decoded text, so binary output passes through
 * untouched except where a value's UTF-8 bytes occur. A value split across two
 * pieces is still masked: output whose end could be the start of a value is
 * held back until the next piece shows whether it is one (or until the caller
 * flushes, e.g. on a timer or at the end of the stream).
 */
/** What replaces a value, in text and in output. */
export const MASK = "****";
export const MASK_BYTES = new TextEncoder().encode(MASK);

export class StreamMasker {
  private readonly patterns: PatternSet;
  private held: Uint8Array = new Uint8Array(0);

  /** `values` must already be the forms to mask (see Redactor.registered()); empty ones are ignored. */
  constructor(values: Iterable<string> | PatternSet) {
    if (isPatternSet(values)) this.patterns = values;
    else {
      const encoder = new TextEncoder();
      this.patterns = compilePatterns([...values].map((value) => encoder.encode(value)));
    }
  }

  /** True while some output is held back, waiting to see whether it starts a value. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /**
   * Masks a piece of output; returns what can be passed on now, as pieces
   * to write in order (views into the input and the mask, not copies).
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.patterns.size === 0) return [chunk];
    const data = this.held.length === 0 ? chunk : concat(this.held, chunk);
    const { matches, partials } = this.patterns.scan(data);
    const chosen = leftmostLongest(matches);
    // Matches that start in the held-back tail are found again once it is complete.
    partials.sort((a, b) => a - b);
    const holdFrom = (from: number) => partials.find((start) => start >= from) ?? data.length;
    let hold = holdFrom(0);
    let committed = chosen.filter((m) => m.start < hold);
    let lastEnd = committed.at(-1)?.end ?? 0;
    while (lastEnd > hold) {
      // A whole value overlaps the tail: mask it, and hold back only what follows it.
      hold = holdFrom(lastEnd);
      committed = chosen.filter((m) => m.start < hold);
      lastEnd = committed.at(-1)?.end ?? 0;
    }
    this.held = data.slice(hold);
    return replace(data, committed, hold);
  }

  /** Passes on everything held back, masking the values it contains in full. */
  flush(): Uint8Array[] {
    const data = this.held;
    this.held = new Uint8Array(0);
    if (data.length === 0) return [];
    return replace(data, leftmostLongest(this.patterns.scan(data).matches), data.length);
  }
}

/** Masks every value in a whole piece of data (nothing held back): the logger's case. */
export function maskAll(patterns: PatternSet, data: Uint8Array): Uint8Array[] | undefined {
  if (patterns.size === 0) return undefined;
  const matches = leftmostLongest(patterns.scan(data).matches);
  return matches.length === 0 ? undefined : replace(data, matches, data.length);
}

function isPatternSet(value: Iterable<string> | PatternSet): value is PatternSet {
  return typeof (value as PatternSet).scan === "function";
}

/** data[0, until) with each match replaced by the mask, as pieces. */
function replace(data: Uint8Array, matches: Match[], until: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let read = 0;
  for (const { start, end } of matches) {
    if (start > read) pieces.push(data.subarray(read, start));
    pieces.push(MASK_BYTES);
    read = end;
  }
  if (until > read) pieces.push(data.subarray(read, until));
  return pieces;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
