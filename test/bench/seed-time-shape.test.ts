// The reference data set seeder (10 §2), the time shape of §2.3 over all activities, on a generated plan (pure
// functions, no database): 85 % of the activities created on weekdays and 80 % between 08:00 and 18:00 UTC — the
// later activities of a case as well as the first ones — while the other time properties stay: the order of a case's
// activities, everything before T, the monthly growth (last month ≈ 2 × the first) and the handling time (median
// 6 h, p90 3 days, capped at 30 days).
import { describe, expect, it } from 'vitest';
import { referenceSeed } from '../../bench/seed/reference.ts';
import { CustomerGenerator } from '../../bench/seed/steps/customers.generate.ts';
import { generateInteractions, STATUS, TYPE, type InteractionInput, type Interactions } from '../../bench/seed/steps/interactions.generate.ts';
import { fromShapeTime, monthsBefore, toShapeTime } from '../../bench/seed/timeline.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const scale = 0.05;

function input(seed: number, now: Date): InteractionInput {
  const gen = new CustomerGenerator({ seed, scale, now });
  const department = new Uint8Array(gen.count);
  const createdAt = new Float64Array(gen.count);
  const hasSecondEmail = new Uint8Array(gen.count);
  for (const c of gen) {
    department[c.index] = c.department;
    createdAt[c.index] = c.createdAt;
    hasSecondEmail[c.index] = c.emails.length > 1 ? 1 : 0;
  }
  return {
    seed,
    scale,
    now,
    customers: { count: gen.count, department, createdAt, hasSecondEmail },
    agents: [135, 60, 45, 36, 24],
    benchUsers: 5,
    emailQueues: [108, 63, 49, 38, 17],
    entryPoints: [12, 7, 6, 5, 3],
  };
}

/** Shares (in %) of weekday and 08:00–18:00 UTC instants among the activities `pick` selects. */
function shares(d: Interactions, pick: (i: number) => boolean): { n: number; weekday: number; office: number } {
  let n = 0;
  let weekday = 0;
  let office = 0;
  for (let i = 0; i < d.activityCount; i++) {
    if (!pick(i)) continue;
    const t = new Date(d.activities.created[i]!);
    n++;
    if (t.getUTCDay() !== 0 && t.getUTCDay() !== 6) weekday++;
    if (t.getUTCHours() >= 8 && t.getUTCHours() < 18) office++;
  }
  return { n, weekday: (100 * weekday) / n, office: (100 * office) / n };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

// Two reference instants: the tests' usual one, and one in the night of a weekend, other month lengths.
describe.each([new Date('2024-06-30T12:00:00.000Z'), new Date('2025-03-15T03:17:00.000Z')])('activities of a plan at scale 0.05, T = %s', (now) => {
  const T = now.getTime();
  const d = generateInteractions(input(referenceSeed, now));
  const a = d.activities;

  it('85 % on weekdays and 80 % between 08:00 and 18:00 UTC, over all activities and over the later ones of a case (±2 points)', () => {
    const all = shares(d, () => true);
    expect(all.n).toBe(Math.round(1_030_019 * scale));
    expect(all.weekday).toBeGreaterThan(83);
    expect(all.weekday).toBeLessThan(87);
    expect(all.office).toBeGreaterThan(78);
    expect(all.office).toBeLessThan(82);
    // The later activities (a third of them) have the shape too, not only the first ones that set the case time.
    const later = shares(d, (i) => a.position[i]! > 0);
    expect(later.n).toBeGreaterThan(all.n * 0.3);
    expect(later.weekday).toBeGreaterThan(83);
    expect(later.weekday).toBeLessThan(87);
    expect(later.office).toBeGreaterThan(78);
    expect(later.office).toBeLessThan(82);
  });

  it('a case’s activities in order, the first at the case’s creation, all in the 36 months before T', () => {
    const last = new Float64Array(d.caseCount).fill(-Infinity);
    const position = new Int32Array(d.caseCount).fill(-1);
    const from = monthsBefore(now, 36).getTime();
    let bad = 0;
    for (let i = 0; i < d.activityCount; i++) {
      const j = a.case[i]!;
      const t = a.created[i]!;
      if (t < last[j]! || a.position[i] !== position[j]! + 1 || t < from || t >= T) bad++;
      if (a.position[i] === 0 && t !== d.cases.created[j]) bad++;
      last[j] = t;
      position[j] = a.position[i]!;
    }
    expect(bad).toBe(0);
    // Ids ascend with creation.
    for (let i = 1; i < d.activityCount; i++) if (a.created[i]! < a.created[i - 1]!) bad++;
    expect(bad).toBe(0);
  });

  it('monthly volume grows linearly: the last month has about twice the activities of the first', () => {
    const first = [monthsBefore(now, 36).getTime(), monthsBefore(now, 35).getTime()] as const;
    const lastFrom = monthsBefore(now, 1).getTime();
    let nFirst = 0;
    let nLast = 0;
    for (let i = 0; i < d.activityCount; i++) {
      const t = a.created[i]!;
      if (t >= first[0] && t < first[1]) nFirst++;
      if (t >= lastFrom) nLast++;
    }
    const ratio = (nLast / nFirst) * ((first[1] - first[0]) / (T - lastFrom));
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.6);
  });

  it('handling time of completed emails: median 6 h, p90 3 days, at most 30 days; completion before T', () => {
    const h: number[] = [];
    let bad = 0;
    for (let i = 0; i < d.activityCount; i++) {
      if (a.status[i] !== STATUS.completed) continue;
      if (!(a.completed[i]! < T && a.completed[i]! >= a.created[i]!)) bad++;
      if (a.type[i] === TYPE.email) h.push(a.completed[i]! - a.created[i]!);
    }
    expect(bad).toBe(0);
    h.sort((x, y) => x - y);
    expect(quantile(h, 0.5) / HOUR).toBeGreaterThan(5.4);
    expect(quantile(h, 0.5) / HOUR).toBeLessThan(6.6);
    expect(quantile(h, 0.9) / DAY).toBeGreaterThan(2.7);
    expect(quantile(h, 0.9) / DAY).toBeLessThan(3.3);
    expect(h.at(-1)!).toBeLessThanOrEqual(30 * DAY);
  });

  it('70 % of the open activities were created in the 90 days before T', () => {
    let open = 0;
    let recent = 0;
    for (let i = 0; i < d.activityCount; i++) {
      if (a.status[i] === STATUS.completed) continue;
      open++;
      if (a.created[i]! >= T - 90 * DAY) recent++;
    }
    expect(recent / open).toBeGreaterThan(0.68);
    expect(recent / open).toBeLessThan(0.72);
  });

  it('deterministic for a seed', () => {
    const again = generateInteractions(input(referenceSeed, now));
    expect(Array.from(again.activities.created)).toEqual(Array.from(a.created));
    const other = generateInteractions(input(referenceSeed + 1, now));
    expect(Array.from(other.activities.created)).not.toEqual(Array.from(a.created));
  });
});

describe('shape time (timeline.ts)', () => {
  it('increases, is inverted by fromShapeTime, and a week of it is a real week', () => {
    let previous = -Infinity;
    let bad = 0;
    for (let t = Date.UTC(2021, 0, 1); t < Date.UTC(2024, 7, 1); t += 977_777) {
      const x = toShapeTime(t);
      if (!(x > previous) || Math.abs(fromShapeTime(x) - t) >= 0.01) bad++;
      previous = x;
    }
    expect(bad).toBe(0);
    const monday = Date.UTC(2024, 0, 1); // a Monday
    expect(toShapeTime(monday + 7 * DAY) - toShapeTime(monday)).toBeCloseTo(7 * DAY, 3);
    // A weekday office hour runs 168 × 0.85 × 0.8 / 50 shape hours, a weekend night hour 168 × 0.15 × 0.2 / 28.
    expect((toShapeTime(monday + 11 * HOUR) - toShapeTime(monday + 10 * HOUR)) / HOUR).toBeCloseTo((168 * 0.68) / 50, 9);
    expect((toShapeTime(monday - 2 * HOUR) - toShapeTime(monday - 3 * HOUR)) / HOUR).toBeCloseTo((168 * 0.03) / 28, 9);
  });
});
