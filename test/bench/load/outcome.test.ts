import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { idFromLocation, judge, refId, statusValue } from '../../../bench/load/outcome.ts';

const activity = { singular: 'activity', plural: 'activities' };
const json = { 'Content-Type': 'application/json; charset=utf-8' };
const xml = { 'content-type': 'application/xml; charset=utf-8' };
const body = (s: string) => Buffer.from(s);

describe('success rules of 10 §3.4', () => {
  it('200: the body parses in the negotiated format and holds the list wrapper with at least one item', () => {
    const e = { expect: [200], format: 'json' as const, wrapper: activity };
    expect(judge(e, 200, json, body('{"activity":[{"id":"1"}]}'))).toMatchObject({ ok: true, status: 200, items: [{ id: '1' }] });
    expect(judge(e, 200, json, body('{"activity":[]}'))).toMatchObject({ ok: false, code: 'empty-list' });
    expect(judge(e, 200, json, body('{"activity":{"id":"1"}}'))).toMatchObject({ ok: false, code: 'no-list-wrapper' });
    expect(judge(e, 200, json, body('{"case":[{"id":"1"}]}'))).toMatchObject({ ok: false, code: 'no-list-wrapper' });
    expect(judge(e, 200, json, body('{"activity":[{"id":"1"}'))).toMatchObject({ ok: false, code: 'malformed-body' });
    // XML where JSON was negotiated
    expect(judge(e, 200, xml, body('<activities><activity id="1"/></activities>'))).toMatchObject({ ok: false, code: 'wrong-format' });
  });

  it('200 in XML: the plural root with items of the singular name, namespace prefixes free', () => {
    const e = { expect: [200], format: 'xml' as const, wrapper: activity };
    const doc =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><act:activities xmlns:act="http://bindings.egain.com/ws/model/v12/gen/interaction/activity" xmlns:cmn="c">' +
      '<act:link rel="self" href="/x"/><act:activity id="1011"><act:case id="1001"/><act:status><cmn:value>assigned</cmn:value></act:status></act:activity></act:activities>';
    const o = judge(e, 200, xml, body(doc));
    expect(o).toMatchObject({ ok: true });
    expect(refId(o.items![0], 'case')).toBe(1001);
    expect(statusValue(o.items![0])).toBe('assigned');
    expect(judge(e, 200, xml, body('<activities><link rel="self" href="/x"/></activities>'))).toMatchObject({ ok: false, code: 'empty-list' });
    expect(judge(e, 200, xml, body('<activities/>'))).toMatchObject({ ok: false, code: 'empty-list' });
    expect(judge(e, 200, xml, body('<activities><activity id="1"></activities>'))).toMatchObject({ ok: false, code: 'malformed-body' });
    expect(judge(e, 200, xml, body('<cases><case id="1"/></cases>'))).toMatchObject({ ok: false, code: 'no-list-wrapper' });
  });

  it('undoes gzip', () => {
    const e = { expect: [200], format: 'json' as const, wrapper: activity };
    const gz = gzipSync(body('{"activity":[{"id":"1"}]}'));
    expect(judge(e, 200, { ...json, 'Content-Encoding': 'gzip' }, gz)).toMatchObject({ ok: true });
    expect(judge(e, 200, { ...json, 'content-encoding': 'gzip' }, body('not gzip'))).toMatchObject({ ok: false, code: 'bad-gzip' });
  });

  it('201: Location starts with /system/ws/; the body is read for the new ids', () => {
    const e = { expect: [201], format: 'json' as const, wrapper: activity };
    const ok = judge(e, 201, { ...json, Location: '/system/ws/v12/interaction/activity/1000311' }, body('{"activity":[{"id":"1000311","case":{"id":"1000024"}}]}'));
    expect(ok).toMatchObject({ ok: true, location: '/system/ws/v12/interaction/activity/1000311' });
    expect(idFromLocation(ok.location)).toBe(1000311);
    expect(refId(ok.items![0], 'case')).toBe(1000024);
    expect(judge(e, 201, { ...json, Location: 'http://host/system/ws/v12/x/1' }, body(''))).toMatchObject({ ok: false, code: 'bad-location' });
    expect(judge(e, 201, json, body(''))).toMatchObject({ ok: false, code: 'bad-location' });
  });

  it('204: no body', () => {
    const e = { expect: [204], format: 'json' as const };
    expect(judge(e, 204, json, Buffer.alloc(0))).toEqual({ ok: true, status: 204 });
    expect(judge(e, 204, json, body('{}'))).toMatchObject({ ok: false, code: 'body-on-204' });
  });

  it('another status fails, with the error code of the body (JSON, XML, legacy knowledge XML)', () => {
    const e = { expect: [204], format: 'json' as const };
    expect(judge(e, 409, json, body('{"code":"409-102","developerMessage":"x"}'))).toEqual({ ok: false, status: 409, code: '409-102' });
    expect(
      judge(e, 404, xml, body('<?xml version="1.0"?><error xmlns="http://bindings.egain.com/ws/model/v12/gen/common"><code>404-101</code></error>')),
    ).toMatchObject({ code: '404-101' });
    // the legacy knowledge 401 (02 §8.2) has no code
    expect(judge(e, 401, xml, body('<Error xmlns="p"><message>User could not be authenticated.</message></Error>'))).toMatchObject({ code: 'status-401' });
    expect(judge(e, 500, { 'content-type': 'text/plain' }, body('oops'))).toMatchObject({ ok: false, code: 'status-500' });
    expect(judge({ expect: [200], format: 'json' }, 204, json, Buffer.alloc(0))).toMatchObject({ ok: false, code: 'status-204' });
  });

  it('takes ids from Location', () => {
    expect(idFromLocation('/system/ws/v12/interaction/case/1000044')).toBe(1000044);
    expect(idFromLocation('/system/ws/v12/interaction/activity/1/note/77')).toBe(77);
    expect(idFromLocation(undefined)).toBeUndefined();
  });
});
