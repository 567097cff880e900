import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

export const SRC = resolve(import.meta.dir, "../../src");

export interface SourceImport {
  /** The importing file, relative to src/. */
  from: string;
  /** The imported file, relative to src/ (may start with ../ for files outside src/). */
  to: string;
  /** `import type`, `export type`: erased by the compiler, never loaded. */
  typeOnly: boolean;
  /** `import(...)` or `require(...)`: loaded when the code runs, not when the module loads. */
  lazy: boolean;
}

/** Every .ts file under src/, relative to src/. */
export function sourceFiles(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[]).filter((path) => path.endsWith(".ts")).sort();
}

export function sourceText(path: string): string {
  return readFileSync(join(SRC, path), "utf8");
}

const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["'](\.[^"']+)["']/gm;
const LAZY = /\b(?:import|require)\(\s*["'](\.[^"']+)["']\s*\)/g;

/** The relative imports of every source file: static, type-only and lazy. */
export function sourceImports(): SourceImport[] {
  const imports: SourceImport[] = [];
  for (const from of sourceFiles()) {
    const text = sourceText(from);
    const target = (specifier: string) => relative(SRC, resolve(SRC, dirname(from), specifier));
    for (const [, , type, specifier] of text.matchAll(STATIC)) imports.push({ from, to: target(specifier!), typeOnly: type !== undefined, lazy: false });
    for (const [, specifier] of text.matchAll(LAZY)) imports.push({ from, to: target(specifier!), typeOnly: false, lazy: true });
  }
  return imports;
}

/** The folder a file belongs to: its first directory under src/, "." for src/errors.ts and the like, "cli" for the entry. */
export function folderOf(path: string): string {
  if (path === "cli.ts") return "cli";
  const [first, ...rest] = path.split("/");
  return rest.length === 0 ? "." : first!;
}
