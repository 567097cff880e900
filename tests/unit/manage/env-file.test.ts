import { describe, expect, test } from "bun:test";
import { readEnvFile } from "../../../src/manage/env-file.ts";
import { parseDotenv } from "../../../src/secrets/dotenv.ts";
import { seededRandom } from "../../helpers/random-values.ts";

describe("readEnvFile: assignments with their lines, read by the run path's dotenv reader", () => {
  test("lines of assignments, repeats and malformed lines", () => {
    const file = readEnvFile("# top\nA=1\n\nexport B='x'\nnot a line\nA=2\nC=\"multi\nline\"\nD=4\n???\n");
    expect(file.assignments.map((a) => [a.key, a.line])).toEqual([["A", 2], ["B", 4], ["A", 6], ["C", 7], ["D", 9]]);
    expect(file.malformed).toEqual([5, 10]);
    expect(Object.fromEntries(file.variables)).toEqual({ A: "2", B: "x", C: "multi\nline", D: "4" });
  });

  test("CRLF line ends count as one line break", () => {
    const file = readEnvFile("A=1\r\nB=2\r\nbad\r\n");
    expect(file.assignments.map((a) => a.line)).toEqual([1, 2]);
    expect(file.malformed).toEqual([3]);
  });

  test("values always equal what the reader gives the whole file, on random files", () => {
    const pieces = ["A", "B", "KEY", "=", "x", " ", "'", '"', "`", "\\", "#", " #", "\n", "\n", "export ", "1", ":", ": "];
    for (let seed = 1; seed <= 2000; seed++) {
      const next = seededRandom(seed * 7919);
      let text = "";
      for (let i = Math.floor(next() * 30); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
      const file = readEnvFile(text);
      const lines = text.split("\n");
      for (const line of file.malformed) lines[line - 1] = "";
      const whole = parseDotenv(lines.join("\n"));
      expect(whole.invalidLine).toBeUndefined();
      expect(file.variables).toEqual(whole.variables);
      // The last assignment of each key carries the value the file gives it.
      const last = new Map(file.assignments.map((a) => [a.key, a.value]));
      expect(last).toEqual(new Map([...whole.variables].filter(([key]) => last.has(key))));
      expect(new Set(file.assignments.map((a) => a.key))).toEqual(new Set(whole.variables.keys()));
    }
  });
});
