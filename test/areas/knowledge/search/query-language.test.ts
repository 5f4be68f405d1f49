// The `q` language of K3 (06 §5) turned into a tsquery expression: every rule of the spec, the choices where it is
// silent (docs/knowledge/search.md), 400-102 on unusable queries, and that client text reaches to_tsquery() only as
// letters, marks and digits (everything else goes to plainto_tsquery / phraseto_tsquery as a parameter).
//
// Readable form (describeExpression): `word` / `{as written}` = plainto_tsquery, `"…"` = phraseto_tsquery,
// `<…>` = to_tsquery; `&`, `|`, `!`.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/errors/app-error.ts';
import { describeExpression, parseSearchText, searchExpression, searchTsquery, toExpression, type TsExpr } from '../../../../src/areas/knowledge/search/kb.query-language.ts';

const ts = (q: string) => describeExpression(searchExpression(q));

function refused(q: string) {
  let err: unknown;
  try {
    searchExpression(q);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).key).toBe('400-102');
  expect((err as AppError).details).toEqual([{ key: 'q', value: q }]);
}

describe('words (AND)', () => {
  it('one word', () => expect(ts('password')).toBe('password'));
  it('words separated by spaces must all occur', () => expect(ts('reset my password')).toBe('reset & my & password'));
  it('any run of white space separates, leading and trailing space is trimmed', () => expect(ts('  reset \t\n password  ')).toBe('reset & password'));
  it('lower-cases (the configuration would too)', () => expect(ts('Reset PASSWORD')).toBe('reset & password'));
  it('keeps accents and non-Latin letters as written (unaccent is in the configuration)', () => {
    expect(ts('Café résumé')).toBe('café & résumé');
    expect(ts('контракт 東京')).toBe('контракт & 東京');
  });
  it('composes decomposed accents (NFC)', () => expect(ts('cafe\u0301')).toBe('café'));
  it('keeps digits and mixed words', () => expect(ts('error 404 x11')).toBe('error & 404 & x11'));
  it('repeats a repeated word (harmless)', () => expect(ts('a a')).toBe('a & a'));
});

describe('punctuation is a separator', () => {
  it('inside a word: the words must all occur, or the token as the parser reads it (two-factor, example.com)', () => {
    expect(ts('e-mail')).toBe('({e-mail} | {e mail})');
    expect(ts('example.com')).toBe('({example.com} | {example com})');
    expect(ts('foo.bar,baz')).toBe('({foo.bar,baz} | {foo bar baz})');
    expect(ts("don't")).toBe("({don't} | {don t})");
  });
  it('around a word it changes nothing', () => {
    expect(ts('password! (reset)')).toBe('password & reset');
    expect(ts('*pass')).toBe('pass');
  });
  it('alone it is ignored', () => expect(ts('reset , ; password !')).toBe('reset & password'));
  it('underscore and tsquery operators are separators too (and only ever reach plainto_tsquery)', () => {
    expect(ts('a_b')).toBe('({a_b} | {a b})');
    expect(ts('a&b|c!d(e)f:g<h>i')).toBe('({a&b|c!d(e)f:g<h>i} | {a b c d e f g h i})');
  });
});

describe('phrases', () => {
  it('"two words" matches the phrase', () => expect(ts('"reset password"')).toBe('"reset password"'));
  it('a phrase among words', () => expect(ts('how "reset your password" now')).toBe('how & "reset your password" & now'));
  it('a one-word phrase', () => expect(ts('"password"')).toBe('"password"'));
  it('punctuation inside a phrase: as written or split', () => {
    expect(ts('"e-mail address"')).toBe('("e-mail address" | "e mail address")');
    expect(ts('"upgrading the two-factor authentication"')).toBe('("upgrading the two-factor authentication" | "upgrading the two factor authentication")');
  });
  it('case and spacing inside a phrase do not matter', () => expect(ts('"Reset   Password"')).toBe('"reset password"'));
  it('an unterminated quote runs to the end', () => expect(ts('reset "your password')).toBe('reset & "your password"'));
  it('an empty phrase is ignored', () => expect(ts('"" reset')).toBe('reset'));
  it('a quote inside a word starts a phrase', () => expect(ts('foo"bar baz"')).toBe('foo & "bar baz"'));
  it('a prefix word inside a phrase', () => expect(ts('"reset pass*"')).toBe('<(reset <-> pass:*)>'));
});

describe('OR', () => {
  it('between two terms matches either', () => expect(ts('invoice OR receipt')).toBe('(invoice | receipt)'));
  it('binds tighter than the implicit AND', () => expect(ts('reset OR change password')).toBe('(reset | change) & password'));
  it('chains', () => expect(ts('a OR b OR c d')).toBe('(a | b | c) & d'));
  it('works with phrases and prefixes', () => expect(ts('"credit card" OR pay*')).toBe('("credit card" | <pay:*>)'));
  it('only upper-case OR is the operator; "or" and "Or" are words', () => {
    expect(ts('cats or dogs')).toBe('cats & or & dogs');
    expect(ts('cats Or dogs')).toBe('cats & or & dogs');
  });
  it('OR at the start, at the end or doubled is a separator', () => {
    expect(ts('OR reset')).toBe('reset');
    expect(ts('reset OR')).toBe('reset');
    expect(ts('a OR OR b')).toBe('(a | b)');
  });
  it('OR next to an excluded term is a separator', () => {
    expect(ts('a OR -b')).toBe('a & !b');
    expect(ts('-a OR b')).toBe('!a & b');
  });
  it('"OR" inside a phrase is a word', () => expect(ts('"this OR that"')).toBe('"this or that"'));
  it('a query of OR alone has no term', () => refused('OR'));
});

describe('exclusion', () => {
  it('a leading - excludes a term', () => expect(ts('printer -laser')).toBe('printer & !laser'));
  it('excludes a phrase', () => expect(ts('printer -"laser jet"')).toBe('printer & !"laser jet"'));
  it('excludes a punctuated word as a whole', () => expect(ts('mail -e-mail')).toBe('mail & !({e-mail} | {e mail})'));
  it('a - inside a word is punctuation', () => expect(ts('wi-fi')).toBe('({wi-fi} | {wi fi})'));
  it('several dashes still exclude', () => expect(ts('a --b')).toBe('a & !b'));
  it('a lone - is ignored', () => expect(ts('a - b')).toBe('a & b'));
  it('excludes a prefix', () => expect(ts('print -las*')).toBe('print & !<las:*>'));
  it('a query of exclusions only has no usable term', () => {
    refused('-printer');
    refused('-printer -"laser jet"');
  });
});

describe('prefix', () => {
  it('a trailing * makes a prefix term', () => expect(ts('pass*')).toBe('<pass:*>'));
  it('with other words', () => expect(ts('reset pass*')).toBe('reset & <pass:*>'));
  it('a * directly after any word of a punctuated word', () => expect(ts('e-mai*')).toBe('<(e & mai:*)>'));
  it('a * elsewhere is punctuation', () => {
    expect(ts('pass *')).toBe('pass');
    expect(ts('pass**')).toBe('<pass:*>');
  });
  it('a * alone has no term', () => refused('*'));
});

describe('400-102', () => {
  it('blank after trimming', () => {
    refused(' ');
    refused('\t\n');
  });
  it('over 512 characters after trimming (characters, not bytes or UTF-16 units)', () => {
    expect(ts(`  ${'a'.repeat(512)}  `)).toBe('a'.repeat(512));
    expect(ts('😀'.repeat(511) + 'b')).toBe('b');
    refused('a'.repeat(513));
    refused('é'.repeat(513));
  });
  it('punctuation only', () => {
    refused('!!!');
    refused('"" - * OR');
    refused('🙂 ☺');
  });
  it('combining marks alone are not a word', () => refused('\u0301\u0301'));
  it('names the parameter and the value as sent', () => refused('  ---  '));
  it('searchTsquery (the early check of the article area) refuses the same', () => {
    expect(searchTsquery('reset pass*')).toBe('reset & <pass:*>');
    expect(() => searchTsquery('-x')).toThrow(AppError);
  });
});

describe('injection safety', () => {
  const SAFE = /^[\p{L}\p{M}\p{N}]+(:\*)?$/u;
  const leaves = (e: TsExpr): TsExpr[] => (e.op === 'and' || e.op === 'or' ? e.args.flatMap(leaves) : e.op === 'not' ? leaves(e.arg) : [e]);
  it('to_tsquery text is letters, marks and digits between operators written here', () => {
    const nasty = [
      "x' | 'y*",
      "a:* & !b' --*",
      "'; DROP TABLE kb_article; --*",
      '\\" \\\\ a*',
      'a <-> b <2> c*',
      'a:A & b:*AB',
      '((a*)) | !!b*',
      '\u0000a\u0007b*',
      'a\u00a0b\u2003c*',
      'ﬁle* ｆｕｌｌ*',
      '"x\' <-> y*"',
    ];
    let checked = 0;
    for (const q of nasty) {
      const raw = leaves(searchExpression(q)).filter((l) => l.op === 'raw');
      checked += raw.length;
      for (const l of raw) {
        const operands = (l as { text: string }).text.split(/<->|[\s()!&|]+/).filter((x) => x !== '');
        for (const op of operands) expect(op, q).toMatch(SAFE);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
  });
  it('drops a word too long for a tsquery operand', () => {
    // 512 characters of four UTF-8 bytes each: 2,048 bytes.
    expect(ts('𝔸'.repeat(511))).toBe('𝔸'.repeat(511));
    refused('𝔸'.repeat(512));
    expect(ts(`${'𝔸'.repeat(509)} ab`)).toBe(`${'𝔸'.repeat(509)} & ab`);
  });
});

describe('parse tree', () => {
  it('keeps what was written', () => {
    expect(parseSearchText('a OR "b c" -d* e-f')).toEqual({
      items: [
        [
          { kind: 'words', words: [{ text: 'a', prefix: false }], negated: false, written: 'a' },
          { kind: 'phrase', words: [{ text: 'b', prefix: false }, { text: 'c', prefix: false }], negated: false, written: 'b c' },
        ],
        [{ kind: 'words', words: [{ text: 'd', prefix: true }], negated: true, written: 'd*' }],
        [{ kind: 'words', words: [{ text: 'e', prefix: false }, { text: 'f', prefix: false }], negated: false, written: 'e-f' }],
      ],
    });
    expect(toExpression(parseSearchText('a OR "b c" -d* e-f'))).toEqual({
      op: 'and',
      args: [
        { op: 'or', args: [{ op: 'plain', text: 'a' }, { op: 'phrase', text: 'b c' }] },
        { op: 'not', arg: { op: 'raw', text: 'd:*' } },
        { op: 'or', args: [{ op: 'plain', text: 'e-f' }, { op: 'plain', text: 'e f' }] },
      ],
    });
  });
});
