/**
 * Relative links of the README and docs/, and the heading anchors GitHub makes,
 * so a test can tell when a page or a heading a link names is gone.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** Markdown without fenced code blocks (their lines stay, empty, so line numbers hold). */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ""));
}

/** A line without its inline code spans (`` `a](b)` `` is not a link). */
function withoutCodeSpans(line: string): string {
  return line.replace(/(`+)[\s\S]*?\1/g, "");
}

/**
 * GitHub's anchor for each heading: the text as rendered (code spans and link
 * targets dropped), lower case, every character but letters, digits, `_`, `-`
 * and spaces removed, each space a `-`; a repeated anchor gets `-1`, `-2`, ….
 */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of withoutFences(markdown).split("\n")) {
    const heading = /^#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]!.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`/g, "");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

export interface Link {
  line: number;
  target: string;
}

/** Every inline and reference-style link target outside code, with its line. */
export function linkTargets(markdown: string): Link[] {
  return withoutFences(markdown)
    .split("\n")
    .flatMap((text, index) => {
      const line = withoutCodeSpans(text);
      const inline = [...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!);
      const reference = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(line);
      return [...inline, ...(reference ? [reference[1]!] : [])].map((target) => ({ line: index + 1, target }));
    });
}

/**
 * Links of `file` (a path under `root`) that lead nowhere: to a file that does
 * not exist, or to a heading its Markdown page does not have. Links with a
 * scheme (https:, mailto:) are not followed.
 */
export function brokenLinks(root: string, file: string): string[] {
  const path = join(root, file);
  const markdown = readFileSync(path, "utf8");
  return linkTargets(markdown).flatMap(({ line, target }) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return [];
    const [pathPart = "", anchor] = target.split("#", 2) as [string, string | undefined];
    const targetPath = pathPart === "" ? path : join(dirname(path), decodeURIComponent(pathPart));
    const where = `${file}:${line}: ${target}`;
    if (!existsSync(targetPath)) return [`${where} (no file ${relative(root, targetPath)})`];
    if (anchor === undefined || anchor === "") return [];
    if (!targetPath.endsWith(".md")) return [`${where} (an anchor into a file that is not Markdown)`];
    const page = targetPath === path ? markdown : readFileSync(targetPath, "utf8");
    return headingAnchors(page).has(decodeURIComponent(anchor)) ? [] : [`${where} (no heading #${anchor})`];
  });
}
