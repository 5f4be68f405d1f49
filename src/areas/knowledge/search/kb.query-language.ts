// The query language of `q` on K3 (06 §5): words must all occur, "quoted words" form a phrase, `OR` between two
// terms matches either, a leading `-` excludes a term, a trailing `*` makes a prefix term, any other punctuation
// separates words. Case and accents are the text-search configuration's business (kb_en/kb_es/kb_simple unaccent
// and lower-case).
//
// The result is an expression over three kinds of leaves, which kb.search.ts turns into SQL:
// - `plain` / `phrase`: plainto_tsquery / phraseto_tsquery(config, text) — the configuration's own parser reads the
//   text exactly as it read the documents, and never interprets tsquery syntax, so any client text is safe there;
// - `raw`: to_tsquery(config, text) for terms with a prefix (`pass*`), whose text is written here from words that
//   are runs of Unicode letters, combining marks and digits only (NFC), so none of the tsquery syntax characters
//   (& | ! ( ) : * < > ' \ and spaces) can come from the client.
// The parser keeps some punctuated tokens whole in documents (hyphenated compounds like `two-factor` occupy a
// position of their own, hosts `example.com`, e-mail addresses, versions `2.5`): a term or phrase with punctuation
// therefore matches either as written (the parser's reading) or split at the punctuation (the spec's separator).
import { Err } from '../../../errors/app-error.ts';

export const Q_MAX_LENGTH = 512;
/** PostgreSQL refuses tsquery operands over 2,047 bytes; such a word could not be in any document either. */
const MAX_WORD_BYTES = 2046;

/** One word of a term; `prefix` when a `*` followed it directly. */
export type SearchWord = { text: string; prefix: boolean };

/**
 * A term as written: one word, several words split by punctuation (all must occur), or a quoted phrase (the words
 * adjacent, in order). `negated` for a leading `-`.
 */
export type SearchTerm = { kind: 'words' | 'phrase'; words: SearchWord[]; negated: boolean; written: string };

/** The query: every item must match; an item is a term or an `OR` group of positive terms. */
export type SearchQuery = { items: SearchTerm[][] };

// Letters, combining marks and digits; a word must hold at least one letter or digit.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

function wordsOf(text: string): SearchWord[] {
  const out: SearchWord[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0].toLowerCase();
    if (!HAS_LETTER_OR_DIGIT.test(word) || Buffer.byteLength(word, 'utf8') > MAX_WORD_BYTES) continue;
    out.push({ text: word, prefix: text[m.index + m[0].length] === '*' });
  }
  return out;
}

type Token = { kind: 'or' } | { kind: 'term'; term: SearchTerm };

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (SPACE.test(ch)) {
      i++;
      continue;
    }
    // A run of `-` directly before a word or a quote negates it.
    let negated = false;
    let start = i;
    while (text[start] === '-') start++;
    if (start > i) negated = true;
    if (text[start] === '"') {
      const close = text.indexOf('"', start + 1);
      const end = close === -1 ? text.length : close;
      const written = text.slice(start + 1, end);
      const words = wordsOf(written);
      if (words.length) out.push({ kind: 'term', term: { kind: 'phrase', words, negated, written } });
      i = end + 1;
      continue;
    }
    let end = start;
    while (end < text.length && !SPACE.test(text[end]!) && text[end] !== '"') end++;
    const chunk = text.slice(start, end);
    if (chunk === 'OR' && !negated) out.push({ kind: 'or' });
    else {
      const words = wordsOf(chunk);
      if (words.length) out.push({ kind: 'term', term: { kind: 'words', words, negated, written: chunk } });
    }
    i = end;
  }
  return out;
}

/**
 * Reads `q` (06 §5 K3): 1–512 characters after trimming, at least one term that is not excluded; otherwise 400-102
 * naming `q` with the value as sent. `OR` binds tighter than the implicit AND (`reset OR change password` is
 * `(reset | change) & password`); an `OR` with no positive term on one side is an ordinary separator.
 */
export function parseSearchText(q: string): SearchQuery {
  const text = q.normalize('NFC').trim();
  const length = [...text].length;
  if (length < 1 || length > Q_MAX_LENGTH) throw Err.invalidParam('q', q);

  const items: SearchTerm[][] = [];
  let joinNext = false;
  for (const t of tokens(text)) {
    if (t.kind === 'or') {
      const last = items[items.length - 1];
      joinNext = last !== undefined && !last[0]!.negated;
      continue;
    }
    const last = items[items.length - 1];
    if (joinNext && last && !t.term.negated) last.push(t.term);
    else items.push([t.term]);
    joinNext = false;
  }
  if (!items.some((group) => !group[0]!.negated)) throw Err.invalidParam('q', q);
  return { items };
}

/** A tsquery expression: leaves read by the configuration (plain, phrase) or written here (raw), and operators. */
export type TsExpr =
  | { op: 'plain' | 'phrase' | 'raw'; text: string }
  | { op: 'and' | 'or'; args: TsExpr[] }
  | { op: 'not'; arg: TsExpr };

const word = (w: SearchWord) => (w.prefix ? `${w.text}:*` : w.text);
const EDGE_PUNCTUATION = /^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu;

function termExpr(t: SearchTerm): TsExpr {
  const split = t.words.map((w) => w.text).join(' ');
  let e: TsExpr;
  if (t.words.some((w) => w.prefix)) {
    const inner = t.words.map(word).join(t.kind === 'phrase' ? ' <-> ' : ' & ');
    e = { op: 'raw', text: t.words.length > 1 ? `(${inner})` : inner };
  } else {
    const op = t.kind === 'phrase' ? 'phrase' : 'plain';
    // Punctuation around the words changes nothing; inside, the parser may read a token (two-factor, example.com).
    const written = t.written.replace(EDGE_PUNCTUATION, '');
    const same = written.toLowerCase().split(/\s+/u).join(' ') === split;
    e = same ? { op, text: split } : { op: 'or', args: [{ op, text: written }, { op, text: split }] };
  }
  return t.negated ? { op: 'not', arg: e } : e;
}

/** The expression of a parsed query: items ANDed, OR groups ORed. */
export function toExpression(query: SearchQuery): TsExpr {
  const items = query.items.map((group): TsExpr => (group.length > 1 ? { op: 'or', args: group.map(termExpr) } : termExpr(group[0]!)));
  return items.length > 1 ? { op: 'and', args: items } : items[0]!;
}

/** `q` as a tsquery expression (400-102 when it holds no usable term). */
export const searchExpression = (q: string) => toExpression(parseSearchText(q));

/**
 * A readable form (tests, documentation): `word` or `{as written}` for plainto_tsquery, `"words"` for
 * phraseto_tsquery, `<text>` for to_tsquery, with `&`, `|`, `!` and parentheses.
 */
export function describeExpression(e: TsExpr): string {
  switch (e.op) {
    case 'plain':
      return /^[\p{L}\p{M}\p{N}]+$/u.test(e.text) ? e.text : `{${e.text}}`;
    case 'phrase':
      return `"${e.text}"`;
    case 'raw':
      return `<${e.text}>`;
    case 'not':
      return `!${describeExpression(e.arg)}`;
    case 'or':
      return `(${e.args.map(describeExpression).join(' | ')})`;
    case 'and':
      return e.args.map(describeExpression).join(' & ');
  }
}

/** Checks `q` (400-102 when unusable) and returns its readable form; the article area validates with it early. */
export const searchTsquery = (q: string) => describeExpression(searchExpression(q));
