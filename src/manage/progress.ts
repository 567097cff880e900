import { writeAllSync } from "../io/write-sync.ts";

/**
 * A progress line on stderr for work that may take a while (listing a large
 * account, an upsert): shown only on a terminal, only once the work has taken
 * longer than `delayMs`, redrawn in place, and erased when the work ends.
 * It says what is happening, never a value.
 */
export interface Progress {
  update(text: string): void;
  stop(): void;
}

export function startProgress(text: string, options: { terminal: boolean; delayMs?: number; write?: (text: string) => void }): Progress {
  if (!options.terminal) return { update() {}, stop() {} };
  const write = options.write ?? ((t: string) => writeAllSync(2, t));
  let current = text;
  let shown = false;
  const draw = () => {
    shown = true;
    write(`\r\x1b[2K${current}`);
  };
  const timer = setTimeout(draw, options.delayMs ?? 700);
  return {
    update(next) {
      current = next;
      if (shown) draw();
    },
    stop() {
      clearTimeout(timer);
      if (shown) write("\r\x1b[2K");
    },
  };
}
