/**
 * The chart of `npm run bench`: start latency against the number of secrets,
 * one panel per network latency, a line per way of reading the secrets and
 * one for the floor. Plain SVG text, so the docs can show it as it is.
 */

export interface ChartSeries {
  name: string;
  /** Median ms per number of secrets; NaN where the case failed. */
  points: Array<{ secrets: number; ms: number }>;
  color: string;
  dash?: string;
}

export interface ChartPanel {
  title: string;
  series: ChartSeries[];
}

const WIDTH = 360;
const HEIGHT = 260;
const MARGIN = { top: 34, right: 14, bottom: 44, left: 50 };

const xmlText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const round = (n: number) => Math.round(n * 10) / 10;

/** A step of 1, 2 or 5 times a power of ten that gives about five grid lines up to `max`. */
function gridStep(max: number): number {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? 10 * power;
}

function panel(spec: ChartPanel, offsetX: number, counts: number[], yMax: number): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  // The counts are evenly spaced: 1, 2, 5, 10, 20, 50 read better so than on a linear axis.
  const x = (index: number) => offsetX + MARGIN.left + (counts.length === 1 ? plotW / 2 : (index * plotW) / (counts.length - 1));
  const y = (ms: number) => MARGIN.top + plotH - (ms / yMax) * plotH;
  const parts: string[] = [];
  parts.push(`<text x="${offsetX + MARGIN.left + plotW / 2}" y="18" text-anchor="middle" font-weight="bold">${xmlText(spec.title)}</text>`);
  const step = gridStep(yMax);
  for (let ms = 0; ms <= yMax + 1e-9; ms += step) {
    parts.push(`<line x1="${offsetX + MARGIN.left}" x2="${offsetX + MARGIN.left + plotW}" y1="${round(y(ms))}" y2="${round(y(ms))}" stroke="#ddd"/>`);
    parts.push(`<text x="${offsetX + MARGIN.left - 6}" y="${round(y(ms)) + 4}" text-anchor="end">${round(ms)}</text>`);
  }
  counts.forEach((count, index) => {
    parts.push(`<text x="${round(x(index))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${count}</text>`);
  });
  parts.push(`<text x="${offsetX + MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle">secrets</text>`);
  if (offsetX === 0) {
    parts.push(`<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">ms to start the program</text>`);
  }
  for (const series of spec.series) {
    const points = series.points
      .filter((point) => Number.isFinite(point.ms))
      .map((point) => `${round(x(counts.indexOf(point.secrets)))},${round(y(point.ms))}`);
    if (points.length === 0) continue;
    const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : "";
    parts.push(`<polyline fill="none" stroke="${series.color}" stroke-width="2"${dash} points="${points.join(" ")}"><title>${xmlText(series.name)}</title></polyline>`);
    for (const point of points) {
      const [cx, cy] = point.split(",");
      parts.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${series.color}"/>`);
    }
  }
  return parts.join("\n");
}

/** The whole chart: panels side by side with one shared y scale, and a legend below. */
export function renderChart(panels: ChartPanel[], caption: string): string {
  const counts = [...new Set(panels.flatMap((p) => p.series.flatMap((s) => s.points.map((point) => point.secrets))))].sort((a, b) => a - b);
  const values = panels.flatMap((p) => p.series.flatMap((s) => s.points.map((point) => point.ms))).filter(Number.isFinite);
  const top = Math.max(1, ...values);
  const yMax = Math.ceil(top / gridStep(top)) * gridStep(top);
  const legend = panels[0]?.series ?? [];
  const width = WIDTH * panels.length;
  const height = HEIGHT + 22 * legend.length + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...panels.map((spec, index) => panel(spec, index * WIDTH, counts, yMax)),
  ];
  legend.forEach((series, index) => {
    const ly = HEIGHT + 10 + index * 22;
    const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : "";
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + 30}" y1="${ly}" y2="${ly}" stroke="${series.color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${MARGIN.left + 38}" y="${ly + 4}">${xmlText(series.name)}</text>`);
  });
  parts.push(`<text x="${MARGIN.left}" y="${height - 10}" fill="#555">${xmlText(caption)}</text>`);
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
