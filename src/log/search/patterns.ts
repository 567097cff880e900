import { Automaton } from "./automaton.ts";
import { NeedleSearch, needlesOf } from "./needle-search.ts";

/**
 * Finds every occurrence of a set of byte patterns (the forms of the secret
 * values, see src/log/forms.ts) in a piece of data. One engine for the logger
 * and for --mask-output: it lives here, in the logging layer, because the
 * redactor needs it, and src/mask/ (a feature, one layer up) builds on it.
 *
 * Two ways to search, chosen when the set is compiled, with the same results:
 * - few patterns (the usual run: a handful of secrets), needle-search.ts:
 *   each pattern is found through a "needle", a run of letters and digits
 *   that every textual and encoded form of one value shares, searched for
 *   with Buffer#indexOf (a native byte search, many times faster than a loop
 *   in JavaScript); the patterns that contain the needle are compared where
 *   it occurs;
 * - many patterns (up to 50 secrets of 64 KiB with every JSON leaf),
 *   automaton.ts: an Aho–Corasick automaton over a short key of each
 *   pattern — a prefix that occurs nowhere else in the pattern and, up to a
 *   length, that no other pattern starts with — and where a key occurs, the
 *   rest of its pattern is compared. The automaton reads each byte once, so
 *   the time is linear in the data; a key cannot recur inside its own
 *   pattern, so two comparisons of one pattern never cover the same bytes;
 *   and memory grows with the number of patterns, not their length.
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
