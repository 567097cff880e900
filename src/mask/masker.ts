import { MASK } from "../log/redact.ts";

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
  private readonly patterns: Uint8Array[];
  /** Patterns by their first byte, to test only plausible starts of a held-back tail. */
  private readonly byFirstByte = new Map<number, Uint8Array[]>();
  /** 1 where some value starts with that byte: a quick filter before the map. */
  private readonly firstBytes = new Uint8Array(256);
  private readonly longest: number;
  private readonly anchors: Anchor[];
  private held: Uint8Array = new Uint8Array(0);

  /** `values` must already be the forms to mask (see Redactor.registered()); empty ones are ignored. */
  constructor(values: Iterable<string>) {
    const encoder = new TextEncoder();
    const unique = new Map<string, Uint8Array>();
    for (const value of values) if (value.length > 0) unique.set(value, encoder.encode(value));
    // Longest first: where two values start at the same byte, the longer one is masked.
    this.patterns = [...unique.values()].sort((a, b) => b.length - a.length);
    for (const pattern of this.patterns) {
      const first = pattern[0]!;
      const list = this.byFirstByte.get(first) ?? [];
      list.push(pattern);
      this.byFirstByte.set(first, list);
      this.firstBytes[first] = 1;
    }
    this.longest = this.patterns[0]?.length ?? 0;
    this.anchors = anchorsOf(this.patterns);
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
    if (this.patterns.length === 0) return [chunk];
    const data = this.held.length === 0 ? chunk : concat(this.held, chunk);
    const matches = this.findMatches(data);
    // Matches that start in the held-back tail are found again once it is complete.
    let hold = this.holdPoint(data, 0);
    let committed = matches.filter((m) => m.start < hold);
    let lastEnd = committed.at(-1)?.end ?? 0;
    while (lastEnd > hold) {
      // A whole value overlaps the tail: mask it, and hold back only what follows it.
      hold = this.holdPoint(data, lastEnd);
      committed = matches.filter((m) => m.start < hold);
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
    return replace(data, this.findMatches(data), data.length);
  }

  /**
   * Non-overlapping matches, leftmost first and longest at the same start.
   * Only anchors (values that contain no other value) are searched for, with
   * Buffer#indexOf (a fast byte search); a value that contains an anchor is
   * checked only where its anchor occurs. The forms of one secret (the whole
   * SecretString, its escaped forms, each variable) mostly contain each other,
   * so this scans the output a few times rather than once per form.
   */
  private findMatches(data: Uint8Array): Match[] {
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const found: Match[] = [];
    for (const { anchor, containers } of this.anchors) {
      for (let at = buffer.indexOf(anchor); at !== -1; at = buffer.indexOf(anchor, at + 1)) {
        found.push({ start: at, end: at + anchor.length });
        for (const { pattern, offset } of containers) {
          const start = at - offset;
          if (start >= 0 && start + pattern.length <= data.length && startsWith(pattern, data.subarray(0, start + pattern.length), start)) {
            found.push({ start, end: start + pattern.length });
          }
        }
      }
    }
    if (found.length === 0) return found;
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const matches: Match[] = [];
    let position = 0;
    for (const match of found) {
      if (match.start < position) continue;
      matches.push(match);
      position = match.end;
    }
    return matches;
  }

  /** The earliest index ≥ from where the rest of data is a proper prefix of some value (data.length if none). */
  private holdPoint(data: Uint8Array, from: number): number {
    const start = Math.max(from, data.length - this.longest + 1);
    for (let i = start; i < data.length; i++) {
      if (this.firstBytes[data[i]!] === 0) continue;
      const candidates = this.byFirstByte.get(data[i]!);
      if (!candidates) continue;
      const rest = data.length - i;
      for (const pattern of candidates) {
        if (pattern.length > rest && startsWith(pattern, data, i)) return i;
      }
    }
    return data.length;
  }
}

interface Anchor {
  anchor: Uint8Array;
  /** Longer values that contain the anchor, and where (its first occurrence in them). */
  containers: Array<{ pattern: Uint8Array; offset: number }>;
}

/** Groups values under the shortest value each contains (patterns must be sorted longest first). */
function anchorsOf(patterns: Uint8Array[]): Anchor[] {
  const shortestFirst = [...patterns].reverse();
  const anchors: Anchor[] = [];
  for (const pattern of shortestFirst) {
    const haystack = Buffer.from(pattern.buffer, pattern.byteOffset, pattern.byteLength);
    const home = anchors.find(({ anchor }) => haystack.indexOf(anchor) !== -1);
    if (home) home.containers.push({ pattern, offset: haystack.indexOf(home.anchor) });
    else anchors.push({ anchor: pattern, containers: [] });
  }
  return anchors;
}

interface Match {
  start: number;
  end: number;
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

/** Whether data from `offset` to its end equals the start of pattern. */
function startsWith(pattern: Uint8Array, data: Uint8Array, offset: number): boolean {
  for (let j = 0; offset + j < data.length; j++) if (pattern[j] !== data[offset + j]) return false;
  return true;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
