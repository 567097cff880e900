/**
 * Makes text safe to write to a terminal: every control character (C0 but
 * the line feed, DEL, C1) and every Unicode bidirectional override or isolate
 * is replaced by a visible escape such as `\x1b` or `\u202e`. A line feed
 * stays: the logger prefixes each line with `env-secrets: `, so text cannot
 * pass for a line of its own. A CR LF pair is a line break too.
 *
 * Text that reaches the logger may come from a server (an AWS error message,
 * a proxy's answer): without this, an escape sequence could move the cursor,
 * retitle the terminal (OSC) or hide what follows, a carriage return could
 * overwrite the line's prefix with a forged one, and a right-to-left override
 * could make text read backwards. env-secrets' own messages contain none of
 * these, so every logged line goes through here, after masking (a value that
 * contains such a character is then still masked as a whole).
 */
const UNSAFE = /\r\n|[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === "\r\n") return "\n";
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
  });
}
