import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { apis } from '../../../bench/load/apis.ts';
import { Catalog } from '../../../bench/load/catalog.ts';
import { ContentFactory } from '../../../bench/load/content.ts';
import { Planner, type UserContext } from '../../../bench/load/requests.ts';
import { logNormal, RangeSet, spanDay } from '../../../bench/load/sampling.ts';
import { Rng } from '../../../bench/seed/random.ts';
import { setup } from './fixtures.ts';

const api = (no: number) => apis.find((a) => a.no === no)!;

function planner(overrides = {}) {
  const s = setup(overrides);
  const p = new Planner(s.catalog, s.world, s.rng, new ContentFactory(Rng.stream(5, 'content')), 'rtest');
  const user: UserContext = { index: 0, login: 'bench01', id: '7' };
  return { ...s, planner: p, user };
}

describe('sampling', () => {
  it('draws ids uniformly from ranges', () => {
    const r = new RangeSet([
      [10, 12],
      [20, 20],
      [30, 31],
    ]);
    expect(r.size).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((i) => r.at(i))).toEqual([10, 11, 12, 20, 30, 31]);
  });

  it('takes 80 % of the days from the last 10 % of the span', () => {
    const rng = Rng.stream(9, 'days');
    const from = new Date('2023-01-01T00:00:00Z');
    const to = new Date('2026-01-01T00:00:00Z');
    let recent = 0;
    for (let i = 0; i < 5000; i++) if (spanDay(rng, from, to) >= '2025-09-12') recent++;
    expect(recent / 5000).toBeGreaterThan(0.78);
    expect(recent / 5000).toBeLessThan(0.86);
  });

  it('draws log-normal sizes with the given median, capped', () => {
    const rng = Rng.stream(2, 'sizes');
    const v = Array.from({ length: 20_000 }, () => logNormal(rng, 1200, 6000, 65536)).sort((a, b) => a - b);
    expect(v[10_000]!).toBeGreaterThan(1100);
    expect(v[10_000]!).toBeLessThan(1300);
    expect(v[18_000]!).toBeGreaterThan(5400);
    expect(v[18_000]!).toBeLessThan(6600);
    expect(v.at(-1)).toBeLessThanOrEqual(65536);
  });
});

describe('requests of the mix (10 §3.2, §3.3)', () => {
  it('builds every read with its path template', () => {
    const { planner: p, user } = planner();
    const path = (no: number) => p.plan(api(no), user, 'json')!.path;
    expect(path(1)).toMatch(/^\/system\/ws\/v12\/interaction\/activity\/50\d\d(\?\$attribute=all)?$/);
    expect(path(2)).toMatch(/^\/system\/ws\/v12\/interaction\/activity\/\d+((,|%2C)\d+)*$/);
    expect(path(3)).toMatch(/^\/system\/ws\/v12\/interaction\/activity\?case=10\d\d$/);
    expect(path(4)).toMatch(/^\/system\/ws\/v12\/interaction\/activity\?customer=1\d\d&\$pagesize=25&\$pagenum=1$/);
    expect(path(5)).toMatch(
      /^\/system\/ws\/v12\/interaction\/activity\?status=completed&type=email&lastModifiedDate=\[(\d{4}-\d\d-\d\d)T00:00:00\.000Z,\1T23:59:59\.999Z\]&\$sort=lastModifiedDate&\$pagesize=20&\$pagenum=[1-5]$/,
    );
    expect(path(7)).toMatch(/lastModifiedDate=\[20\d\d-\d\d-\d\dT[\d:.]+Z,\]&\$sort=lastModifiedDate&\$pagesize=20&\$pagenum=1$/);
    expect(path(17)).toMatch(/^\/system\/ws\/v12\/interaction\/case\/10\d\d$/);
    expect(path(19)).toMatch(/^\/system\/ws\/v12\/interaction\/case\?status=(open|closed)&\$sort=lastModifiedDate&\$order=desc&\$pagesize=25&\$pagenum=[1-4]$/);
    expect(path(26)).toMatch(/^\/system\/ws\/v12\/interaction\/customer\/1\d\d\?\$attribute=all$/);
    expect(path(27)).toMatch(/^\/system\/ws\/v12\/interaction\/customer\?email=.+%40.+&\$attribute=all$/);
    expect(path(28)).toMatch(/\?custom\.(external_id=EXT-\d{8}|loyalty_tier=platinum&\$pagesize=25&\$pagenum=1)$/);
  });

  it('accepts every status of the Success column for every variant (10 §3.4); the usual one is a diagnostic only', () => {
    const { planner: p, user } = planner();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const r = p.plan(api(27), user, 'json')!;
      expect(r.expect).toEqual([200, 204]);
      seen.add(`${r.path.includes('unknown.example.org')}:${r.typical!.statuses.join()}`);
    }
    expect([...seen].sort()).toEqual(['false:200', 'true:204']);
  });

  it('every request of every API expects exactly the statuses of its Success column', () => {
    const { planner: p, user, world } = planner({
      attachments: [{ activityId: 5001, id: 77 }],
      articles: [1, 2, 3],
      folders: [9],
    });
    world.cases.set(1020, { id: 1020, customerId: 100, department: 'Service', open: true, openActivities: new Set(), activityCount: 1 });
    world.addPair({ activity: 5030, caseA: 1010, caseB: 1020 });
    for (const a of apis) {
      let planned = 0;
      for (let i = 0; i < 60; i++) {
        const r = p.plan(a, user, i % 2 ? 'json' : 'xml');
        if (!r) continue;
        planned++;
        expect(r.expect, `#${a.no}`).toEqual(a.success);
        world.locks.release(r.locks);
      }
      if (a.no !== 6) expect(planned, `#${a.no}`).toBeGreaterThan(0); // no chats in the fixtures
    }
    expect(api(8).success).toEqual([200, 204]);
    expect(api(10).success).toEqual([200, 204]);
    expect(api(13).success).toEqual([204, 201]);
    expect(api(24).success).toEqual([200, 204]);
    expect(api(27).success).toEqual([200, 204]);
  });

  it('Change Case of Activity: either status succeeds, and the pools follow the answer', () => {
    const s = planner();
    s.world.addPair({ activity: 5030, caseA: 1010, caseB: 1020 });
    s.world.cases.set(1020, { id: 1020, customerId: 100, department: 'Service', open: true, openActivities: new Set(), activityCount: 1 });
    const r = s.planner.plan(api(13), s.user, 'json')!;
    expect(r.expect).toEqual([204, 201]);
    s.world.locks.release(r.locks);
    // a new case whichever body was sent: the activity is in the case Location names
    r.onSuccess!({ ok: true, status: 201, location: '/system/ws/v12/interaction/case/1777' });
    expect(s.world.activities.get(5030)!.caseId).toBe(1777);
  });

  it('skips what the data set lacks (chats, attachments, articles, folders)', () => {
    const { planner: p, user } = planner();
    for (const no of [6, 9, 30, 31]) expect(p.plan(api(no), user, 'json'), `#${no}`).toBeUndefined();
  });

  it('builds the knowledge and attachment reads when the database has them', () => {
    const { planner: p, user } = planner({ attachments: [{ activityId: 5001, id: 77 }], articles: [1, 2, 3, 4, 5], folders: [9] });
    expect(p.plan(api(9), user, 'json')!.path).toMatch(/^\/system\/ws\/v12\/interaction\/activity\/5001\/attachment\/77(\?\$attribute=contentUrl)?$/);
    expect(p.plan(api(30), user, 'json')!.path).toMatch(/^\/system\/ws\/v12\/kb\/article\/[1-5]\?\$attribute=all$/);
    expect(p.plan(api(31), user, 'json')!.path).toBe('/system/ws/v12/kb/article?folder=9&$pagesize=25&$pagenum=1');
    const list = p.plan(api(8), user, 'json');
    if (list) expect(list.path).toMatch(/\/attachment$/);
  });

  it('List Activity Attachments: the emails without attachments are "hot" (80 % newest 10 %, 20 % uniform), never one with attachments', () => {
    const s = setup();
    const m = s.manifest;
    // emails 5000..5999, the newest 10 % 5900..5999; every 10th email has attachments
    const withAtt = Array.from({ length: 100 }, (_, k) => 5000 + 10 * k);
    Object.assign(m.activities!, {
      count: 1000,
      firstId: 5000,
      lastId: 5999,
      hotEmailRanges: [[5900, 5999]],
      emailsWithAttachments: withAtt,
      emailsWithoutAttachments: Array.from({ length: 100 }, (_, k) => 5900 + k).filter((id) => id % 10 !== 0),
    });
    const catalog = new Catalog(m, s.extras, Rng.stream(1, 'att'));
    const rng = Rng.stream(3, 'att');
    const n = 20_000;
    let newest = 0;
    let oldest = Infinity;
    for (let i = 0; i < n; i++) {
      const id = catalog.hotEmailWithoutAttachments(rng)!;
      expect(id % 10).not.toBe(0);
      if (id >= 5900) newest++;
      oldest = Math.min(oldest, id);
    }
    // 80 % + 20 % × 90 / 900 of the uniform part
    expect(newest / n).toBeGreaterThan(0.8);
    expect(newest / n).toBeLessThan(0.84);
    expect(oldest).toBeLessThan(5050);
    // the same without the manifest's list: drawn from the hot ranges
    m.activities!.emailsWithoutAttachments = [];
    const fallback = new Catalog(m, s.extras, Rng.stream(1, 'att'));
    let hotCount = 0;
    for (let i = 0; i < 5000; i++) {
      const id = fallback.hotEmailWithoutAttachments(rng)!;
      expect(id % 10).not.toBe(0);
      if (id >= 5900) hotCount++;
    }
    expect(hotCount / 5000).toBeGreaterThan(0.79);
    expect(hotCount / 5000).toBeLessThan(0.85);
  });

  it("reads articles from the manifest's knowledge section: 80 % from the most-read fifth", () => {
    const s = setup();
    const m = s.manifest;
    m.knowledge = { articles: 100, firstArticleId: 201, lastArticleId: 300, language: 'en-us', mostRead: [201, 202, 203, 204, 205], folders: 2, topics: 1, seedSeconds: 0 };
    const catalog = new Catalog(m, s.extras, Rng.stream(1, 'kb'));
    const rng = Rng.stream(2, 'kb');
    let popular = 0;
    for (let i = 0; i < 2000; i++) {
      const id = catalog.article(rng)!;
      expect(id).toBeGreaterThanOrEqual(201);
      expect(id).toBeLessThanOrEqual(300);
      if (id <= 205) popular++;
    }
    // 80 % + 5 % of the uniform 20 %
    expect(popular / 2000).toBeGreaterThan(0.78);
    expect(popular / 2000).toBeLessThan(0.86);
  });

  it('writes well-formed JSON and XML bodies', () => {
    for (const format of ['json', 'xml'] as const) {
      const { planner: p, user } = planner();
      for (const no of [11, 12, 13, 14, 15, 16, 20, 21, 23, 25, 29]) {
        const r = p.plan(api(no), user, format);
        if (!r) continue; // #13 has no pair here
        expect(r.method, `#${no}`).toBe(api(no).method);
        const body = Buffer.isBuffer(r.body) ? r.body.toString('latin1') : r.body!;
        if (r.contentType!.startsWith('multipart/')) {
          expect(body).toContain('name="data-type"');
          continue;
        }
        expect(r.contentType).toBe(format === 'json' ? 'application/json' : 'application/xml');
        if (format === 'json') expect(() => JSON.parse(body), `#${no}`).not.toThrow();
        else expect(XMLValidator.validate(body), `#${no}`).toBe(true);
      }
    }
  });

  it('Close Case has no body', () => {
    const { planner: p, user } = planner();
    const r = p.plan(api(22), user, 'json')!;
    expect(r.path).toMatch(/^\/system\/ws\/v12\/interaction\/case\/10\d\d\/close$/);
    expect(r.body).toBeUndefined();
    expect(r.contentType).toBeUndefined();
    expect(r.expect).toEqual([204]);
  });

  it('takes write targets from the pools and holds them while in flight', () => {
    const { planner: p, user, world } = planner();
    const transfers = Array.from({ length: 5 }, () => p.plan(api(14), user, 'json')!);
    expect(new Set(transfers.map((t) => t.body)).size).toBe(5);
    // the queue pool has 5 emails, all in flight: the next one is skipped
    expect(p.plan(api(14), user, 'json')).toBeUndefined();
    expect(p.plan(api(12), user, 'json')).toBeUndefined();
    for (const t of transfers) {
      expect(t.path).toMatch(/\/transfer\?(user=7|queue=\d+)$/);
      world.locks.release(t.locks);
      t.onSuccess!({ ok: true, status: 204 });
    }
    // transfers to the caller moved into bench01's assigned pool
    const toUser = transfers.filter((t) => t.path.endsWith('user=7')).length;
    expect(world.assignedPool('bench01').size).toBe(5 + toUser);
    expect(world.queuePool.size).toBe(5 - toUser);
  });

  it('transfers to another queue of the department, never the one the email waits in', () => {
    const { planner: p, user, world } = planner();
    for (let i = 0; i < 50; i++) {
      const t = p.plan(api(14), user, 'json')!;
      world.locks.release(t.locks);
      const m = t.path.match(/queue=(\d+)$/);
      if (!m) continue;
      const id = Number(JSON.parse(t.body as string).activity[0].id);
      const a = world.activities.get(id)!;
      expect(Number(m[1])).not.toBe(a.queueId);
      expect(a.department === 'Service' ? [1, 2, 3] : [5, 6]).toContain(Number(m[1]));
    }
  });

  it('completes only emails assigned to the calling user', () => {
    const { planner: p, user } = planner();
    const r = p.plan(api(15), user, 'json')!;
    expect(JSON.parse(r.body as string).activity[0].id).toMatch(/^50(3[5-9])$/);
    expect(r.expect).toEqual([200]);
    expect(p.plan(api(15), { ...user, login: 'bench02', id: '8' }, 'json')).toBeUndefined();
  });

  it('changes the customer of an activity to another customer of its department', () => {
    const { planner: p, user, world, catalog } = planner();
    for (let i = 0; i < 5; i++) {
      const r = p.plan(api(12), user, 'json')!;
      const item = JSON.parse(r.body as string).activity[0];
      const a = world.activities.get(Number(item.id))!;
      const point = Number(item.customer.contactPersons.contactPerson[0].contactPoints.contactPoint[0].id);
      const target = catalog.customers.find((c) => c.emailPointId === point)!;
      expect(target.department).toBe(a.department);
      expect(target.id).not.toBe(a.customerId);
    }
  });

  it('Post Inbound: a receiver alias of the department; the result feeds the queue pool and, from one sender twice, the pair pool', () => {
    const { planner: p, user, world } = planner();
    let made = 0;
    for (let i = 0; i < 40; i++) {
      const r = p.plan(api(11), user, 'json')!;
      expect(r.expect).toEqual([201]);
      const data = r.contentType!.startsWith('multipart/')
        ? JSON.parse((r.body as Buffer).toString('utf8').split('\r\n\r\n')[1]!.split('\r\n--')[0]!)
        : JSON.parse(r.body as string);
      expect(data).toMatchObject({ type: { value: 'email', subtype: { value: 'general' } } });
      const { from, receiver } = data.payload.email.emailAddresses;
      expect(receiver).toBe(data.department.name === 'Service' ? 'service@example.com' : 'sales@example.com');
      expect(from).toMatch(/@/);
      const id = 9000 + i;
      r.onSuccess!({
        ok: true,
        status: 201,
        location: `/system/ws/v12/interaction/activity/${id}`,
        items: [{ id: String(id), case: { id: String(8000 + i) }, customer: { id: '100' }, queue: { id: '1' }, status: { value: 'awaiting_assignment' } }],
      });
      made++;
      expect(world.queuePool.has(id)).toBe(true);
    }
    expect(made).toBe(40);
    // 70 % × 40 % of the inbound emails reuse the previous sender: some pairs appeared
    expect(world.pairs.size).toBeGreaterThan(0);
    const pair = world.pickPair(() => 0.5)!;
    expect(pair.caseA).not.toBe(pair.caseB);
  });

  it('Edit Customer: a changed address replaces the old one for later searches', () => {
    const { planner: p, user, catalog, world } = planner();
    let done = false;
    for (let i = 0; i < 50 && !done; i++) {
      const r = p.plan(api(29), user, 'json')!;
      const body = JSON.parse(r.body as string);
      const c = catalog.customerById.get(Number(body.id))!;
      if (body.contactPersons) {
        const address = body.contactPersons.contactPerson[0].contactPoints.contactPoint[0].type.email.emailAddress;
        expect(body.contactPersons.contactPerson[0].id).toBe(String(c.contactPersonId));
        expect(c.email).toBeUndefined(); // in flight
        r.onSuccess!({ ok: true, status: 204 });
        expect(c.email).toBe(address);
        done = true;
      } else {
        expect(body.customAttributes.customAttribute[0].attribName).toBe('region');
      }
      world.locks.release(r.locks);
    }
    expect(done).toBe(true);
  });
});
