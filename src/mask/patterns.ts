/**
 * Finds every occurrence of a set of byte patterns (the forms of the secret
 * values, see src/log/forms.ts) in a piece of data. One engine for the logger
 * and for --mask-output.
 *
 * Two ways to search, chosen when the set is compiled, with the same results:
 * - few patterns (the usual run: a handful of secrets): each pattern is found
 *   through a "needle", a run of letters and digits that every textual and
 *   encoded form of one value shares, searched for with Buffer#indexOf (a
 *   native byte search, many times faster than a loop in JavaScript); the
 *   patterns that contain the needle are compared where it occurs;
 * - many patterns (up to 50 secrets of 64 KiB with every JSON leaf): an
 *   Aho–Corasick automaton over a short key of each pattern — a prefix of at
 *   least KEY_MIN bytes that occurs nowhere else in the pattern and, up to
 *   KEY_MAX bytes, that no other pattern starts with — and where a key
 *   occurs, the rest of its pattern is compared. The automaton reads each
 *   byte once, so the time is linear in the data; a key cannot recur inside
 *   its own pattern, so two comparisons of one pattern never cover the same
 *   bytes; and memory grows with the number of patterns, not their length.
 */

export interface Match {
  start: number;
  end: number;
}

export interface ScanResult {
  /** Every occurrence of every pattern that lies wholly inside the data. */
  matches: Match[];
  /** Where the rest of the data is a proper prefix of some pattern: it may still become one. */
  partials: number[];
}

export interface PatternSet {
  readonly size: number;
  /** Length in bytes of the longest pattern. */
  readonly longest: number;
  scan(data: Uint8Array): ScanResult;
}

/** Patterns that share no needle beyond this many are searched with the automaton. */
const MAX_NEEDLES = 40;
/** The needle search re-checks the held-back tail byte by byte; beyond this length the automaton is cheaper. */
const MAX_NEEDLE_PATTERN = 4096;
/** Choosing needles compares every pattern with every candidate: for small sets only. */
const MAX_NEEDLE_SET = 160;
/** The shortest key of a pattern in the automaton. */
const KEY_MIN = 16;
/**
 * Keys grow past a prefix that other patterns share, up to this length: the
 * forms of one value often share long prefixes (base64 with and without
 * padding, percent-encodings that differ only at the first `/`), and a key
 * as long as the shared part would add a trie node per byte of it. Patterns
 * still alike at this length share their key and are compared one after
 * another where it occurs.
 */
const KEY_MAX = 64;
/** Nodes with this many children get a full row of transitions. */
const DENSE_CHILDREN = 4;

/** `search` forces one way of searching (tests compare both); by default it is chosen from the set. */
export function compilePatterns(patterns: Iterable<Uint8Array>, search?: "needles" | "automaton"): PatternSet {
  const unique = new Map<string, Uint8Array>();
  for (const pattern of patterns) {
    if (pattern.length > 0) unique.set(Buffer.from(pattern.buffer, pattern.byteOffset, pattern.byteLength).toString("latin1"), pattern);
  }
  const list = [...unique.values()];
  const longest = list.reduce((max, p) => Math.max(max, p.length), 0);
  if (list.length === 0) return { size: 0, longest: 0, scan: () => ({ matches: [], partials: [] }) };
  if (search === "needles") return new NeedleSearch(list, needlesOf(list, Number.POSITIVE_INFINITY), longest);
  if (search === undefined && longest <= MAX_NEEDLE_PATTERN && list.length <= MAX_NEEDLE_SET) {
    const needles = needlesOf(list, MAX_NEEDLES);
    if (needles.length <= MAX_NEEDLES) return new NeedleSearch(list, needles, longest);
  }
  return new Automaton(list, longest);
}

/** Leftmost match first, the longest where several start at the same byte; no two overlap. */
export function leftmostLongest(matches: Match[]): Match[] {
  if (matches.length <= 1) return matches;
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: Match[] = [];
  let position = 0;
  for (const match of sorted) {
    if (match.start < position) continue;
    chosen.push(match);
    position = match.end;
  }
  return chosen;
}

// ---------------------------------------------------------------------------
// Few patterns: needles found with Buffer#indexOf.

interface Needle {
  needle: Buffer;
  /** The needle's byte least likely in ordinary output: where the data lacks it, the needle is not searched for. */
  probe: number;
  /** Patterns that contain the needle, and where (its first occurrence in each). */
  members: Array<{ pattern: Uint8Array; offset: number }>;
}

/** Letters and digits: every textual and encoded form of a value keeps them as they are. */
function isPlain(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/** The longest run of letters and digits in the pattern, or the pattern itself when that run is short. */
function needleFor(pattern: Uint8Array): Uint8Array {
  let best = 0;
  let bestStart = 0;
  for (let i = 0; i < pattern.length; ) {
    if (!isPlain(pattern[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < pattern.length && isPlain(pattern[j]!)) j++;
    if (j - i > best) {
      best = j - i;
      bestStart = i;
    }
    i = j;
  }
  return best >= 4 ? pattern.subarray(bestStart, bestStart + best) : pattern;
}

/** Bytes of ordinary text and log output, the most frequent first; any other byte counts as rarer than all of them. */
const COMMON_BYTES = new TextEncoder().encode(" etaoinsrhldcumfpgwybv0123456789.,:-/_=\"'\n()[]{}kxjqzETAOINSRHLDCUMFPGWYBVKXJQZ");

/** From here on in COMMON_BYTES (the rare lower-case letters and the capitals), a byte counts as rare. */
const RARE_FROM = COMMON_BYTES.indexOf(0x6b); // "k"

function rarestByte(needle: Uint8Array): number {
  let rarest = needle[0]!;
  for (const byte of needle) if (rank(byte) > rank(rarest)) rarest = byte;
  return rarest;
}

/**
 * Groups the patterns under as few needles as possible: the candidates are
 * each pattern's own needle; the one contained in the most patterns not yet
 * covered is taken first (a leaf value's digits cover the secret's whole
 * text and all its escaped forms too), until every pattern has one. Stops
 * once more than `limit` are needed.
 */
function needlesOf(patterns: Uint8Array[], limit: number): Needle[] {
  const candidates = [...new Map(patterns.map((p) => needleFor(p)).map((n) => [Buffer.from(n).toString("latin1"), Buffer.from(n)])).values()];
  const buffers = patterns.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
  const contains = candidates.map((needle) => buffers.map((pattern) => pattern.indexOf(needle)));
  const covered = new Uint8Array(patterns.length);
  const needles: Needle[] = [];
  for (let left = patterns.length; left > 0 && needles.length <= limit; ) {
    let best = -1;
    let bestCount = 0;
    for (let c = 0; c < candidates.length; c++) {
      let count = 0;
      for (let p = 0; p < patterns.length; p++) if (covered[p] === 0 && contains[c]![p]! !== -1) count++;
      if (count > bestCount || (count === bestCount && count > 0 && candidates[c]!.length > candidates[best]!.length)) {
        best = c;
        bestCount = count;
      }
    }
    const needle: Needle = { needle: candidates[best]!, probe: -1, members: [] };
    for (let p = 0; p < patterns.length; p++) {
      if (covered[p] === 0 && contains[best]![p]! !== -1) {
        covered[p] = 1;
        needle.members.push({ pattern: patterns[p]!, offset: contains[best]![p]! });
      }
    }
    needles.push(needle);
    left -= bestCount;
  }
  chooseProbes(needles);
  return needles;
}

/**
 * A probe byte for each needle: a rare byte that as many needles as possible
 * share, so that one search for it serves several of them (the base64 forms
 * of different values share capitals that lower-case logs lack); a needle
 * with no rare byte is probed by its rarest one.
 */
function chooseProbes(needles: Needle[]): void {
  const rare = (byte: number) => COMMON_BYTES.indexOf(byte) === -1 || COMMON_BYTES.indexOf(byte) >= RARE_FROM;
  for (;;) {
    const counts = new Map<number, number>();
    for (const { needle, probe } of needles) {
      if (probe !== -1) continue;
      for (const byte of new Set(needle)) if (rare(byte)) counts.set(byte, (counts.get(byte) ?? 0) + 1);
    }
    if (counts.size === 0) break;
    const [byte] = [...counts].sort((a, b) => b[1] - a[1] || rank(b[0]) - rank(a[0]))[0]!;
    for (const needle of needles) if (needle.probe === -1 && needle.needle.includes(byte)) needle.probe = byte;
  }
  for (const needle of needles) if (needle.probe === -1) needle.probe = rarestByte(needle.needle);
}

function rank(byte: number): number {
  const index = COMMON_BYTES.indexOf(byte);
  return index === -1 ? COMMON_BYTES.length : index;
}

class NeedleSearch implements PatternSet {
  readonly size: number;
  /** Patterns by their first byte, for the check of the data's tail. */
  private readonly byFirstByte = new Map<number, Uint8Array[]>();
  private readonly firstBytes = new Uint8Array(256);

  constructor(
    patterns: Uint8Array[],
    private readonly needles: Needle[],
    readonly longest: number,
  ) {
    this.size = patterns.length;
    for (const pattern of patterns) {
      const first = pattern[0]!;
      const list = this.byFirstByte.get(first) ?? [];
      list.push(pattern);
      this.byFirstByte.set(first, list);
      this.firstBytes[first] = 1;
    }
  }

  scan(data: Uint8Array): ScanResult {
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const matches: Match[] = [];
    const partials: number[] = [];
    const n = data.length;
    // Whether the data holds a byte, asked once per probe: a search for one byte is
    // the cheapest there is, and stops at its first occurrence.
    const present = new Map<number, boolean>();
    for (const { needle, probe, members } of this.needles) {
      let has = present.get(probe);
      if (has === undefined) present.set(probe, (has = buffer.indexOf(probe) !== -1));
      if (!has) continue;
      for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + 1)) {
        for (const { pattern, offset } of members) {
          const start = at - offset;
          if (start < 0) continue;
          const end = start + pattern.length;
          if (end <= n) {
            if (sameBytes(pattern, 0, data, start, pattern.length)) matches.push({ start, end });
          } else if (sameBytes(pattern, 0, data, start, n - start)) {
            partials.push(start);
          }
        }
      }
    }
    // A tail that could start a pattern whose needle has not arrived yet.
    for (let i = Math.max(0, n - this.longest + 1); i < n; i++) {
      if (this.firstBytes[data[i]!] === 0) continue;
      for (const pattern of this.byFirstByte.get(data[i]!)!) {
        if (pattern.length > n - i && sameBytes(pattern, 0, data, i, n - i)) {
          partials.push(i);
          break;
        }
      }
    }
    return { matches, partials };
  }
}

// ---------------------------------------------------------------------------
// Many patterns: an Aho–Corasick automaton over a short key of each.

class Automaton implements PatternSet {
  readonly size: number;
  private readonly patterns: Uint8Array[];
  /** Per pattern: how many of its first bytes form its key. */
  private readonly keyLength: Int32Array;
  /** Per pattern: the next pattern with the same key, or -1. */
  private readonly nextWithKey: Int32Array;
  // The trie of keys, one entry per node; node 0 is the root.
  private label = new Uint8Array(0);
  private firstChild = new Int32Array(0);
  private sibling = new Int32Array(0);
  private fail = new Int32Array(0);
  private depth = new Int32Array(0);
  /** The pattern that ends at this node (its key is the whole pattern), or -1. */
  private out = new Int32Array(0);
  /** The first of the longer patterns whose key ends at this node, or -1. */
  private keyed = new Int32Array(0);
  /** The nearest node on the fail chain with `out` or `keyed` set, or -1. */
  private dict = new Int32Array(0);
  private readonly rootNext = new Int32Array(256).fill(-1);
  private nodes = 1;
  /**
   * For the root and every node with many children, a full row of 256
   * transitions (fail links already followed), at this offset into `table`;
   * -1 for other nodes, whose few children are found in a short list.
   */
  private denseRow = new Int32Array(0);
  private table = new Int32Array(0);
  /** The node itself if a pattern or key ends there, else its `dict`: one read per byte to know there is nothing to report. */
  private report = new Int32Array(0);

  constructor(patterns: Uint8Array[], readonly longest: number) {
    // Sorted, so that the longest prefix a pattern shares with any other is shared with a neighbour.
    this.patterns = [...patterns].sort((a, b) => Buffer.compare(a, b));
    this.size = this.patterns.length;
    this.keyLength = new Int32Array(this.size);
    this.nextWithKey = new Int32Array(this.size).fill(-1);
    for (let i = 0; i < this.size; i++) {
      const pattern = this.patterns[i]!;
      const shared = Math.max(
        i > 0 ? commonPrefix(pattern, this.patterns[i - 1]!) : 0,
        i + 1 < this.size ? commonPrefix(pattern, this.patterns[i + 1]!) : 0,
      );
      this.keyLength[i] = Math.min(pattern.length, Math.max(KEY_MIN, Math.min(shared + 1, KEY_MAX), uniquePrefix(pattern)));
    }
    this.grow(1024);
    for (let i = 0; i < this.size; i++) this.insert(i);
    this.link();
    this.densify();
    this.report = new Int32Array(this.nodes);
    for (let node = 0; node < this.nodes; node++) {
      this.report[node] = this.out[node] !== -1 || this.keyed[node] !== -1 ? node : this.dict[node]!;
    }
  }

  /** Full transition rows for the root and the nodes with at least DENSE_CHILDREN children. */
  private densify(): void {
    const rows: number[] = [0];
    for (let node = 1; node < this.nodes; node++) {
      let children = 0;
      for (let c = this.firstChild[node]!; c !== -1 && children < DENSE_CHILDREN; c = this.sibling[c]!) children++;
      if (children >= DENSE_CHILDREN) rows.push(node);
    }
    this.denseRow = new Int32Array(this.nodes).fill(-1);
    this.table = new Int32Array(rows.length * 256);
    // Fail links point to shallower nodes: rows filled in order of depth can use the rows of their fail targets.
    rows.sort((a, b) => this.depth[a]! - this.depth[b]!);
    for (const [index, node] of rows.entries()) {
      const offset = index * 256;
      for (let byte = 0; byte < 256; byte++) this.table[offset + byte] = this.step(node, byte);
      this.denseRow[node] = offset;
    }
  }

  /** The state after `byte` in state `node`. */
  private step(node: number, byte: number): number {
    for (let state = node; ; state = this.fail[state]!) {
      const row = this.denseRow.length > state ? this.denseRow[state]! : -1;
      if (row !== -1) return this.table[row + byte]!;
      const c = this.child(state, byte);
      if (c !== -1) return c;
      if (state === 0) return 0;
    }
  }

  /** Room for at least `wanted` nodes: the arrays double as the trie grows. */
  private grow(wanted: number): void {
    const capacity = Math.max(wanted, this.label.length * 2);
    const widen = <T extends Uint8Array | Int32Array>(old: T, make: (n: number) => T, fill?: number): T => {
      const next = make(capacity);
      if (fill !== undefined) next.fill(fill, old.length);
      next.set(old);
      return next;
    };
    this.label = widen(this.label, (n) => new Uint8Array(n));
    this.firstChild = widen(this.firstChild, (n) => new Int32Array(n), -1);
    this.sibling = widen(this.sibling, (n) => new Int32Array(n), -1);
    this.fail = widen(this.fail, (n) => new Int32Array(n));
    this.depth = widen(this.depth, (n) => new Int32Array(n));
    this.out = widen(this.out, (n) => new Int32Array(n), -1);
    this.keyed = widen(this.keyed, (n) => new Int32Array(n), -1);
    this.dict = widen(this.dict, (n) => new Int32Array(n), -1);
  }

  private child(node: number, byte: number): number {
    if (node === 0) return this.rootNext[byte]!;
    let c = this.firstChild[node]!;
    while (c !== -1 && this.label[c] !== byte) c = this.sibling[c]!;
    return c;
  }

  private insert(index: number): void {
    const pattern = this.patterns[index]!;
    const length = this.keyLength[index]!;
    let node = 0;
    for (let i = 0; i < length; i++) {
      const byte = pattern[i]!;
      let next = this.child(node, byte);
      if (next === -1) {
        if (this.nodes === this.label.length) this.grow(this.nodes + 1);
        next = this.nodes++;
        this.label[next] = byte;
        this.depth[next] = i + 1;
        if (node === 0) this.rootNext[byte] = next;
        else {
          this.sibling[next] = this.firstChild[node]!;
          this.firstChild[node] = next;
        }
      }
      node = next;
    }
    if (length === pattern.length) this.out[node] = index;
    else {
      this.nextWithKey[index] = this.keyed[node]!;
      this.keyed[node] = index;
    }
  }

  /** Fail and dictionary links, breadth first. */
  private link(): void {
    const queue = new Int32Array(this.nodes);
    let head = 0;
    let tail = 0;
    for (let byte = 0; byte < 256; byte++) {
      const c = this.rootNext[byte]!;
      if (c !== -1) {
        this.fail[c] = 0;
        queue[tail++] = c;
      }
    }
    while (head < tail) {
      const node = queue[head++]!;
      for (let c = this.firstChild[node]!; c !== -1; c = this.sibling[c]!) {
        const byte = this.label[c]!;
        let f = this.fail[node]!;
        let target = this.child(f, byte);
        while (target === -1 && f !== 0) {
          f = this.fail[f]!;
          target = this.child(f, byte);
        }
        const link = target === -1 ? 0 : target;
        this.fail[c] = link;
        this.dict[c] = this.out[link] !== -1 || this.keyed[link] !== -1 ? link : this.dict[link]!;
        queue[tail++] = c;
      }
    }
  }

  scan(data: Uint8Array): ScanResult {
    const matches: Match[] = [];
    const partials: number[] = [];
    const n = data.length;
    const { denseRow, table, firstChild, sibling, label, fail, out, keyed, dict, depth, nextWithKey, report } = this;
    let state = 0;
    for (let i = 0; i < n; i++) {
      const byte = data[i]!;
      for (;;) {
        const row = denseRow[state]!;
        if (row !== -1) {
          state = table[row + byte]!;
          break;
        }
        let c = firstChild[state]!;
        while (c !== -1 && label[c] !== byte) c = sibling[c]!;
        if (c !== -1) {
          state = c;
          break;
        }
        state = fail[state]!;
      }
      for (let m = report[state]!; m !== -1; m = dict[m]!) {
        const start = i + 1 - depth[m]!;
        if (out[m] !== -1) matches.push({ start, end: i + 1 });
        for (let k = keyed[m]!; k !== -1; k = nextWithKey[k]!) {
          const pattern = this.patterns[k]!;
          const known = depth[m]!;
          if (start + pattern.length <= n) {
            if (sameBytes(pattern, known, data, start + known, pattern.length - known)) matches.push({ start, end: start + pattern.length });
          } else if (sameBytes(pattern, known, data, start + known, n - start - known)) {
            partials.push(start);
          }
        }
      }
    }
    // Keys begun at the end of the data (a node with children is a proper prefix of some key).
    for (let m = state; m !== 0; m = fail[m]!) if (firstChild[m] !== -1) partials.push(n - depth[m]!);
    return { matches, partials };
  }
}

/** Length of the longest common prefix of two patterns. */
function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a[i] === b[i]) i++;
  return i;
}

/**
 * A prefix length at which the pattern's prefix occurs nowhere else in it
 * (found by doubling, with the native byte search; at most the whole pattern).
 */
function uniquePrefix(pattern: Uint8Array): number {
  const buffer = Buffer.from(pattern.buffer, pattern.byteOffset, pattern.byteLength);
  let length = KEY_MIN;
  while (length < pattern.length && buffer.indexOf(buffer.subarray(0, length), 1) !== -1) length *= 2;
  return Math.min(length, pattern.length);
}

/** Whether a[aStart, aStart+length) equals b[bStart, bStart+length). */
export function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  if (length <= 0) return true;
  if (length > 64) {
    return Buffer.from(a.buffer, a.byteOffset + aStart, length).equals(Buffer.from(b.buffer, b.byteOffset + bStart, length));
  }
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}
