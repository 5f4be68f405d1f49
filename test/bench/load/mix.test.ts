import { describe, expect, it } from 'vitest';
import { apis } from '../../../bench/load/apis.ts';
import { Mix, MixError, resolveApis } from '../../../bench/load/mix.ts';
import { Rng } from '../../../bench/seed/random.ts';

describe('the API mix of 10 §3.2', () => {
  it('has the 31 APIs whose shares add up to 100 %', () => {
    expect(apis.map((a) => a.no)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(apis.reduce((s, a) => s + a.share, 0)).toBe(100);
    // 3,000 requests per minute at 50 per second
    expect(apis.reduce((s, a) => s + (a.share / 100) * 3000, 0)).toBeCloseTo(3000);
  });

  it('carries the reference system p90 of 10 §4 on exactly five APIs', () => {
    const ref = Object.fromEntries(apis.filter((a) => a.referenceP90Ms).map((a) => [a.name, a.referenceP90Ms]));
    expect(ref).toEqual({
      'Create Individual Customer': 523,
      'Post Inbound Activity': 1270,
      'Search Case by Work Status': 556,
      'Search Customer by Custom Attribute': 750,
      'Change Customer of Activity': 705,
    });
  });

  it('picks each API with its share', () => {
    const mix = Mix.fromOptions(undefined, undefined);
    expect(mix.subset).toBe(false);
    const rng = Rng.stream(7, 'mix');
    const counts = new Map<number, number>();
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const a = mix.pick(rng.float());
      counts.set(a.no, (counts.get(a.no) ?? 0) + 1);
    }
    for (const a of apis) {
      const share = ((counts.get(a.no) ?? 0) / n) * 100;
      expect(Math.abs(share - a.share), a.name).toBeLessThan(0.25);
    }
  });

  it('maps the ends of [0, 1) to the first and last API', () => {
    const mix = Mix.fromOptions(undefined, undefined);
    expect(mix.pick(0).no).toBe(1);
    expect(mix.pick(0.0999).no).toBe(1);
    expect(mix.pick(0.1).no).toBe(2);
    expect(mix.pick(0.999999).no).toBe(31);
  });

  it('renormalises the shares of a subset (--exclude)', () => {
    const mix = Mix.fromOptions(undefined, '8,9,Post Inbound Activity,30,list articles in folder');
    expect(mix.subset).toBe(true);
    expect(mix.entries.map((e) => e.api.no)).not.toContain(11);
    expect(mix.entries).toHaveLength(26);
    expect(mix.entries.reduce((s, e) => s + e.share, 0)).toBeCloseTo(100);
    // 10 % of 84 % left
    expect(mix.entries.find((e) => e.api.no === 1)!.share).toBeCloseTo(1000 / 84);
  });

  it('runs only the named APIs (--only), by number or name in any spelling', () => {
    const mix = Mix.fromOptions('17, get-customer-by-id', undefined);
    expect(mix.entries.map((e) => e.api.no)).toEqual([17, 26]);
    expect(mix.entries[0]!.share).toBeCloseTo((8 / 13) * 100);
    expect(mix.entries[1]!.share).toBeCloseTo((5 / 13) * 100);
    const rng = Rng.stream(1, 'only');
    for (let i = 0; i < 1000; i++) expect([17, 26]).toContain(mix.pick(rng.float()).no);
  });

  it('refuses unknown names and an empty mix', () => {
    expect(() => resolveApis('Get Everything')).toThrow(MixError);
    expect(() => resolveApis('32')).toThrow(MixError);
    expect(() => Mix.fromOptions('1', '1')).toThrow(MixError);
  });
});
