// Content of the writes: subjects and bodies with the sizes of 10 §2.5, note texts, attachments of §2.6 (capped at
// 2 MB for Post Inbound, §3.2 #11). Built from a pre-generated word text so that a 64 KB body costs a slice, not
// 10,000 random draws.
import { randomBytes } from 'node:crypto';
import { words } from '../seed/lists.ts';
import type { Rng } from '../seed/random.ts';
import { logNormal } from './sampling.ts';

const corpusBytes = 256 * 1024;
const attachmentCap = 2 * 1024 * 1024;
/** 10 §2.5: text bodies at most 64 KB; HTML bodies about 2.5 × their text, so at most 2.5 × 64 KB (as the seeder). */
export const maxTextBytes = 64 * 1024;
export const htmlToTextRatio = 2.5;
export const maxHtmlBytes = Math.round(htmlToTextRatio * maxTextBytes);

// The HTML skeleton of a Post Inbound body (10 §2.5: paragraphs, a signature block, a styled header).
const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const HTML_HEAD = '<html><head><meta charset="utf-8"/></head><body style="margin:0;padding:0;">';
const HTML_HEADER = `<div style="background:#f4f6f8;padding:16px 24px;border-bottom:1px solid #d0d7de;"><span style="${FONT}font-size:18px;font-weight:bold;color:#0b3d62;">Message</span></div>`;
const HTML_CONTENT_START = '<div style="padding:16px 24px;">';
const HTML_CONTENT_END = '</div>';
const HTML_SIGNATURE = `<div class="signature" style="padding:8px 24px;border-top:1px solid #d0d7de;${FONT}font-size:12px;color:#555555;"><p style="margin:0;">Kind regards,</p><p style="margin:0;">`;
const HTML_SIGNATURE_END = '</p></div></body></html>';
const P_OPEN = `<p style="margin:0 0 12px 0;${FONT}font-size:14px;line-height:20px;color:#222222;">`;
const P_CLOSE = '</p>';
const SPAN_OPEN = `<span style="${FONT}font-size:14px;color:#222222;mso-line-height-rule:exactly;">`;
const SPAN_CLOSE = '</span>';
const sentencesPerParagraph = 3;

export type Attachment = { fileName: string; contentType: string; bytes: Buffer };

const attachmentTypes: readonly { weight: number; ext: string; type: string; magic: Buffer | null }[] = [
  { weight: 30, ext: 'pdf', type: 'application/pdf', magic: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1') },
  { weight: 20, ext: 'jpg', type: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]) },
  { weight: 20, ext: 'png', type: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { weight: 10, ext: 'docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: Buffer.from('PK\x03\x04', 'latin1') },
  { weight: 10, ext: 'xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: Buffer.from('PK\x03\x04', 'latin1') },
  { weight: 4, ext: 'txt', type: 'text/plain', magic: null },
  { weight: 3, ext: 'csv', type: 'text/csv', magic: null },
  { weight: 3, ext: 'zip', type: 'application/zip', magic: Buffer.from('PK\x03\x04', 'latin1') },
];

export class ContentFactory {
  private readonly corpus: string;
  private readonly binary: Buffer;

  constructor(private readonly rng: Rng) {
    const parts: string[] = [];
    let length = 0;
    while (length < corpusBytes) {
      const sentence = this.sentence();
      parts.push(sentence);
      length += sentence.length + 1;
    }
    this.corpus = parts.join(' ');
    this.binary = randomBytes(attachmentCap);
  }

  private sentence(): string {
    const n = this.rng.between(5, 18);
    const w: string[] = [];
    for (let i = 0; i < n; i++) w.push(this.rng.pick(words));
    const s = w.join(' ');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  }

  /** About `length` characters of word text, cut at word boundaries. */
  text(length: number): string {
    const max = this.corpus.length - 1;
    const n = Math.min(length, max);
    let start = this.rng.int(max - n + 1);
    while (start > 0 && this.corpus[start - 1] !== ' ') start--;
    let end = Math.min(this.corpus.length, start + n);
    while (end < this.corpus.length && this.corpus[end] !== ' ') end++;
    return this.corpus.slice(start, end);
  }

  /** 10–120 characters, median about 45 (10 §2.5). */
  subject(): string {
    const target = logNormal(this.rng, 45, 80, 120, 10);
    const out: string[] = [];
    let length = 0;
    while (length < target) {
      const w = this.rng.pick(words);
      out.push(w);
      length += w.length + 1;
    }
    let s = out.join(' ').slice(0, 120).trim();
    if (s.length < 10) s = `${s} request update`.slice(0, 120);
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
  }

  /** Text body: log-normal, median 1.2 KB, p90 6 KB, max 64 KB (10 §2.5). */
  emailText(): string {
    const t = this.text(logNormal(this.rng, 1200, 6000, maxTextBytes, 40));
    // text() ends at a word's end, which may pass the cap by a few characters.
    return t.length > maxTextBytes ? t.slice(0, t.lastIndexOf(' ', maxTextBytes)) : t;
  }

  /**
   * The text with HTML markup (10 §2.5: paragraphs, a signature block, a styled header), about 2.5 × the text's size.
   * The skeleton (head, header, signature) is fixed; the sentences go into styled paragraphs of three, and a share
   * of them also into a styled span, as many as bring the whole to 2.5 × the text (at most every sentence). Texts
   * under about 700 characters come out larger than 2.5 × (the skeleton alone is about 600 characters); the largest
   * (64 KB of text) come out at 2.5 × 64 KB, the cap the seeder uses for HTML bodies too.
   */
  emailHtml(text: string, sender: string): string {
    const head = `${HTML_HEAD}${HTML_HEADER}`;
    const tail = `${HTML_SIGNATURE}${escapeHtml(sender)}${HTML_SIGNATURE_END}`;
    const sentences = text
      .split(/(?<=\.) +/)
      .filter((x) => x.length > 0)
      .map(escapeHtml);
    const n = sentences.length;
    const paragraphs = Math.ceil(n / sentencesPerParagraph);
    let plain = head.length + HTML_CONTENT_START.length + HTML_CONTENT_END.length + tail.length + paragraphs * (P_OPEN.length + P_CLOSE.length);
    for (const [i, x] of sentences.entries()) plain += x.length + (i % sentencesPerParagraph ? 1 : 0);
    const target = Math.min(maxHtmlBytes, Math.round(htmlToTextRatio * text.length));
    const spanCost = SPAN_OPEN.length + SPAN_CLOSE.length;
    let spans = Math.max(0, Math.min(n, Math.round((target - plain) / spanCost)));
    while (spans > 0 && plain + spans * spanCost > maxHtmlBytes) spans--;
    const out: string[] = [head, HTML_CONTENT_START];
    for (let p = 0; p < paragraphs; p++) {
      const parts: string[] = [];
      for (let i = p * sentencesPerParagraph; i < Math.min(n, (p + 1) * sentencesPerParagraph); i++) {
        // `spans` of the `n` sentences, spread evenly.
        const styled = Math.floor(((i + 1) * spans) / n) > Math.floor((i * spans) / n);
        parts.push(styled ? `${SPAN_OPEN}${sentences[i]}${SPAN_CLOSE}` : sentences[i]!);
      }
      out.push(P_OPEN, parts.join(' '), P_CLOSE);
    }
    out.push(HTML_CONTENT_END, tail);
    return out.join('');
  }

  /** 20–1,500 characters (notes, 10 §3.2 #16). */
  note(): string {
    const length = this.rng.between(20, 1500);
    let s = this.text(length).slice(0, 1500);
    while (s.length < 20) s += ' note';
    return s.slice(0, 1500);
  }

  /** One attachment with the types and sizes of 10 §2.6, capped at 2 MB. */
  attachment(serial: number): Attachment {
    const kind = attachmentTypes[this.rng.weighted(attachmentTypes.map((t) => t.weight))]!;
    const size = logNormal(this.rng, 60 * 1024, 800 * 1024, attachmentCap, 64);
    let bytes: Buffer;
    if (kind.magic === null) {
      bytes = Buffer.from(this.text(size).slice(0, size));
    } else {
      const offset = this.rng.int(attachmentCap - size + 1);
      bytes = Buffer.concat([kind.magic, this.binary.subarray(offset, offset + size - kind.magic.length)]);
    }
    return { fileName: `attachment-${serial}.${kind.ext}`, contentType: kind.type, bytes };
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
