import { formsOf, MIN_MASKED_LENGTH } from "./forms.ts";
import { compilePatterns, leftmostLongest, type Match, type PatternSet } from "./search/patterns.ts";

/**
 * Replaces every registered secret value in a piece of text with `****`.
 *
 * Values are registered the moment they are fetched, before anything can log
 * them. Besides the raw value every form it takes when embedded in other text
 * is masked: escaped for JSON, percent-encoded, base64, line by line (see
 * forms.ts for the full list). Matching runs on the text's UTF-8 bytes with
 * the search in search/ (which --mask-output uses too), in time linear in the
 * length of the text, for any number of values.
 */
export { MIN_MASKED_LENGTH };

/** What replaces a value, in log lines and in the program's output. */
export const MASK = "****";

/**
 * AWS credential material shorter than this is not masked: real secret access
 * keys have 40 characters and session tokens hundreds, while local stand-ins
 * for AWS take `test`/`test`, and masking `test` would garble every message
 * that names a secret or a file containing the word.
 */
export const MIN_CREDENTIAL_LENGTH = 16;

const encoder = new TextEncoder();

/** A compiled group of forms; groups are merged as they grow, so registering N forms one by one costs O(N log N). */
interface Group {
  forms: Uint8Array[];
  patterns: PatternSet;
}

export class Redactor {
  private readonly values = new Set<string>();
  /** Values registered since their forms were last worked out. */
  private unexpanded: string[] = [];
  /** Every form's UTF-8 bytes, by hash: kept once, as bytes only (50 secrets of 64 KiB have about 50 MiB of forms). */
  private readonly forms = new Map<number | bigint, Uint8Array[]>();
  private pending: Uint8Array[] = [];
  private groups: Group[] = [];

  /**
   * A secret value: masked when it is at least MIN_MASKED_LENGTH characters
   * long. Registering only records it; its forms are worked out when text is
   * first masked after it, so a run that logs nothing never pays for them.
   */
  register(value: string): void {
    if (value.length < MIN_MASKED_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    this.unexpanded.push(value);
  }

  private expand(): void {
    for (const value of this.unexpanded) {
      for (const form of formsOf(value)) {
        const bytes = encoder.encode(form);
        const hash = Bun.hash(bytes);
        const same = this.forms.get(hash);
        if (same?.some((known) => Buffer.from(known).equals(bytes))) continue;
        if (same) same.push(bytes);
        else this.forms.set(hash, [bytes]);
        this.pending.push(bytes);
      }
    }
    this.unexpanded = [];
  }

  /** AWS credential material (a secret access key, a session token): masked from MIN_CREDENTIAL_LENGTH characters on. */
  registerCredential(value: string): void {
    if (value.length >= MIN_CREDENTIAL_LENGTH) this.register(value);
  }

  /** Every registered form, longest first, for maskers that work on streams. */
  registered(): string[] {
    this.expand();
    const decoder = new TextDecoder();
    return [...this.forms.values()]
      .flat()
      .sort((a, b) => b.length - a.length)
      .map((bytes) => decoder.decode(bytes));
  }

  redact(text: string): string {
    if (this.values.size === 0 || text.length === 0) return text;
    this.expand();
    this.compilePending();
    const data = encoder.encode(text);
    const matches: Match[] = [];
    for (const group of this.groups) matches.push(...group.patterns.scan(data).matches);
    const chosen = leftmostLongest(matches);
    if (chosen.length === 0) return text;
    let out = "";
    let read = 0;
    for (const { start, end } of chosen) {
      out += `${Buffer.from(data.buffer, data.byteOffset + read, start - read).toString("utf8")}${MASK}`;
      read = end;
    }
    return out + Buffer.from(data.buffer, data.byteOffset + read, data.length - read).toString("utf8");
  }

  /** Compiles forms registered since the last call, merging groups no larger than the new one. */
  private compilePending(): void {
    if (this.pending.length === 0) return;
    let forms = this.pending;
    this.pending = [];
    while (this.groups.length > 0 && this.groups.at(-1)!.forms.length <= forms.length) {
      forms = this.groups.pop()!.forms.concat(forms);
    }
    this.groups.push({ forms, patterns: compilePatterns(forms) });
  }
}
