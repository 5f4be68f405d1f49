// Hand-written SVG charts of the report: p50/p90/p99 per API (log scale, with the p90 threshold), and for capacity
// runs latency against the target rate.
import { escapeXml } from './bodies.ts';
import type { ApiRow, StepRow } from './report.ts';

const font = 'font-family="Helvetica,Arial,sans-serif"';
const colors = { p50: '#1f5f99', p90: '#5b9bd5', p99: '#c6dcf0', threshold: '#d62728', worst: '#ff7f0e', grid: '#e0e0e0' };

/** Ticks 1-2-5 per decade between lo and hi. */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let d = Math.floor(Math.log10(lo)); d <= Math.ceil(Math.log10(hi)); d++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** d;
      if (v >= lo && v <= hi) out.push(Number(v.toPrecision(6)));
    }
  }
  return out;
}

function logScale(lo: number, hi: number, from: number, to: number): (v: number) => number {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return (v) => from + ((Math.log10(Math.min(hi, Math.max(lo, v))) - a) / (b - a)) * (to - from);
}

const label = (v: number) => (v >= 1000 ? `${v / 1000} s` : `${v} ms`);

function bounds(values: number[], thresholdMs: number): [number, number] {
  const positive = values.filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...positive, thresholdMs))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...positive, thresholdMs * 1.5)));
  return [lo, hi];
}

/** One row per API with data: a p99 bar, the p90 bar over it, the p50 bar over both. */
export function percentileChart(rows: readonly ApiRow[], thresholdMs: number, title: string): string {
  const data = rows.filter((r) => r.p50Ms !== null && r.p90Ms !== null && r.p99Ms !== null);
  const left = 270;
  const right = 90;
  const width = 980;
  const rowH = 20;
  const top = 56;
  const height = top + Math.max(1, data.length) * rowH + 50;
  const [lo, hi] = bounds(data.flatMap((r) => [r.p50Ms!, r.p99Ms!]), thresholdMs);
  const x = logScale(lo, hi, left, width - right);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${font} font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${left}" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  const legend: [string, string][] = [
    ['p50', colors.p50],
    ['p90', colors.p90],
    ['p99', colors.p99],
  ];
  legend.forEach(([name, color], i) => {
    parts.push(`<rect x="${left + i * 70}" y="30" width="12" height="12" fill="${color}" stroke="#999"/><text x="${left + i * 70 + 16}" y="40">${name}</text>`);
  });
  parts.push(`<line x1="${left + 230}" y1="36" x2="${left + 250}" y2="36" stroke="${colors.threshold}" stroke-dasharray="4 3" stroke-width="2"/><text x="${left + 254}" y="40">p90 threshold ${thresholdMs} ms</text>`);
  const bottom = top + data.length * rowH;
  for (const t of logTicks(lo, hi)) {
    const tx = x(t).toFixed(1);
    parts.push(`<line x1="${tx}" y1="${top - 4}" x2="${tx}" y2="${bottom}" stroke="${colors.grid}"/>`);
    parts.push(`<text x="${tx}" y="${bottom + 16}" text-anchor="middle" fill="#555">${label(t)}</text>`);
  }
  data.forEach((r, i) => {
    const y = top + i * rowH;
    const x0 = x(lo);
    parts.push(`<text x="${left - 8}" y="${y + 14}" text-anchor="end">${escapeXml(`${r.no}. ${r.name}`)}</text>`);
    parts.push(`<rect x="${x0}" y="${y + 3}" width="${(x(r.p99Ms!) - x0).toFixed(1)}" height="${rowH - 6}" fill="${colors.p99}"><title>p99 ${r.p99Ms} ms</title></rect>`);
    parts.push(`<rect x="${x0}" y="${y + 3}" width="${(x(r.p90Ms!) - x0).toFixed(1)}" height="${rowH - 6}" fill="${colors.p90}"><title>p90 ${r.p90Ms} ms</title></rect>`);
    parts.push(`<rect x="${x0}" y="${y + 3}" width="${(x(r.p50Ms!) - x0).toFixed(1)}" height="${rowH - 6}" fill="${colors.p50}"><title>p50 ${r.p50Ms} ms</title></rect>`);
    const fill = r.p90Verdict === 'fail' ? colors.threshold : '#333';
    parts.push(`<text x="${(x(r.p99Ms!) + 4).toFixed(1)}" y="${y + 14}" fill="${fill}">${r.p50Ms} / ${r.p90Ms} / ${r.p99Ms}</text>`);
  });
  const tx = x(thresholdMs).toFixed(1);
  parts.push(`<line x1="${tx}" y1="${top - 4}" x2="${tx}" y2="${bottom}" stroke="${colors.threshold}" stroke-dasharray="4 3" stroke-width="2"/>`);
  parts.push(`<text x="${left}" y="${height - 10}" fill="#555">response time (log scale); labels: p50 / p90 / p99 in ms</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Capacity: overall p50/p90/p99 and the worst API's p90 against the target rate of each step. */
export function capacityChart(steps: readonly StepRow[], thresholdMs: number, title: string): string {
  const width = 900;
  const height = 460;
  const left = 70;
  const right = 170;
  const top = 40;
  const bottom = height - 50;
  const series: { name: string; color: string; values: (number | null)[] }[] = [
    { name: 'p50', color: colors.p50, values: steps.map((s) => s.p50Ms) },
    { name: 'p90', color: colors.p90, values: steps.map((s) => s.p90Ms) },
    { name: 'p99', color: '#8fb8de', values: steps.map((s) => s.p99Ms) },
    { name: 'worst API p90', color: colors.worst, values: steps.map((s) => s.worstP90Ms) },
  ];
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const [lo, hi] = bounds(all.length ? all : [1], thresholdMs);
  const y = logScale(lo, hi, bottom, top);
  const rates = steps.map((s) => s.targetRate);
  const rMin = Math.min(...rates, 0);
  const rMax = Math.max(...rates, 1);
  const x = (r: number) => left + ((r - rMin) / (rMax - rMin || 1)) * (width - left - right);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${font} font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  for (const t of logTicks(lo, hi)) {
    const ty = y(t).toFixed(1);
    parts.push(`<line x1="${left}" y1="${ty}" x2="${width - right}" y2="${ty}" stroke="${colors.grid}"/><text x="${left - 6}" y="${ty}" text-anchor="end" dy="4" fill="#555">${label(t)}</text>`);
  }
  for (const r of rates) {
    parts.push(`<text x="${x(r).toFixed(1)}" y="${bottom + 16}" text-anchor="middle" fill="#555">${r}</text>`);
  }
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">target rate (requests/s)</text>`);
  const ty = y(thresholdMs).toFixed(1);
  parts.push(`<line x1="${left}" y1="${ty}" x2="${width - right}" y2="${ty}" stroke="${colors.threshold}" stroke-dasharray="4 3" stroke-width="2"/>`);
  series.forEach((s, i) => {
    const pts = s.values.map((v, k) => (v === null ? null : `${x(rates[k]!).toFixed(1)},${y(v).toFixed(1)}`)).filter((p): p is string => p !== null);
    if (pts.length) parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const p of pts) {
      const [px, py] = p.split(',');
      parts.push(`<circle cx="${px}" cy="${py}" r="3" fill="${s.color}"/>`);
    }
    parts.push(`<line x1="${width - right + 15}" y1="${top + 10 + i * 20}" x2="${width - right + 35}" y2="${top + 10 + i * 20}" stroke="${s.color}" stroke-width="2"/><text x="${width - right + 40}" y="${top + 14 + i * 20}">${s.name}</text>`);
  });
  parts.push(
    `<line x1="${width - right + 15}" y1="${top + 90}" x2="${width - right + 35}" y2="${top + 90}" stroke="${colors.threshold}" stroke-dasharray="4 3" stroke-width="2"/><text x="${width - right + 40}" y="${top + 94}">threshold ${thresholdMs} ms</text>`,
  );
  steps.forEach((s) => {
    if (!s.passed) parts.push(`<text x="${x(s.targetRate).toFixed(1)}" y="${top + 4}" text-anchor="middle" fill="${colors.threshold}">✗</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
