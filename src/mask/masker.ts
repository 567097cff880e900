import { MASK } from "../log/redact.ts";
import { compilePatterns, leftmostLongest, type Match, type PatternSet, type ScanResult } from "../log/search/patterns.ts";

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
export const MASK_BYTES = new TextEncoder().encode(MASK);

export class StreamMasker {
  private readonly patterns: PatternSet;
  private held: Uint8Array = new Uint8Array(0);
  private heldIsNew = false;

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
   * True when what is held back since the last push holds none of the bytes
   * held back before it: the wait for it starts now, not when the previous
   * tail was first held.
   */
  get holdingNewTail(): boolean {
    return this.holding && this.heldIsNew;
  }

  /**
   * Masks a piece of output; returns what can be passed on now, as pieces
   * to write in order (views into the input and the mask, not copies).
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.patterns.size === 0) return [chunk];
    const data = new Joined(this.held, chunk);
    const { matches, partials } = this.scan(data);
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
    this.heldIsNew = hold >= this.held.length;
    this.held = data.copy(hold, data.length);
    return replace(data, committed, hold);
  }

  /**
   * Scans the held-back tail followed by the new piece without copying the
   * piece: matches that start in the tail end within the longest value's
   * length, so only that much of the piece is joined to the tail.
   */
  private scan(data: Joined): ScanResult {
    const { held, chunk } = data;
    const reach = this.patterns.longest - 1;
    if (held.length === 0 || chunk.length < reach) {
      const whole = held.length === 0 ? chunk : data.copy(0, data.length);
      return this.patterns.scan(whole);
    }
    const boundary = this.patterns.scan(concat(held, chunk.subarray(0, reach)));
    const rest = this.patterns.scan(chunk);
    const shift = held.length;
    return {
      matches: [...boundary.matches.filter((m) => m.start < shift), ...rest.matches.map((m) => ({ start: m.start + shift, end: m.end + shift }))],
      partials: rest.partials.map((start) => start + shift),
    };
  }

  /** Passes on everything held back, masking the values it contains in full. */
  flush(): Uint8Array[] {
    const held = this.held;
    this.held = new Uint8Array(0);
    if (held.length === 0) return [];
    return replace(new Joined(held, EMPTY), leftmostLongest(this.patterns.scan(held).matches), held.length);
  }
}

const EMPTY = new Uint8Array(0);

/** The held-back tail and a new piece, addressed as one run of bytes without copying them together. */
class Joined {
  readonly length: number;
  constructor(
    readonly held: Uint8Array,
    readonly chunk: Uint8Array,
  ) {
    this.length = held.length + chunk.length;
  }

  /** Views of bytes [from, to), in order. */
  views(from: number, to: number): Uint8Array[] {
    const split = this.held.length;
    if (to <= split) return [this.held.subarray(from, to)];
    if (from >= split) return [this.chunk.subarray(from - split, to - split)];
    return [this.held.subarray(from), this.chunk.subarray(0, to - split)];
  }

  /** A copy of bytes [from, to), which stays valid when the caller reuses its piece. */
  copy(from: number, to: number): Uint8Array {
    const views = this.views(from, to);
    return views.length === 1 ? views[0]!.slice() : concat(views[0]!, views[1]!);
  }
}

function isPatternSet(value: Iterable<string> | PatternSet): value is PatternSet {
  return typeof (value as PatternSet).scan === "function";
}

/** data[0, until) with each match replaced by the mask, as pieces. */
function replace(data: Joined, matches: Match[], until: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let read = 0;
  for (const { start, end } of matches) {
    if (start > read) pieces.push(...data.views(read, start));
    pieces.push(MASK_BYTES);
    read = end;
  }
  if (until > read) pieces.push(...data.views(read, until));
  return pieces;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
