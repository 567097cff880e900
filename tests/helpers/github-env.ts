/**
 * Reads a $GITHUB_ENV file the way the GitHub Actions runner does on Linux
 * (SetEnvFileCommand in actions/runner): lines split at LF; empty lines
 * skipped; `NAME=value` when `=` comes before any `<<`; otherwise
 * `NAME<<DELIMITER` followed by the lines up to one equal to the delimiter,
 * the value being the text between them without the final line break.
 */
export function parseGithubEnvFile(text: string): Map<string, string> {
  const result = new Map<string, string>();
  let index = 0;
  const readLine = (): { line: string; newline: string } | undefined => {
    if (index >= text.length) return undefined;
    const lf = text.indexOf("\n", index);
    const start = index;
    if (lf < 0) {
      index = text.length;
      return { line: text.slice(start), newline: "" };
    }
    index = lf + 1;
    return { line: text.slice(start, lf), newline: "\n" };
  };
  for (let read = readLine(); read !== undefined; read = readLine()) {
    const { line } = read;
    if (line === "") continue;
    const equals = line.indexOf("=");
    const heredoc = line.indexOf("<<");
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      result.set(line.slice(0, equals), line.slice(equals + 1));
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === "" || delimiter === "") throw new Error(`invalid line ${JSON.stringify(line)}`);
      const start = index;
      let end = index;
      let next = readLine();
      while (next?.line !== delimiter) {
        if (next === undefined) throw new Error(`matching delimiter not found '${delimiter}'`);
        end = index - next.newline.length;
        next = readLine();
      }
      result.set(name, end > start ? text.slice(start, end) : "");
    } else {
      throw new Error(`invalid line ${JSON.stringify(line)}`);
    }
  }
  return result;
}
