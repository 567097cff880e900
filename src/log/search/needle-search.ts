import { sameBytes } from "./bytes.ts";
import type { Match, PatternSet, ScanResult } from "./patterns.ts";

/**
 * The search for few patterns: each pattern is found through a needle (see
 * patterns.ts), searched for with Buffer#indexOf.
 */

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
export function needlesOf(patterns: Uint8Array[], limit: number): Needle[] {
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

export class NeedleSearch implements PatternSet {
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
      if (has === undefined) {
        has = buffer.indexOf(probe) !== -1;
        present.set(probe, has);
      }
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
