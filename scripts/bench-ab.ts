/**
 * A/B of two or more builds: whole-process wall time of the same command line
 * run by each binary in turn, so that every binary sees the same moments of a
 * noisy machine. Used for the before/after rows of docs/benchmarks.md.
 *
 *   bun scripts/bench-ab.ts <runs> <binary> <binary> [...] -- <arguments>
 *
 * The environment is passed through (point AWS_ENDPOINT_URL and credentials
 * at a local fake Secrets Manager: `bun tests/fake-aws/main.ts`).
 *
 * Besides wall time it reports CPU time (user + system, all threads): on a
 * machine shared with other work it moves less than wall time, and it counts
 * what a container's CPU quota is charged, the JIT's threads included. And
 * the peak RSS of each run (as GNU time reports it), median and range.
 */
const separator = process.argv.indexOf("--");
const [runsText, ...binaries] = process.argv.slice(2, separator === -1 ? undefined : separator);
const args = separator === -1 ? [] : process.argv.slice(separator + 1);
const runs = Number(runsText);
if (!Number.isInteger(runs) || runs < 1 || binaries.length < 2) {
  process.stderr.write("usage: bun scripts/bench-ab.ts <runs> <binary> <binary> [...] -- <arguments>\n");
  process.exit(2);
}

const WARMUP = 5;
const times = binaries.map((): number[] => []);
const cpuTimes = binaries.map((): number[] => []);
const peaks = binaries.map((): number[] => []);
for (let round = 0; round < WARMUP + runs; round++) {
  for (const [index, binary] of binaries.entries()) {
    const started = performance.now();
    const run = Bun.spawnSync({ cmd: [binary, ...args], stdin: "ignore", stdout: "ignore", stderr: "pipe" });
    const ms = performance.now() - started;
    if (run.exitCode !== 0) throw new Error(`${binary} exited ${run.exitCode}: ${run.stderr.toString().trim().split("\n")[0]}`);
    if (round >= WARMUP) {
      times[index]!.push(ms);
      const cpu = run.resourceUsage.cpuTime;
      cpuTimes[index]!.push(Number(cpu.user + cpu.system) / 1000);
      // Bun reports maxRSS in bytes.
      peaks[index]!.push(Number(run.resourceUsage.maxRSS) / 1048576);
    }
  }
}
for (const [index, binary] of binaries.entries()) {
  const sorted = times[index]!.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  const cpu = cpuTimes[index]!.sort((a, b) => a - b);
  const cpuMedian = cpu[Math.floor(cpu.length / 2)]!.toFixed(2);
  const rss = peaks[index]!.sort((a, b) => a - b);
  const rssText = `peak RSS median ${rss[Math.floor(rss.length / 2)]!.toFixed(1)} MiB (${rss[0]!.toFixed(1)}–${rss.at(-1)!.toFixed(1)})`;
  process.stdout.write(`${binary}: median ${at(0.5)} ms, p25 ${at(0.25)} ms, min ${sorted[0]!.toFixed(2)} ms, CPU median ${cpuMedian} ms, ${rssText} (${runs} runs)\n`);
}
