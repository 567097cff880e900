/**
 * Replaces every registered secret value in a piece of text with `****`.
 *
 * Values are registered the moment they are fetched, before anything can log
 * them. Besides the raw value we register the forms a value takes when it is
 * embedded in other text: JSON-escaped (inside an AWS error body or a JSON
 * dump), URL-encoded (inside a URL), and each line of a multiline value
 * (a log line may carry only part of it).
 */
export const MASK = "****";

/** Shorter values would turn ordinary words of a log line into `****`. */
export const MIN_MASKED_LENGTH = 4;

export class Redactor {
  private readonly forms = new Set<string>();
  private pattern: RegExp | null = null;

  register(value: string): void {
    for (const form of formsOf(value)) {
      if (form.length >= MIN_MASKED_LENGTH && !this.forms.has(form)) {
        this.forms.add(form);
        this.pattern = null;
      }
    }
  }

  /** Every registered form, longest first, for maskers that work on streams. */
  registered(): string[] {
    return [...this.forms].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    if (this.forms.size === 0) return text;
    this.pattern ??= new RegExp(this.registered().map(escapeRegExp).join("|"), "g");
    return text.replace(this.pattern, MASK);
  }
}

function formsOf(value: string): string[] {
  const lines = value.split(/\r\n|\r|\n/);
  // encodeURIComponent throws on a lone surrogate; a URL carries one as U+FFFD
  // (as the URL parser writes it), so that is the form to mask. Registering runs
  // the moment a value arrives, before shaping refuses such a value: it must not throw.
  const forms = [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value.toWellFormed()), ...lines];
  if (lines.length > 1) forms.push(...lines.map((line) => JSON.stringify(line).slice(1, -1)));
  return forms;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}
