/**
 * Random strings for round-trip property tests: every kind of character a
 * format could get wrong (quotes, backslashes, `$`, backticks, line breaks,
 * spaces at either end, `=`, `#`, Unicode line separators, BOM) mixed with
 * code points from all of Unicode. Never NUL (no environment can hold it) and
 * never a lone surrogate (not text). Seeded, so a failure can be replayed.
 */
const SPECIALS = [
  "'", '"', "`", "\\", "$", "$(", "${", "\n", "\r", "\r\n", " ", "\t", "=", "#", "!", "*", "?", "~", "&", ";", "|", "<", ">", "(", ")", "{", "}", "[", "]",
  "\\n", "\\r", "\\'", '\\"', "%", "\u2028", "\u2029", "\u00a0", "\ufeff", "\u0085", "\v", "\f", "\x1b", "\x7f", "ghadelimiter_", "export ", "<<",
];

export function seededRandom(seed: number): () => number {
  // mulberry32
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCodePoint(random: () => number): string {
  const r = random();
  // Mostly ASCII, then the BMP, then the astral planes.
  const max = r < 0.5 ? 0x7f : r < 0.85 ? 0xffff : 0x10ffff;
  for (;;) {
    const cp = 1 + Math.floor(random() * max);
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    return String.fromCodePoint(cp);
  }
}

export function randomValue(random: () => number, maxParts = 12): string {
  const parts = Math.floor(random() * (maxParts + 1));
  let value = "";
  for (let i = 0; i < parts; i++) {
    value += random() < 0.5 ? SPECIALS[Math.floor(random() * SPECIALS.length)]! : randomCodePoint(random);
  }
  return value;
}

/** `count` variables V0..Vn with random values, plus the cases that matter most. */
export function randomVariables(seed: number, count: number): Map<string, string> {
  const random = seededRandom(seed);
  const variables = new Map<string, string>();
  const fixed = ["", " ", "  lead", "trail  ", "'", '"', "`", "\\", "\n", "\r", "\r\n", "a\nb", "$(id)", "`id`", "$" + "{HOME}", "#x", "=", "x=y#z"];
  for (const [i, value] of fixed.entries()) variables.set(`F${i}`, value);
  for (let i = 0; i < count; i++) variables.set(`V${i}`, randomValue(random));
  return variables;
}
