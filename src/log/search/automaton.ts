import { sameBytes } from "./bytes.ts";
import type { Match, PatternSet, ScanResult } from "./patterns.ts";

/**
 * The search for many patterns: an Aho–Corasick automaton over a short key
 * of each pattern (see patterns.ts).
 */

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

export class Automaton implements PatternSet {
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
