import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ContentFactory, maxHtmlBytes, maxTextBytes } from '../../../bench/load/content.ts';
import { Rng } from '../../../bench/seed/random.ts';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

describe('Post Inbound content (10 §2.5, §3.2 #11)', () => {
  it('makes the HTML body about 2.5 × the text body: median and overall ratio over many samples', () => {
    const content = new ContentFactory(Rng.stream(11, 'content'));
    const ratios: number[] = [];
    let text = 0;
    let html = 0;
    const large: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const t = content.emailText();
      const h = content.emailHtml(t, `sender.rtest.${i}@mail.example.net`);
      const tb = Buffer.byteLength(t);
      const hb = Buffer.byteLength(h);
      expect(tb).toBeLessThanOrEqual(maxTextBytes);
      expect(hb).toBeLessThanOrEqual(maxHtmlBytes);
      ratios.push(hb / tb);
      if (tb >= 2000) large.push(hb / tb);
      text += tb;
      html += hb;
    }
    expect(median(ratios)).toBeGreaterThan(2.3);
    expect(median(ratios)).toBeLessThan(2.7);
    expect(html / text).toBeGreaterThan(2.3);
    expect(html / text).toBeLessThan(2.7);
    // Above the size of the fixed skeleton every body is close to 2.5 ×.
    expect(Math.min(...large)).toBeGreaterThan(2.4);
    expect(Math.max(...large)).toBeLessThan(2.6);
  });

  it('is well-formed markup with paragraphs, a styled header and a signature block holding the text', () => {
    const content = new ContentFactory(Rng.stream(12, 'content'));
    const text = content.text(3000);
    const h = content.emailHtml(text, 'a&b@example.net');
    expect(XMLValidator.validate(h)).toBe(true);
    expect(h).toMatch(/^<html><head>.*<body style="[^"]+"><div style="background:[^"]+"><span style="[^"]+">Message<\/span><\/div>/);
    expect(h).toContain('<p style="margin:0 0 12px 0;');
    expect(h).toContain('<div class="signature"');
    expect(h).toContain('a&amp;b@example.net');
    const plain = h.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const word of text.split(' ').slice(0, 50)) expect(plain).toContain(word);
  });

  it('caps the largest bodies at 2.5 × 64 KB', () => {
    const content = new ContentFactory(Rng.stream(13, 'content'));
    const text = content.text(maxTextBytes).slice(0, maxTextBytes);
    const h = content.emailHtml(text, 'x@example.net');
    expect(h.length).toBeLessThanOrEqual(maxHtmlBytes);
    expect(h.length / text.length).toBeGreaterThan(2.45);
  });
});
