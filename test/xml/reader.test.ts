import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/errors/app-error.ts';
import { readXml } from '../../src/xml/reader.ts';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** Runs readXml and returns what it threw (fails the test if it did not throw). */
function thrown(xml: string, opts?: { maxDepth?: number }): AppError {
  let err: unknown;
  try {
    readXml(xml, opts);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

function expectRefused(xml: string, opts?: { maxDepth?: number }): void {
  const err = thrown(xml, opts);
  expect(err.key).toBe('400-150');
  expect(err.status).toBe(400);
}

const value = (xml: string) => readXml(xml).value;

const nested = (depth: number, leaf = 'x') => '<a>'.repeat(depth - 1) + `<a>${leaf}</a>` + '</a>'.repeat(depth - 1);

describe('readXml: mapping to the JSON shape (01 §3.2, §3.3, §5.1)', () => {
  it('reads a bare resource: attributes and child elements become properties', () => {
    expect(readXml('<case id="1013"><subject>x</subject></case>')).toEqual({ root: 'case', value: { id: '1013', subject: 'x' } });
  });

  it('reads a list wrapper: repeated elements become an array in document order', () => {
    expect(readXml('<activities><activity id="1"/><activity id="2"/></activities>')).toEqual({
      root: 'activities',
      value: { activity: [{ id: '1' }, { id: '2' }] },
    });
  });

  it('keeps an element that occurs once a single value, not a one-element array', () => {
    expect(value('<activities><activity id="1"/></activities>')).toEqual({ activity: { id: '1' } });
    expect(value('<case><customer id="7"/></case>')).toEqual({ customer: { id: '7' } });
  });

  it('groups interleaved repeats by name, each group in document order', () => {
    expect(value('<a><x>1</x><y>2</y><x>3</x><x>4</x></a>')).toEqual({ x: ['1', '3', '4'], y: '2' });
  });

  it('maps an element without attributes or children to its text, and an empty element to an empty string', () => {
    expect(value('<subject>hello</subject>')).toBe('hello');
    expect(value('<a><x/><y></y><z>v</z></a>')).toEqual({ x: '', y: '', z: 'v' });
  });

  it('keeps leading, trailing and inner whitespace of text (the consumer trims per field type)', () => {
    expect(value('<a><subject>  two  words \n</subject><blank>   </blank></a>')).toEqual({ subject: '  two  words \n', blank: '   ' });
  });

  it('ignores whitespace-only text between child elements', () => {
    expect(value('<case id="1">\n  <subject>s</subject>\n\t<notes>n</notes>\n</case>')).toEqual({ id: '1', subject: 's', notes: 'n' });
  });

  it('puts non-whitespace text of an element with attributes or children under #text', () => {
    expect(value('<a id="1">text</a>')).toEqual({ id: '1', '#text': 'text' });
    expect(value('<a>before<b>x</b>after</a>')).toEqual({ b: 'x', '#text': 'beforeafter' });
  });

  it('reads a nested resource as in the spec example', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<activities xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/activity"
    xmlns:cas="http://bindings.egain.com/ws/model/v12/gen/interaction/case"
    xmlns:cmn="http://bindings.egain.com/ws/model/v12/gen/common"
    xmlns:plt="http://bindings.egain.com/ws/model/v12/gen/platform">
  <activity id="1011">
    <case id="1001"><cas:link rel="case" href="/system/ws/v12/interaction/case/1001"/></case>
    <department id="999"><plt:name>Service</plt:name></department>
    <mode><cmn:value>inbound</cmn:value><cmn:displayValue>Inbound</cmn:displayValue></mode>
    <lastModified date="2016-04-01T02:06:42.000Z">
      <cmn:user id="1002"><plt:name>frank</plt:name></cmn:user>
    </lastModified>
  </activity>
</activities>`;
    expect(readXml(xml)).toEqual({
      root: 'activities',
      value: {
        activity: {
          id: '1011',
          case: { id: '1001', link: { rel: 'case', href: '/system/ws/v12/interaction/case/1001' } },
          department: { id: '999', name: 'Service' },
          mode: { value: 'inbound', displayValue: 'Inbound' },
          lastModified: { date: '2016-04-01T02:06:42.000Z', user: { id: '1002', name: 'frank' } },
        },
      },
    });
  });

  it('lets a child element override an attribute of the same local name', () => {
    expect(value('<activity id="1"><id>2</id></activity>')).toEqual({ id: '2' });
    expect(value('<activity id="1"><id>2</id><id>3</id></activity>')).toEqual({ id: ['2', '3'] });
  });

  it('accepts single-quoted attributes, whitespace around "=" and inside end tags', () => {
    expect(value(`<a  x = '1'\n y="it's" ><b >v</b ></a\n>`)).toEqual({ x: '1', y: "it's", b: 'v' });
  });

  it('normalises literal whitespace in attribute values to spaces, but not character references', () => {
    expect(value('<a v="x\ty\nz" w="&#9;&#10;"/>')).toEqual({ v: 'x y z', w: '\t\n' });
  });

  it('normalises CRLF and lone CR in text to LF, while &#13; still yields CR', () => {
    expect(value('<a>1\r\n2\r3&#13;</a>')).toBe('1\n2\n3\r');
  });

  it('stores an element named __proto__ as an own property without touching the prototype', () => {
    const v = value('<a><__proto__><polluted>yes</polluted></__proto__><constructor>c</constructor></a>') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect(v['constructor']).toBe('c');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('readXml: namespaces (01 §3.3)', () => {
  it('matches elements and attributes by local name and returns the root by local name', () => {
    const xml = '<cas:case xmlns:cas="urn:c" xmlns:cmn="urn:m" cas:id="5"><cas:subject>s</cas:subject><cmn:value>v</cmn:value></cas:case>';
    expect(readXml(xml)).toEqual({ root: 'case', value: { id: '5', subject: 's', value: 'v' } });
  });

  it('does not check namespace URIs or the root name, and tolerates undeclared prefixes', () => {
    expect(readXml('<whatever xmlns="urn:anything"><p:x>1</p:x></whatever>')).toEqual({ root: 'whatever', value: { x: '1' } });
  });

  it('drops xmlns declarations, so an element carrying only declarations is still text', () => {
    expect(readXml('<subject xmlns="urn:a" xmlns:b="urn:b">hi</subject>')).toEqual({ root: 'subject', value: 'hi' });
    expect(value('<a xmlns="urn:a"/>')).toBe('');
  });

  it('requires the end tag to repeat the prefix of the start tag', () => {
    expect(value('<a:x xmlns:a="u" xmlns:b="u"></a:x>')).toBe('');
    expectRefused('<a:x xmlns:a="u" xmlns:b="u"></b:x>');
  });
});

describe('readXml: xsi attributes', () => {
  it('reads xsi:nil="true" as null, whatever else the element holds', () => {
    expect(value(`<case ${XSI}><dueDate xsi:nil="true"/><notes xsi:nil="true" id="3">ignored</notes></case>`)).toEqual({
      dueDate: null,
      notes: null,
    });
  });

  it('accepts the XSD boolean spellings of true for xsi:nil', () => {
    expect(value(`<a ${XSI}><x xsi:nil="1"/><y xsi:nil=" true "/></a>`)).toEqual({ x: null, y: null });
  });

  it('drops xsi:nil="false" and other xsi attributes', () => {
    expect(value(`<a ${XSI}><x xsi:nil="false">v</x><y xsi:type="t" xsi:schemaLocation="u l">w</y></a>`)).toEqual({ x: 'v', y: 'w' });
  });

  it('recognises any prefix bound to the XSI namespace (e.g. i:nil as .NET writes it)', () => {
    expect(value('<a xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><x i:nil="true"/><y i:type="t">v</y></a>')).toEqual({ x: null, y: 'v' });
  });

  it('reads xsi:nil on the root element', () => {
    expect(readXml(`<case ${XSI} xsi:nil="true"/>`)).toEqual({ root: 'case', value: null });
  });
});

describe('readXml: text, CDATA, entities', () => {
  it('concatenates text and CDATA sections, keeping CDATA content literal', () => {
    expect(value('<content>a <![CDATA[<b>&amp; ]]]]><![CDATA[>]]> c</content>')).toBe('a <b>&amp; ]]> c');
    expect(value('<content><![CDATA[]]></content>')).toBe('');
  });

  it('keeps a DOCTYPE that is CDATA content (an HTML email body), since it is text, not a DTD', () => {
    expect(value('<content><![CDATA[<!DOCTYPE html><html></html>]]></content>')).toBe('<!DOCTYPE html><html></html>');
  });

  it('expands the five predefined entities in text and attribute values', () => {
    expect(value('<a t="&lt;&gt;&amp;&quot;&apos;">&lt;&gt;&amp;&quot;&apos;</a>')).toEqual({ t: `<>&"'`, '#text': `<>&"'` });
  });

  it('expands decimal and hexadecimal character references, including astral characters', () => {
    expect(value('<a v="&#65;&#x42;">&#65;&#x42;&#x43;&#128512;&#x1F600;&#0000067;</a>')).toEqual({ v: 'AB', '#text': 'ABC😀😀C' });
  });

  it('does not expand twice (&amp;lt; is the text &lt;)', () => {
    expect(value('<a>&amp;lt;&amp;#65;</a>')).toBe('&lt;&#65;');
  });

  it('accepts a raw ">" in text and attribute values', () => {
    expect(value('<a v="x>y">1 > 0</a>')).toEqual({ v: 'x>y', '#text': '1 > 0' });
  });

  it('accepts tab, LF, CR and non-ASCII text including surrogate pairs', () => {
    expect(value('<a>\t\nçé€😀\uFFFD</a>')).toBe('\t\nçé€😀\uFFFD');
  });

  it.each([
    ['an undefined named entity', '<a>&nbsp;</a>'],
    ['an external-looking entity', '<a>&xxe;</a>'],
    ['an entity in an attribute', '<a v="&foo;"/>'],
    ['a reference without ";"', '<a>&amp</a>'],
    ['a bare "&"', '<a>fish & chips</a>'],
    ['a bare "&" in an attribute', '<a v="a&b"/>'],
    ['an empty reference', '<a>&;</a>'],
    ['an empty decimal reference', '<a>&#;</a>'],
    ['an empty hex reference', '<a>&#x;</a>'],
    ['a bad hex digit', '<a>&#xZZ;</a>'],
    ['an upper-case X', '<a>&#X41;</a>'],
    ['a reference to NUL', '<a>&#0;</a>'],
    ['a reference to a control character', '<a>&#1;</a>'],
    ['a hex reference to a control character', '<a v="&#x1B;"/>'],
    ['a reference to U+FFFE', '<a>&#xFFFE;</a>'],
    ['a reference to U+FFFF', '<a>&#65535;</a>'],
    ['a reference to a lone surrogate', '<a>&#xD800;</a>'],
    ['a reference beyond U+10FFFF', '<a>&#x110000;</a>'],
    ['a huge decimal reference', `<a>&#${'9'.repeat(400)};</a>`],
  ])('refuses %s', (_label, xml) => {
    expectRefused(xml);
  });
});

describe('readXml: ignored markup', () => {
  it('ignores the XML declaration, comments, processing instructions and a leading BOM', () => {
    const xml = '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c1 -->\n<?style x?><a><!-- c2 --><?pi data?>x<!---->y</a>\n<!-- c3 -->\n';
    expect(readXml(xml)).toEqual({ root: 'a', value: 'xy' });
  });

  it('does not treat a comment as a child, so the element stays text', () => {
    expect(value('<a> x <!-- <b>not an element</b> --> y </a>')).toBe(' x  y ');
  });
});

describe('readXml: refuses documents that are not well-formed', () => {
  it.each([
    ['an empty document', ''],
    ['a whitespace-only document', ' \n\t '],
    ['a document with only a declaration and a comment', '<?xml version="1.0"?><!-- c -->'],
    ['a BOM alone', '\uFEFF'],
    ['plain text', 'hello'],
    ['JSON', '{"case":{}}'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an end tag for another name', '<a></b>'],
    ['an unclosed child', '<a><b></a>'],
    ['an unclosed root', '<a><b/>'],
    ['an unfinished start tag', '<a'],
    ['an unfinished end tag', '<a></a'],
    ['an extra end tag', '<a></a></a>'],
    ['an end tag first', '</a>'],
    ['two roots', '<a/><b/>'],
    ['two roots of the same name', '<a>1</a><a>2</a>'],
    ['text before the root', 'x<a/>'],
    ['text after the root', '<a/>x'],
    ['an entity after the root', '<a/>&amp;'],
    ['CDATA outside the root', '<![CDATA[x]]><a/>'],
    ['an attribute without quotes', '<a v=1/>'],
    ['an attribute without a value', '<a v/>'],
    ['an attribute without "="', '<a v "1"/>'],
    ['attributes not separated by whitespace', '<a x="1"y="2"/>'],
    ['an unterminated attribute value', '<a v="1/>'],
    ['mismatched attribute quotes', `<a v="1'/>`],
    ['a duplicate attribute', '<a id="1" id="2"/>'],
    ['a duplicate prefixed attribute', '<a p:id="1" p:id="2"/>'],
    ['attributes colliding by local name', '<a p:id="1" q:id="2"/>'],
    ['a duplicate namespace declaration', '<a xmlns:p="u" xmlns:p="v"/>'],
    ['"<" in an attribute value', '<a v="<b>"/>'],
    ['"<" in a single-quoted attribute value', "<a v='x<y'/>"],
    ['an attribute on an end tag', '<a></a v="1">'],
    ['a name starting with a digit', '<1a/>'],
    ['whitespace before the name', '< a/>'],
    ['a name with two colons', '<a:b:c/>'],
    ['a name ending with a colon', '<a:/>'],
    ['a name starting with a colon', '<:a/>'],
    ['an unterminated comment', '<a><!-- x </a>'],
    ['"--" inside a comment', '<a><!-- x -- y --></a>'],
    ['a comment ending in "--->"', '<a><!-- x ---></a>'],
    ['an unterminated CDATA section', '<a><![CDATA[x</a>'],
    ['"]]>" in text', '<a>x]]>y</a>'],
    ['an unterminated processing instruction', '<?xml version="1.0"<a/>'],
    ['a processing instruction without a target', '<? x?><a/>'],
    ['a lone "<" in text', '<a>1 < 2</a>'],
    ['an unknown "<!" construct', '<a><!foo></a>'],
  ])('refuses %s', (_label, xml) => {
    expectRefused(xml);
  });
});

describe('readXml: refuses characters not allowed in XML 1.0', () => {
  it.each([
    ['NUL in text', '<a>x\u0000y</a>'],
    ['U+0001 in text', '<a>\u0001</a>'],
    ['ESC in an attribute', '<a v="\u001B"/>'],
    ['U+001F in a name', '<a\u001F/>'],
    ['a control character outside the root', '<a/>\u0007'],
    ['a control character in a comment', '<a><!-- \u0008 --></a>'],
    ['a control character in CDATA', '<a><![CDATA[\u000C]]></a>'],
    ['U+FFFE', '<a>\uFFFE</a>'],
    ['U+FFFF', '<a>\uFFFF</a>'],
    ['an unpaired high surrogate', '<a>x\uD83Dy</a>'],
    ['an unpaired high surrogate at the end of text', '<a>x\uD83D</a>'],
    ['an unpaired low surrogate', '<a>\uDE00</a>'],
    ['surrogates in the wrong order', '<a>\uDE00\uD83D</a>'],
  ])('refuses %s', (_label, xml) => {
    expectRefused(xml);
  });
});

describe('readXml: DTDs are refused (01 §3.3)', () => {
  it.each([
    ['a DOCTYPE in the prolog', '<!DOCTYPE a><a/>'],
    ['a DOCTYPE with an internal subset', '<!DOCTYPE a [<!ELEMENT a (#PCDATA)>]><a>x</a>'],
    ['a lower-case doctype', '<!doctype a><a/>'],
    ['a mixed-case DocType', '<?xml version="1.0"?><!DocType a><a/>'],
    ['a DOCTYPE after the root', '<a/><!DOCTYPE a>'],
    ['a DOCTYPE inside the root', '<a><!DOCTYPE a></a>'],
    ['an ENTITY declaration without a DOCTYPE', '<a><!ENTITY x "y"></a>'],
    ['an ENTITY declaration in the prolog', '<!ENTITY x "y"><a/>'],
    ['an ELEMENT declaration', '<a><!ELEMENT a ANY></a>'],
    ['an ATTLIST declaration', '<!ATTLIST a id CDATA #IMPLIED><a/>'],
  ])('refuses %s', (_label, xml) => {
    expectRefused(xml);
  });
});

describe('readXml: nesting depth (01 §18)', () => {
  it('accepts 64 nested elements by default (the root is depth 1)', () => {
    let v = readXml(nested(64)).value;
    for (let i = 1; i < 64; i++) v = (v as { a: unknown }).a as typeof v;
    expect(v).toBe('x');
  });

  it('refuses 65 nested elements by default', () => {
    expectRefused(nested(65));
  });

  it('counts a self-closing element at depth 65 too', () => {
    expectRefused('<a>'.repeat(64) + '<a/>' + '</a>'.repeat(64));
  });

  it('counts nesting, not siblings', () => {
    const v = value(`<r>${'<i>x</i>'.repeat(10_000)}</r>`) as { i: string[] };
    expect(v.i).toHaveLength(10_000);
  });

  it('honours maxDepth', () => {
    expect(readXml('<a><b>x</b></a>', { maxDepth: 2 }).value).toEqual({ b: 'x' });
    expectRefused('<a><b><c/></b></a>', { maxDepth: 2 });
    expectRefused('<a/>', { maxDepth: 0 });
  });
});

describe('readXml: attacks are refused cheaply', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('refuses a billion-laughs document', () => {
    const decls = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) decls.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${decls.join('\n')}\n]>\n<lolz>&lol9;</lolz>`;
    expectRefused(xml);
  });

  it('refuses an external-entity (XXE) document without fetching anything', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    expectRefused('<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<foo>&xxe;</foo>');
    expectRefused('<!DOCTYPE foo SYSTEM "http://127.0.0.1:9/evil.dtd"><foo/>');
    expectRefused('<!DOCTYPE foo [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x">%p;]><foo/>');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses 100,000 nested elements in under 1 MB', () => {
    const xml = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(xml.length).toBeLessThan(1_000_000);
    expectRefused(xml);
  });

  it('refuses 100,000 unclosed nested elements', () => {
    expectRefused('<a>'.repeat(100_000));
  });

  it('parses a 2 MiB list body', () => {
    const item = '<activity id="1"><subject>hello &amp; world</subject><content><![CDATA[<p>html</p>]]></content></activity>';
    const count = Math.floor((2 * 1024 * 1024) / item.length) - 1;
    const v = value(`<activities>${item.repeat(count)}</activities>`) as { activity: unknown[] };
    expect(v.activity).toHaveLength(count);
    expect(v.activity[count - 1]).toEqual({ id: '1', subject: 'hello & world', content: '<p>html</p>' });
  });
});
