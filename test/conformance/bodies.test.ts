// 01 §3 request bodies (accepted types, order of the framing checks, shapes, XML input, character rules) and the
// body limits of §18, through fixture routes that take a body (config.body) and one that takes none.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { canonicalXml } from '../helpers/xml-canonical.ts';
import { COMMON, FORMATS, HELLO, T, acceptOf, expectError, fixtureRoutes, type Fmt } from './support.ts';

let t: TestApp;
let small: TestApp;
let big: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [fixtureRoutes]);
  small = await getTestApp({ ECE_MAX_BODY_BYTES: '2048' }, [fixtureRoutes]);
  big = await getTestApp({ ECE_MAX_BODY_BYTES: String(8 * 1024 * 1024) }, [fixtureRoutes]);
});
afterAll(async () => {
  await t?.close();
  await small?.close();
  await big?.close();
});

type Payload = string | Buffer | Readable;
const send = (
  method: string,
  url: string,
  payload: Payload | undefined,
  headers: Record<string, string> = {},
  app: TestApp = t,
) => app.app.inject({ method: method as 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });

const ctFor = (fmt: Fmt) => (fmt === 'json' ? 'application/json' : 'application/xml');
const post = (path: string, fmt: Fmt, body: string, extra: Record<string, string> = {}, app: TestApp = t) =>
  send('POST', `${T}/${path}`, body, { 'content-type': ctFor(fmt), accept: 'application/json', ...extra }, app);

/** The body the route saw, as echoed back by the fixture (support.ts). */
function parsedOf(res: { statusCode: number; body: string; headers: Record<string, unknown> }): unknown {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  if (String(res.headers['content-type']).startsWith('application/json')) return JSON.parse((JSON.parse(res.body) as { parsed: string }).parsed);
  const root = canonicalXml(res.body);
  expect(root.name).toBe(`{${COMMON}}echo`);
  return JSON.parse(root.children[0]!.text!);
}

describe('01 §3.2 / §3.3 JSON and XML bodies give the same parsed shape', () => {
  const expected = { id: '1013', subject: 'Hi there', priority: 5 };

  it.each([
    ['JSON bare', 'json', '{"id":"1013","subject":"Hi there","priority":5}'],
    ['JSON wrapped in a one-item array', 'json', '{"case":[{"id":"1013","subject":"Hi there","priority":5}]}'],
    ['JSON wrapped as an object', 'json', '{"case":{"id":"1013","subject":"Hi there","priority":5}}'],
    ['JSON lenient scalars (id number, numeric string)', 'json', '{"id":1013,"subject":"Hi there","priority":"5"}'],
    ['XML bare', 'xml', '<case id="1013"><subject>Hi there</subject><priority>5</priority></case>'],
    ['XML wrapped', 'xml', '<cases><case id="1013"><subject>Hi there</subject><priority>5</priority></case></cases>'],
    [
      'XML with namespace prefixes',
      'xml',
      '<?xml version="1.0" encoding="UTF-8"?><c:case xmlns:c="http://bindings.egain.com/ws/model/v12/gen/interaction/case" id="1013"><c:subject>Hi there</c:subject><c:priority>5</c:priority></c:case>',
    ],
    [
      'XML wrapped, prefixed, other namespace URIs',
      'xml',
      '<x:cases xmlns:x="urn:whatever" xmlns:y="urn:other"><x:case id="1013"><y:subject>Hi there</y:subject><priority>5</priority></x:case></x:cases>',
    ],
    ['XML with a default namespace', 'xml', '<case xmlns="urn:anything" id="1013"><subject>Hi there</subject><priority>5</priority></case>'],
    ['XML under another root name', 'xml', '<something id="1013"><subject>Hi there</subject><priority>5</priority></something>'],
    ['XML id as child element, CDATA text', 'xml', '<case><id>1013</id><subject><![CDATA[Hi there]]></subject><priority>5</priority></case>'],
    ['XML mixed CDATA and text', 'xml', '<case id="1013"><subject>Hi<![CDATA[ there]]></subject><priority>5</priority></case>'],
  ] as const)('%s', async (_name, fmt, body) => {
    const res = await post('echo', fmt, body);
    expect(parsedOf(res)).toEqual(expected);
  });

  it('the answer is the same in XML (echo fixture answered in the negotiated format)', async () => {
    const res = await post('echo', 'xml', '<case id="1013"><subject>Hi there</subject><priority>5</priority></case>', { accept: 'application/xml' });
    expect(parsedOf(res)).toEqual(expected);
  });

  it.each(FORMATS)('a single-resource wrapper with 2 items → 400-152 (%s)', async (fmt) => {
    const body = fmt === 'json' ? '{"case":[{"id":"1"},{"id":"2"}]}' : '<cases><case id="1"/><case id="2"/></cases>';
    const res = await post('echo', fmt, body, { accept: acceptOf(fmt) });
    const err = expectError(res, '400-152', { format: fmt });
    expect(err.details[0]?.key).toBe('case');
  });

  it('the wrapper is recognised only by the key of the resource the endpoint takes', async () => {
    const res = await post('echo', 'json', '{"customer":{"id":"5"}}');
    expect(parsedOf(res)).toEqual({ customer: { id: '5' } });
    const xml = await post('echo', 'xml', '<case><customer id="5"/></case>');
    expect(parsedOf(xml)).toEqual({ customer: { id: '5' } });
  });

  it.each([
    ['JSON list wrapper', 'json', '{"activity":[{"id":"1"},{"id":"2"}]}', [{ id: '1' }, { id: '2' }]],
    ['XML list wrapper', 'xml', '<activities><activity id="1"/><activity id="2"/></activities>', [{ id: '1' }, { id: '2' }]],
    ['JSON bare object read as a list of one', 'json', '{"id":"1","subject":"s"}', [{ id: '1', subject: 's' }]],
    ['XML bare element read as a list of one', 'xml', '<activity id="1"><subject>s</subject></activity>', [{ id: '1', subject: 's' }]],
    ['JSON wrapper holding one object', 'json', '{"activity":{"id":"1"}}', [{ id: '1' }]],
    ['XML wrapper holding one element', 'xml', '<activities><activity id="1"/></activities>', [{ id: '1' }]],
  ] as const)('list route: %s', async (_name, fmt, body, parsed) => {
    const res = await post('list', fmt, body);
    expect(parsedOf(res)).toEqual(parsed);
  });

  it.each([
    ['JSON array', 'json', '{"contactPersons":{"contactPerson":[{"firstName":"Ann"}]}}'],
    ['JSON single object where the JSON form has an array', 'json', '{"contactPersons":{"contactPerson":{"firstName":"Ann"}}}'],
    ['XML one repeated element', 'xml', '<case><contactPersons><contactPerson><firstName>Ann</firstName></contactPerson></contactPersons></case>'],
  ] as const)('a one-element list: %s', async (_name, fmt, body) => {
    const res = await post('echo', fmt, body);
    expect(parsedOf(res)).toEqual({ contactPersons: { contactPerson: [{ firstName: 'Ann' }] } });
  });

  it('repeated XML elements form a list, like the JSON array', async () => {
    const json = await post('echo', 'json', '{"contactPersons":{"contactPerson":[{"firstName":"Ann"},{"firstName":"Bob","age":3}]}}');
    const xml = await post(
      'echo',
      'xml',
      '<case><contactPersons><contactPerson><firstName>Ann</firstName></contactPerson><contactPerson><firstName>Bob</firstName><age>3</age></contactPerson></contactPersons></case>',
    );
    expect(parsedOf(xml)).toEqual(parsedOf(json));
    expect(parsedOf(json)).toEqual({ contactPersons: { contactPerson: [{ firstName: 'Ann' }, { firstName: 'Bob', age: 3 }] } });
  });

  it('XML: the five predefined entities and numeric references are expanded', async () => {
    const res = await post('echo', 'xml', '<case><subject>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#233;&#x263A;</subject></case>');
    expect(parsedOf(res)).toEqual({ subject: '<a> & "b" \'c\' é☺' });
  });

  it('XML: whitespace around ids and numbers is trimmed (01 §3.3)', async () => {
    const res = await post('echo', 'xml', '<case><id> 1013 </id><subject>Hi there</subject><priority>\n 5 </priority></case>');
    expect(parsedOf(res)).toEqual(expected);
    const attr = await post('echo', 'xml', '<case id=" 1013 "><subject>Hi there</subject><priority>5</priority></case>');
    expect(parsedOf(attr)).toEqual(expected);
  });

  it('XML: leading and trailing whitespace of free text is kept', async () => {
    const res = await post('echo', 'xml', '<case><subject>  spaced  </subject></case>');
    expect(parsedOf(res)).toEqual({ subject: '  spaced  ' });
  });

  it('unknown JSON properties and XML elements are ignored (no error)', async () => {
    expect((await post('echo', 'json', '{"subject":"s","unknownThing":{"a":1}}')).statusCode).toBe(200);
    expect((await post('echo', 'xml', '<case unknownAttr="1"><subject>s</subject><unknownThing>1</unknownThing></case>')).statusCode).toBe(200);
  });

  it.each([
    ['true', true],
    ['"true"', true],
    ['"TRUE"', true],
    ['"yes"', true],
    ['"Yes"', true],
    ['false', false],
    ['"false"', false],
    ['"no"', false],
    ['"NO"', false],
  ] as const)('01 §3.2 lenient booleans: JSON %s → %s, and the same in XML', async (raw, value) => {
    expect(parsedOf(await post('echo', 'json', `{"urgent":${raw}}`))).toEqual({ urgent: value });
    const text = raw.replace(/"/g, '');
    expect(parsedOf(await post('echo', 'xml', `<case><urgent>${text}</urgent></case>`))).toEqual({ urgent: value });
  });

  it.each(FORMATS)('01 §3.2 anything else where a boolean is expected → 400-152 (%s body)', async (fmt) => {
    const body = fmt === 'json' ? '{"urgent":"maybe"}' : '<case><urgent>maybe</urgent></case>';
    const res = await post('echo', fmt, body);
    expectError(res, '400-152', { format: 'json', details: [{ key: 'urgent', value: 'maybe' }] });
  });

  it.each(FORMATS)('01 §13 / §18 a body list of 76 items → 400-160 with details limit 75 (%s body)', async (fmt) => {
    const ids = Array.from({ length: 76 }, (_, i) => String(i + 1));
    const body =
      fmt === 'json'
        ? JSON.stringify({ activity: ids.map((id) => ({ id })) })
        : `<activities>${ids.map((id) => `<activity id="${id}"/>`).join('')}</activities>`;
    for (const answer of FORMATS) {
      const res = await post('list', fmt, body, { accept: acceptOf(answer) });
      expectError(res, '400-160', {
        format: answer,
        details: [{ key: 'limit', value: '75' }],
        message: 'Too many items supplied: 76. The maximum is 75.',
      });
    }
    const ok = await post('list', fmt, fmt === 'json' ? JSON.stringify({ activity: ids.slice(1).map((id) => ({ id })) }) : body.replace('<activity id="1"/>', ''));
    expect((parsedOf(ok) as unknown[]).length).toBe(75);
  });

  it('duplicate JSON keys: the last one wins', async () => {
    const res = await post('echo', 'json', '{"subject":"first","subject":"last"}');
    expect(parsedOf(res)).toMatchObject({ subject: 'last' });
  });

  it('a UTF-8 body with non-ASCII text arrives intact (JSON and XML)', async () => {
    const text = 'Señor Ñandú — 日本 😀';
    expect(parsedOf(await post('echo', 'json', JSON.stringify({ subject: text })))).toEqual({ subject: text });
    expect(parsedOf(await post('echo', 'xml', `<case><subject>${text}</subject></case>`))).toEqual({ subject: text });
  });
});

describe('01 §3.1 rule 1: Content-Encoding → 415-101', () => {
  it.each(FORMATS)('gzip-compressed body → 415-101 (%s)', async (fmt) => {
    const body = gzipSync(Buffer.from(fmt === 'json' ? '{"subject":"x"}' : '<case><subject>x</subject></case>'));
    const res = await send('POST', `${T}/echo`, body, { 'content-type': ctFor(fmt), 'content-encoding': 'gzip', accept: acceptOf(fmt) });
    expectError(res, '415-101', {
      format: fmt,
      details: [{ key: 'Content-Encoding', value: 'gzip' }],
      message: 'Compressed request bodies are not supported.',
    });
  });

  it.each(['deflate', 'br', 'GZIP', 'gzip, identity'])('Content-Encoding: %s → 415-101', async (enc) => {
    const res = await send('POST', `${T}/echo`, '{"subject":"x"}', { 'content-type': 'application/json', 'content-encoding': enc });
    expectError(res, '415-101');
  });

  it('Content-Encoding: identity is accepted', async () => {
    const res = await send('POST', `${T}/echo`, '{"subject":"x"}', { 'content-type': 'application/json', 'content-encoding': 'identity', accept: 'application/json' });
    expect(parsedOf(res)).toEqual({ subject: 'x' });
  });

  it('415-101 comes before 413-100 and 415-100', async () => {
    const huge = 'x'.repeat(5000);
    const res = await send('POST', `${T}/echo`, huge, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, small);
    expectError(res, '415-101');
  });
});

describe('01 §3.1 rule 2 / §18: body over ECE_MAX_BODY_BYTES → 413-100', () => {
  it.each(FORMATS)('body of 2,049 bytes with a 2,048-byte limit → 413-100, details limit (%s)', async (fmt) => {
    const body =
      fmt === 'json' ? JSON.stringify({ subject: 'x'.repeat(2049 - 14) }) : `<case><subject>${'x'.repeat(2049 - 32)}</subject></case>`;
    expect(Buffer.byteLength(body)).toBe(2049);
    const res = await send('POST', `${T}/echo`, body, { 'content-type': ctFor(fmt), accept: acceptOf(fmt) }, small);
    expectError(res, '413-100', {
      format: fmt,
      details: [{ key: 'limit', value: '2048' }],
      message: 'The request body exceeds the limit of 2048 bytes.',
    });
  });

  it('a body of exactly the limit is accepted', async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(2048 - 10) });
    expect(Buffer.byteLength(body)).toBe(2048);
    const res = await send('POST', `${T}/echo`, body, { 'content-type': 'application/json', accept: 'application/json' }, small);
    expect(res.statusCode).toBe(200);
  });

  it('the limit counts bytes, not characters', async () => {
    const body = JSON.stringify({ subject: 'é'.repeat(1100) }); // 2,200 UTF-8 bytes, 1,114 characters
    const res = await send('POST', `${T}/echo`, body, { 'content-type': 'application/json' }, small);
    expectError(res, '413-100', { details: [{ key: 'limit', value: '2048' }] });
  });

  it('an over-long body sent without Content-Length (chunked) → 413-100', async () => {
    const body = JSON.stringify({ subject: 'x'.repeat(10_000) });
    const res = await send('POST', `${T}/echo`, Readable.from([Buffer.from(body)]), { 'content-type': 'application/json' }, small);
    expectError(res, '413-100', { details: [{ key: 'limit', value: '2048' }] });
  });

  it('413-100 comes before 415-100 (over-long body with an unsupported type)', async () => {
    const res = await send('POST', `${T}/echo`, 'x'.repeat(3000), { 'content-type': 'text/plain' }, small);
    expectError(res, '413-100');
  });

  it('413-100 comes before 400-150 (over-long malformed body)', async () => {
    const res = await send('POST', `${T}/echo`, '{'.repeat(3000), { 'content-type': 'application/json' }, small);
    expectError(res, '413-100');
  });
});

describe('01 §3.1 rule 3: Content-Type → 415-100', () => {
  it.each(FORMATS)('a non-empty body without Content-Type → 415-100 (%s answer)', async (fmt) => {
    const res = await send('POST', `${T}/echo`, Buffer.from('{"subject":"x"}'), { accept: acceptOf(fmt) });
    expectError(res, '415-100', { format: fmt, details: [{ key: 'Content-Type', value: '' }] });
  });

  it.each([
    'text/plain',
    'application/json; charset=iso-8859-1',
    'application/json; charset=latin1',
    'text/xml; charset=windows-1252',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=abc',
    'application/octet-stream',
    'application/jsonx',
    'application/xml-dtd',
  ])('Content-Type %s → 415-100 with details Content-Type', async (ct) => {
    for (const fmt of FORMATS) {
      const res = await send('POST', `${T}/echo`, '{"subject":"x"}', { 'content-type': ct, accept: acceptOf(fmt) });
      expectError(res, '415-100', {
        format: fmt,
        details: [{ key: 'Content-Type', value: ct }],
        message: `Unsupported 'Content-Type' header value '${ct}'.`,
      });
    }
  });

  it.each([
    ['application/json; charset=utf8', '{"subject":"x"}'],
    ['application/json; charset=UTF-8', '{"subject":"x"}'],
    ['application/json;charset="utf-8"', '{"subject":"x"}'],
    ['APPLICATION/JSON', '{"subject":"x"}'],
    ['Application/Json; Charset=utf-8', '{"subject":"x"}'],
    ['application/xml; charset=utf8', '<case><subject>x</subject></case>'],
    ['text/xml', '<case><subject>x</subject></case>'],
    ['text/xml; charset=UTF-8', '<case><subject>x</subject></case>'],
    ['TEXT/XML', '<case><subject>x</subject></case>'],
  ])('Content-Type %s is accepted', async (ct, body) => {
    const res = await send('POST', `${T}/echo`, body, { 'content-type': ct, accept: 'application/json' });
    expect(parsedOf(res)).toEqual({ subject: 'x' });
  });

  it('415-100 comes before 400-150 (malformed body with an unsupported type)', async () => {
    const res = await send('POST', `${T}/echo`, '{{{', { 'content-type': 'text/plain' });
    expectError(res, '415-100');
  });
});

describe('01 §3.1 rule 4: missing, malformed, too deep, DTD, wrong shape → 400-150', () => {
  const malformed = (res: Awaited<ReturnType<typeof send>>, fmt: Fmt = 'xml') =>
    expectError(res, '400-150', { format: fmt, message: 'The request body is missing or malformed.' });

  it.each(FORMATS)('empty body where one is required → 400-150 (%s)', async (fmt) => {
    malformed(await send('POST', `${T}/echo`, '', { 'content-type': ctFor(fmt), accept: acceptOf(fmt) }), fmt);
  });

  it('no body and no Content-Type where one is required → 400-150 (not 415)', async () => {
    malformed(await send('POST', `${T}/echo`, undefined));
  });

  it('whitespace-only JSON body → 400-150', async () => {
    malformed(await send('POST', `${T}/echo`, '   \n ', { 'content-type': 'application/json' }));
  });

  it.each([
    ['truncated', '{"subject":'],
    ['trailing garbage', '{"subject":"x"} x'],
    ['single quotes', "{'subject':'x'}"],
    ['trailing comma', '{"subject":"x",}'],
    ['bare word', 'subject'],
  ])('malformed JSON (%s) → 400-150', async (_n, body) => {
    for (const fmt of FORMATS) malformed(await send('POST', `${T}/echo`, body, { 'content-type': 'application/json', accept: acceptOf(fmt) }), fmt);
  });

  it.each([
    ['mismatched tags', '<case><subject>x</case>'],
    ['unclosed', '<case><subject>x</subject>'],
    ['two roots', '<case/><case/>'],
    ['text only', 'just text'],
    ['unquoted attribute', '<case id=1/>'],
    ['duplicate attribute', '<case id="1" id="2"/>'],
    ['undeclared entity', '<case><subject>&nbsp;</subject></case>'],
    ['bare ampersand', '<case><subject>a & b</subject></case>'],
  ])('malformed XML (%s) → 400-150', async (_n, body) => {
    for (const fmt of FORMATS) malformed(await send('POST', `${T}/echo`, body, { 'content-type': 'application/xml', accept: acceptOf(fmt) }), fmt);
  });

  it.each([
    ['array', '[{"subject":"x"}]'],
    ['string', '"x"'],
    ['number', '5'],
    ['null', 'null'],
    ['true', 'true'],
  ])('wrong top-level JSON shape (%s) → 400-150', async (_n, body) => {
    malformed(await send('POST', `${T}/echo`, body, { 'content-type': 'application/json' }));
  });

  const nestedJson = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
  const nestedXml = (depth: number) => '<case>' + '<a>'.repeat(depth - 1) + '</a>'.repeat(depth - 1) + '</case>';

  it('JSON nested 64 levels is accepted; 65 levels → 400-150', async () => {
    const ok = await send('POST', `${T}/echo`, nestedJson(64), { 'content-type': 'application/json', accept: 'application/json' });
    expect(ok.statusCode, ok.body).toBe(200);
    malformed(await send('POST', `${T}/echo`, nestedJson(65), { 'content-type': 'application/json' }));
  });

  it('XML nested 64 levels is accepted; 65 levels → 400-150', async () => {
    const ok = await send('POST', `${T}/echo`, nestedXml(64), { 'content-type': 'application/xml', accept: 'application/json' });
    expect(ok.statusCode, ok.body).toBe(200);
    malformed(await send('POST', `${T}/echo`, nestedXml(65), { 'content-type': 'application/xml' }));
  });

  it('JSON arrays count as levels too: 100 nested arrays inside the object → 400-150', async () => {
    malformed(await send('POST', `${T}/echo`, `{"a":${'['.repeat(100)}${']'.repeat(100)}}`, { 'content-type': 'application/json' }));
  });

  it.each([
    ['plain DOCTYPE', '<?xml version="1.0"?><!DOCTYPE case><case><subject>x</subject></case>'],
    ['lower-case doctype', '<!doctype case><case><subject>x</subject></case>'],
    ['DOCTYPE after a comment', '<!-- c --><!DOCTYPE case []><case><subject>x</subject></case>'],
    ['internal entity', '<!DOCTYPE case [<!ENTITY e "hello">]><case><subject>&e;</subject></case>'],
    ['XXE file', '<?xml version="1.0"?><!DOCTYPE case [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><case><subject>&xxe;</subject></case>'],
    ['XXE http', '<!DOCTYPE case [<!ENTITY xxe SYSTEM "http://127.0.0.1:1/x">]><case><subject>&xxe;</subject></case>'],
    ['parameter entity', '<!DOCTYPE case [<!ENTITY % p SYSTEM "http://127.0.0.1:1/p.dtd"> %p;]><case/>'],
    ['external DTD', '<!DOCTYPE case SYSTEM "http://127.0.0.1:1/case.dtd"><case><subject>x</subject></case>'],
  ])('XML with a DTD (%s) → 400-150', async (_n, body) => {
    for (const fmt of FORMATS) malformed(await send('POST', `${T}/echo`, body, { 'content-type': 'application/xml', accept: acceptOf(fmt) }), fmt);
  });

  it('billion laughs, XXE, 100,000 nested elements and 100,000 nested JSON arrays → 400-150, memory stays bounded', async () => {
    let laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">';
    for (let i = 1; i <= 9; i++) laughs += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    laughs += ']><case><subject>&lol9;</subject></case>';
    const deepXml = '<case>' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000) + '</case>';
    const deepJson = '{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const deepUnclosed = '<case>' + '<a>'.repeat(150_000);
    expect(Buffer.byteLength(deepXml)).toBeLessThan(1024 * 1024);
    expect(Buffer.byteLength(deepUnclosed)).toBeLessThan(1024 * 1024);

    global.gc?.();
    const before = process.memoryUsage().rss;
    const started = Date.now();
    for (let round = 0; round < 5; round++) {
      malformed(await send('POST', `${T}/echo`, laughs, { 'content-type': 'application/xml' }, big));
      malformed(await send('POST', `${T}/echo`, deepXml, { 'content-type': 'application/xml' }, big));
      malformed(await send('POST', `${T}/echo`, deepUnclosed, { 'content-type': 'application/xml' }, big));
      malformed(await send('POST', `${T}/echo`, deepJson, { 'content-type': 'application/json' }, big));
    }
    const after = process.memoryUsage().rss;
    expect(after).toBeLessThan(2 * before);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a 64-level body on the list route also counts the wrapper: 65 levels → 400-150', async () => {
    const body = '{"activity":[' + '{"a":'.repeat(62) + '{}' + '}'.repeat(62) + ']}';
    malformed(await send('POST', `${T}/list`, body, { 'content-type': 'application/json' }));
  });
});

describe('01 §3.1: routes that take no body ignore any body', () => {
  it.each([
    ['text/plain', 'hello', { 'content-type': 'text/plain' }],
    ['malformed JSON', '{"a":', { 'content-type': 'application/json' }],
    ['malformed XML', '<a><b></a>', { 'content-type': 'application/xml' }],
    ['DOCTYPE', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', { 'content-type': 'application/xml' }],
    ['no Content-Type', 'raw bytes', {}],
    ['charset latin1', '{}', { 'content-type': 'application/json; charset=iso-8859-1' }],
    ['multipart', '--x\r\n\r\n--x--', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['gzip Content-Encoding', gzipSync(Buffer.from('{}')), { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
  ] as const)('POST with %s → processed normally (no 400, no 415)', async (_n, body, headers) => {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    const res = await send('POST', `${T}/nobody`, body, h);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ parsed: 'null' });
  });

  it('DELETE with a malformed JSON body → 204', async () => {
    const res = await send('DELETE', `${T}/item`, '{"a":', { 'content-type': 'application/json' });
    expect(res.statusCode, res.body).toBe(204);
  });

  it('DELETE with a text/plain body → 204', async () => {
    const res = await send('DELETE', `${T}/item`, 'whatever', { 'content-type': 'text/plain' });
    expect(res.statusCode, res.body).toBe(204);
  });

  it('GET with a body is served normally (body ignored)', async () => {
    for (const [ct, body] of [
      ['application/json', '{"a":'],
      ['text/plain', 'x'],
      ['application/xml', '<!DOCTYPE x><x/>'],
    ]) {
      const res = await send('GET', HELLO, body, { 'content-type': ct!, accept: 'application/json' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ area: 'kb' });
    }
  });
});

describe('01 §3.4 / §7.1: validation of body content (400-153, 400-152)', () => {
  it.each(FORMATS)('a missing required attribute deep in a list → 400-153 with the JSON dot path (%s body)', async (fmt) => {
    const body =
      fmt === 'json'
        ? '{"contactPersons":{"contactPerson":[{"lastName":"Lee"}]}}'
        : '<case><contactPersons><contactPerson><lastName>Lee</lastName></contactPerson></contactPersons></case>';
    for (const answer of FORMATS) {
      const res = await post('echo', fmt, body, { accept: acceptOf(answer) });
      expectError(res, '400-153', {
        format: answer,
        details: [{ key: 'contactPersons.contactPerson[0].firstName', value: '' }],
        message: "Required attribute 'contactPersons.contactPerson[0].firstName' is missing.",
      });
    }
  });

  it.each(FORMATS)('the index names the failing item: second contact person (%s body)', async (fmt) => {
    const body =
      fmt === 'json'
        ? '{"contactPersons":{"contactPerson":[{"firstName":"A"},{"lastName":"B"}]}}'
        : '<case><contactPersons><contactPerson><firstName>A</firstName></contactPerson><contactPerson><lastName>B</lastName></contactPerson></contactPersons></case>';
    const res = await post('echo', fmt, body);
    expectError(res, '400-153', { format: 'json', details: [{ key: 'contactPersons.contactPerson[1].firstName', value: '' }] });
  });

  it.each(FORMATS)('a wrong type → 400-152 with the path and the offending value (%s body)', async (fmt) => {
    const body = fmt === 'json' ? '{"subject":"s","priority":"abc"}' : '<case><subject>s</subject><priority>abc</priority></case>';
    for (const answer of FORMATS) {
      const res = await post('echo', fmt, body, { accept: acceptOf(answer) });
      expectError(res, '400-152', {
        format: answer,
        details: [{ key: 'priority', value: 'abc' }],
        message: "Invalid value of attribute 'priority'.",
      });
    }
  });

  it.each(FORMATS)('a wrong type deep in a list → 400-152 with indexes (%s body)', async (fmt) => {
    const body =
      fmt === 'json'
        ? '{"contactPersons":{"contactPerson":[{"firstName":"A"},{"firstName":"B","age":"old"}]}}'
        : '<case><contactPersons><contactPerson><firstName>A</firstName></contactPerson><contactPerson><firstName>B</firstName><age>old</age></contactPerson></contactPersons></case>';
    const res = await post('echo', fmt, body);
    expectError(res, '400-152', { format: 'json', details: [{ key: 'contactPersons.contactPerson[1].age', value: 'old' }] });
  });

  it.each([
    ['JSON {}', 'application/json', '{}'],
    ['JSON wrapped {}', 'application/json', '{"item":{}}'],
    ['JSON empty string', 'application/json', '{"name":""}'],
    ['XML empty element', 'application/xml', '<item></item>'],
    ['XML self-closing element', 'application/xml', '<item/>'],
    ['XML without the attribute', 'application/xml', '<item><note>n</note></item>'],
  ])('a missing or empty top-level required attribute → 400-153 (%s)', async (_n, ct, body) => {
    const res = await send('PUT', `${T}/item`, body, { 'content-type': ct, accept: 'application/json' });
    expectError(res, '400-153', { format: 'json', details: [{ key: 'name', value: '' }] });
  });

  it('a valid edit body → 204', async () => {
    const res = await send('PUT', `${T}/item`, '<item><name>n</name></item>', { 'content-type': 'application/xml' });
    expect(res.statusCode, res.body).toBe(204);
  });

  it.each([
    ['a C0 control character', '{"subject":"a\\u0001b"}'],
    ['an unpaired surrogate', '{"subject":"a\\ud800b"}'],
    ['U+FFFE', '{"subject":"a\\ufffeb"}'],
  ])('01 §3.4: a body string with %s → 400-152 (details key = attribute path)', async (_n, body) => {
    const res = await post('echo', 'json', body);
    const err = expectError(res, '400-152', { format: 'json' });
    expect(err.details[0]?.key).toBe('subject');
  });
});
