// Masking of V20 (05 §9.16): every digit of a payment card number (13–19 digits, optionally separated by single
// spaces or hyphens, passing the Luhn check) and of a social security number (`\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b`)
// becomes `*`, separators kept. In html only the text outside tags is masked.
//
// Card numbers: a run of digit groups joined by single separators is split into its groups; from the left, the
// longest sequence of whole groups holding 13–19 digits that passes Luhn is masked, and the search goes on after it.
// A match never starts or ends inside a group, so digits glued to a longer number are not taken for a card.

/** The Luhn check of a digit string. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const star = (s: string) => s.replace(/[0-9]/g, '*');

// A run of digit groups separated by single spaces or hyphens, not touching other digits.
const RUN = /(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])/g;
const SSN = /\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b/g;

/** Masks the card numbers inside one run of digit groups. */
function maskRun(run: string): string {
  const parts = run.split(/([ -])/); // groups at even indexes, separators at odd ones
  const groups = parts.filter((_, i) => i % 2 === 0);
  const masked = new Set<number>();
  let i = 0;
  while (i < groups.length) {
    let best = -1;
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      digits += groups[j];
      if (digits.length > 19) break;
      if (digits.length >= 13 && luhn(digits)) best = j;
    }
    if (best < 0) {
      i++;
      continue;
    }
    for (let k = i; k <= best; k++) masked.add(k);
    i = best + 1;
  }
  if (!masked.size) return run;
  return parts.map((p, idx) => (idx % 2 === 0 && masked.has(idx / 2) ? star(p) : p)).join('');
}

/** Plain text with card numbers and social security numbers masked. */
export function maskText(text: string): string {
  return text.replace(RUN, (run) => maskRun(run)).replace(SSN, star);
}

// Markup that is not text: comments, CDATA sections, declarations and tags.
const MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[!?/]?[A-Za-z][^>]*>/g;

/** Html with the text outside tags masked (tags, attributes and comments unchanged). */
export function maskHtml(html: string): string {
  let out = '';
  let last = 0;
  for (const m of html.matchAll(MARKUP)) {
    out += maskText(html.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + maskText(html.slice(last));
}
