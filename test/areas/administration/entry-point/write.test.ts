// Chat entry points (07 §1.4, §8) through the real HTTP stack: create, edit, delete, methods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { ADMIN, call, configVersion, el, noContent, ok, PLATFORM, session, stampEl, unique, xmlOf, COMMON, type Session } from '../department/support.ts';
import { chatActivity, createEntryPoint, createQueue, DEFAULT_GREETING, EP, place, readEntryPoint, URL, userOf, type EntryPoint } from './support.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

const post = (body: unknown) => call(t.app, admin, 'POST', URL, { body });
const put = (body: unknown) => call(t.app, admin, 'PUT', URL, { body });
const stored = (id: string) => t.db.prisma.entryPoint.findUniqueOrThrow({ where: { id: BigInt(id) } });

describe('create (07 §1.4, §8)', () => {
  it('applies the defaults and answers 201 with Location and the default set', async () => {
    const p = await place(t);
    const before = await configVersion(t.db);
    const name = unique('New');
    const res = await post({ name, ...p.ref });
    const e = ok<{ entryPoint: EntryPoint[] }>(res, 201).entryPoint[0]!;
    expect(res.headers.location).toBe(`${URL}/${e.id}`);
    expect(e).toEqual({
      id: e.id,
      link: { rel: 'self', href: `${URL}/${e.id}` },
      name,
      department: { id: String(p.department.id), name: p.department.name },
      queue: { id: String(p.queue.id), name: p.queue.name, link: { rel: 'queue', href: `${ADMIN}/queue/${p.queue.id}` } },
      state: { value: 'active', displayValue: 'Active' },
      agentAvailabilityRequired: true,
      greeting: DEFAULT_GREETING,
      lastModified: { date: e.lastModified.date, user: userOf(admin) },
    });
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await stored(e.id)).toMatchObject({ hours: null, description: null, createdById: admin.userId, lastModifiedById: admin.userId });
  });

  it('answers created with $attribute=created; takes the department by name and the queue as a bare object', async () => {
    const p = await place(t);
    const e = await createEntryPoint(t, admin, { department: { name: p.department.name.toUpperCase() }, queue: { id: Number(p.queue.id) } }, '?$attribute=created');
    expect(e.department).toEqual({ id: String(p.department.id), name: p.department.name });
    expect(e.created).toEqual({ date: e.lastModified.date, user: userOf(admin) });
  });

  it('stores every field: inactive queue, hours normalised (zone spelling, weekday order), greeting of 500 characters', async () => {
    const p = await place(t);
    const inactive = await createQueue(t, p.department.id, { state: 'inactive', channels: ['email', 'chat'] });
    const greeting = 'g'.repeat(500);
    const e = await createEntryPoint(t, admin, {
      description: 'd'.repeat(4000),
      department: { id: String(p.department.id) },
      queue: { id: String(inactive.id) },
      state: { value: 'INACTIVE' },
      agentAvailabilityRequired: 'no',
      hours: {
        timeZone: 'america/new_york',
        day: [
          { value: 'Friday', start: '13:00', end: '24:00' },
          { value: 'monday', start: '13:00', end: '17:00' },
          { value: 'monday', start: '09:00', end: '13:00' },
        ],
      },
      greeting,
    });
    expect(e).toMatchObject({
      description: 'd'.repeat(4000),
      queue: { id: String(inactive.id) },
      state: { value: 'inactive', displayValue: 'Inactive' },
      agentAvailabilityRequired: false,
      hours: {
        timeZone: 'America/New_York',
        day: [
          { value: 'monday', start: '09:00', end: '13:00' },
          { value: 'monday', start: '13:00', end: '17:00' },
          { value: 'friday', start: '13:00', end: '24:00' },
        ],
      },
      greeting,
    });
    expect((await stored(e.id)).hours).toEqual(e.hours);
  });

  it('reads a time zone without intervals (always open) and intervals without a time zone (UTC)', async () => {
    const p = await place(t);
    const zoneOnly = await createEntryPoint(t, admin, { ...p.ref, hours: { timeZone: 'Asia/Tokyo' } });
    expect(zoneOnly.hours).toEqual({ timeZone: 'Asia/Tokyo' });
    const utc = await createEntryPoint(t, admin, { ...p.ref, hours: { day: { value: 'sunday', start: '10:00', end: '12:00' } } });
    expect(utc.hours).toEqual({ timeZone: 'UTC', day: [{ value: 'sunday', start: '10:00', end: '12:00' }] });
    for (const hours of [null, {}, { day: [] }]) {
      const e = await createEntryPoint(t, admin, { ...p.ref, hours, greeting: '', description: null, state: null, agentAvailabilityRequired: null });
      expect(e).toMatchObject({ greeting: DEFAULT_GREETING, state: { value: 'active' }, agentAvailabilityRequired: true });
      expect(e.hours).toBeUndefined();
      expect(e.description).toBeUndefined();
    }
  });

  it('takes an XML body with the day values as attributes or as elements, and answers XML', async () => {
    const p = await place(t);
    const name = unique('X');
    const xml = `<entryPoint xmlns="${EP}"><name>${name}</name><description>d &amp; e</description><department id="${p.department.id}"/><queue><id>${p.queue.id}</id></queue>
      <agentAvailabilityRequired>false</agentAvailabilityRequired>
      <hours><timeZone>UTC</timeZone><day value="monday" start="08:00" end="12:00"/><day><value>monday</value><start>13:00</start><end>17:00</end></day></hours>
      <greeting>Hola</greeting></entryPoint>`;
    const root = xmlOf(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml }), 201);
    const item = root.children[0]!;
    const date = item.children.find((c) => c.name === `{${EP}}lastModified`)!.attrs.date!;
    expect(root.name).toBe(`{${EP}}entryPoints`);
    expect(item).toEqual(
      el(`{${EP}}entryPoint`, { id: item.attrs.id! }, [
        el(`{${EP}}link`, { rel: 'self', href: `${URL}/${item.attrs.id}` }),
        el(`{${EP}}name`, {}, name),
        el(`{${EP}}description`, {}, 'd & e'),
        el(`{${EP}}department`, { id: String(p.department.id) }, [el(`{${PLATFORM}}name`, {}, p.department.name)]),
        el(`{${EP}}queue`, { id: String(p.queue.id) }, [el(`{${EP}}name`, {}, p.queue.name), el(`{${EP}}link`, { rel: 'queue', href: `${ADMIN}/queue/${p.queue.id}` })]),
        el(`{${EP}}state`, {}, [el(`{${COMMON}}value`, {}, 'active'), el(`{${COMMON}}displayValue`, {}, 'Active')]),
        el(`{${EP}}agentAvailabilityRequired`, {}, 'false'),
        el(`{${EP}}hours`, {}, [
          el(`{${EP}}timeZone`, {}, 'UTC'),
          el(`{${EP}}day`, { value: 'monday', start: '08:00', end: '12:00' }),
          el(`{${EP}}day`, { value: 'monday', start: '13:00', end: '17:00' }),
        ]),
        el(`{${EP}}greeting`, {}, 'Hola'),
        stampEl(EP, 'lastModified', date, admin.name),
      ]),
    );
  });

  it.each([
    [{ name: '' }, '400-153', 'name', ''],
    [{ name: null }, '400-153', 'name', ''],
    [{ name: 'n'.repeat(256) }, '400-152', 'name', 'n'.repeat(256)],
    [{ department: undefined }, '400-153', 'department', ''],
    [{ department: {} }, '400-153', 'department', ''],
    [{ department: 'x' }, '400-152', 'department', 'x'],
    [{ department: { id: 'abc' } }, '400-152', 'department.id', 'abc'],
    [{ queue: undefined }, '400-153', 'queue', ''],
    [{ queue: {} }, '400-153', 'queue.id', ''],
    [{ queue: { id: '-3' } }, '400-152', 'queue.id', '-3'],
    [{ description: 'd'.repeat(4001) }, '400-152', 'description', 'd'.repeat(4001)],
    [{ greeting: 'g'.repeat(501) }, '400-152', 'greeting', 'g'.repeat(501)],
    [{ state: { value: 'paused' } }, '400-152', 'state.value', 'paused'],
    [{ state: {} }, '400-153', 'state.value', ''],
    [{ agentAvailabilityRequired: 'maybe' }, '400-152', 'agentAvailabilityRequired', 'maybe'],
    [{ hours: 'always' }, '400-152', 'hours', 'always'],
    [{ hours: { timeZone: 'Europe/Atlantis' } }, '400-152', 'hours.timeZone', 'Europe/Atlantis'],
    [{ hours: { timeZone: '+02:00' } }, '400-152', 'hours.timeZone', '+02:00'],
    [{ hours: { day: [{ value: 'funday', start: '08:00', end: '09:00' }] } }, '400-152', 'hours.day[0].value', 'funday'],
    [{ hours: { day: [{ value: 'monday', end: '09:00' }] } }, '400-153', 'hours.day[0].start', ''],
    [{ hours: { day: [{ value: 'monday', start: '08:00', end: '' }] } }, '400-153', 'hours.day[0].end', ''],
    [{ hours: { day: [{ start: '08:00', end: '09:00' }] } }, '400-153', 'hours.day[0].value', ''],
    [{ hours: { day: [{ value: 'monday', start: '0800', end: '09:00' }] } }, '400-152', 'hours.day[0].start', '0800'],
    [{ hours: { day: [{ value: 'monday', start: '08:00', end: '25:00' }] } }, '400-152', 'hours.day[0].end', '25:00'],
    [{ hours: { day: [{ value: 'monday', start: '18:00', end: '08:00' }] } }, '400-152', 'hours.day[0].end', '08:00'],
    [{ hours: { day: [{ value: 'monday', start: '22:00', end: '22:00' }] } }, '400-152', 'hours.day[0].end', '22:00'],
    [
      {
        hours: {
          day: [
            { value: 'monday', start: '08:00', end: '12:00' },
            { value: 'monday', start: '11:00', end: '13:00' },
          ],
        },
      },
      '400-152',
      'hours.day[1].start',
      '11:00',
    ],
  ])('refuses body #%# with %s', async (change, code, key, value) => {
    const p = await place(t);
    const name = unique();
    const body: Record<string, unknown> = { name, ...p.ref, ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete body[k];
    // Detail values are cut at 255 characters (01 §7.1).
    expectError(await post(body), code, { format: 'json', details: [{ key, value: value.slice(0, 255) }] });
    noContent(await call(t.app, admin, 'GET', `${URL}?department=${p.department.id}`));
  });

  it('refuses more than 75 intervals (400-160) and a malformed body (400-150)', async () => {
    const p = await place(t);
    const day = Array.from({ length: 76 }, (_, i) => ({ value: 'monday', start: `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`, end: '23:59' }));
    expectError(await post({ name: unique(), ...p.ref, hours: { day } }), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: '<entryPoint><name>x</name>' }), '400-150');
    expectError(await call(t.app, admin, 'POST', URL, { body: { entryPoint: [{ name: 'a' }, { name: 'b' }] } }), '400-152', { format: 'json', details: [{ key: 'entryPoint', value: '' }] });
    expectError(await call(t.app, admin, 'POST', URL, { body: [] }), '400-150', { format: 'json' });
    noContent(await call(t.app, admin, 'GET', `${URL}?department=${p.department.id}`));
  });

  it('refuses unknown departments and queues that are unknown, of another department or not for chat (400-152)', async () => {
    const p = await place(t);
    const other = await place(t);
    const email = await createQueue(t, p.department.id, { channels: ['email'] });
    const name = unique();
    expectError(await post({ name, department: { id: '999999999' }, queue: p.ref.queue }), '400-152', { format: 'json', details: [{ key: 'department.id', value: '999999999' }] });
    expectError(await post({ name, department: { name: unique('none') }, queue: p.ref.queue }), '400-152', { format: 'json' });
    for (const queue of ['999999999', String(other.queue.id), String(email.id)]) {
      expectError(await post({ name, department: p.ref.department, queue: { id: queue } }), '400-152', { format: 'json', details: [{ key: 'queue.id', value: queue }] });
    }
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${name}`));
  });

  it('keeps names unique case-insensitively across departments (409-102)', async () => {
    const [p1, p2] = [await place(t), await place(t)];
    const e = await createEntryPoint(t, admin, p1.ref);
    const res = await call(t.app, admin, 'POST', URL, { fmt: 'xml', body: { name: e.name.toLowerCase(), ...p2.ref } });
    expectError(res, '409-102', {
      details: [{ key: 'name', value: e.name.toLowerCase() }],
      message: `The current state of resource ${e.id} does not allow this action: the value of 'name' is already in use.`,
    });
    noContent(await call(t.app, admin, 'GET', `${URL}?department=${p2.department.id}`));
  });
});

describe('edit (07 §1.4, §8)', () => {
  it('changes the fields sent, keeps the others, ignores the department, stamps lastModified', async () => {
    const p = await place(t);
    const q2 = await createQueue(t, p.department.id, { state: 'inactive' });
    const e = await createEntryPoint(t, admin, { ...p.ref, description: 'keep', hours: { timeZone: 'Europe/Madrid', day: [{ value: 'monday', start: '08:00', end: '18:00' }] } });
    const before = await configVersion(t.db);
    const name = unique('Ren');
    const other = await createDepartment(t.db, unique('Other'));
    noContent(
      await put({
        entryPoint: [
          {
            id: e.id,
            name,
            queue: { id: String(q2.id) },
            state: { value: 'inactive' },
            agentAvailabilityRequired: false,
            greeting: 'Hello!',
            department: { id: String(other.id) },
            lastModified: { date: e.lastModified.date },
          },
        ],
      }),
    );
    const after = await readEntryPoint(t, admin, e.id);
    expect(after).toMatchObject({
      name,
      description: 'keep',
      department: { id: String(p.department.id) },
      queue: { id: String(q2.id), name: q2.name },
      state: { value: 'inactive' },
      agentAvailabilityRequired: false,
      hours: e.hours,
      greeting: 'Hello!',
      lastModified: { user: userOf(admin) },
      created: e.lastModified,
    });
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(e.lastModified.date));
    expect(await configVersion(t.db)).toBeGreaterThan(before);
  });

  it('replaces the hours, and clears optional fields to their defaults with null or empty values', async () => {
    const p = await place(t);
    const e = await createEntryPoint(t, admin, {
      ...p.ref,
      description: 'x',
      state: { value: 'inactive' },
      agentAvailabilityRequired: false,
      greeting: 'Hi',
      hours: { timeZone: 'Asia/Tokyo', day: [{ value: 'monday', start: '08:00', end: '18:00' }] },
    });
    noContent(await put({ id: e.id, hours: { day: [{ value: 'sunday', start: '10:00', end: '11:00' }] } }));
    expect((await readEntryPoint(t, admin, e.id)).hours).toEqual({ timeZone: 'UTC', day: [{ value: 'sunday', start: '10:00', end: '11:00' }] });
    noContent(await put({ id: e.id, description: null, state: null, agentAvailabilityRequired: null, greeting: null, hours: null }));
    const cleared = await readEntryPoint(t, admin, e.id);
    expect(cleared).toMatchObject({ state: { value: 'active' }, agentAvailabilityRequired: true, greeting: DEFAULT_GREETING });
    expect(cleared.description).toBeUndefined();
    expect(cleared.hours).toBeUndefined();
    expect((await stored(e.id)).hours).toBeNull();
  });

  it('clears with empty XML elements and edits several items of an XML list body', async () => {
    const p = await place(t);
    const [e, f] = [
      await createEntryPoint(t, admin, { ...p.ref, description: 'x', greeting: 'Hi', hours: { timeZone: 'UTC' }, state: { value: 'inactive' }, agentAvailabilityRequired: false }),
      await createEntryPoint(t, admin, { ...p.ref }),
    ];
    const xml = `<entryPoints><entryPoint id="${e.id}"><description/><greeting/><hours/><state/><agentAvailabilityRequired xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/></entryPoint>
      <entryPoint><id>${f.id}</id><hours><timeZone>Europe/Lisbon</timeZone><day value="SATURDAY" start="10:00" end="14:00"/></hours></entryPoint></entryPoints>`;
    noContent(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml }), 'xml');
    const e2 = await readEntryPoint(t, admin, e.id);
    expect(e2.description).toBeUndefined();
    expect(e2.hours).toBeUndefined();
    expect(e2).toMatchObject({ greeting: DEFAULT_GREETING, state: { value: 'active' }, agentAvailabilityRequired: true });
    expect((await readEntryPoint(t, admin, f.id)).hours).toEqual({ timeZone: 'Europe/Lisbon', day: [{ value: 'saturday', start: '10:00', end: '14:00' }] });
  });

  it('applies several items with one id in order', async () => {
    const e = await createEntryPoint(t, admin, (await place(t)).ref);
    noContent(await put({ entryPoint: [{ id: e.id, greeting: 'one', description: 'a' }, { id: e.id, greeting: 'two' }] }));
    expect(await readEntryPoint(t, admin, e.id)).toMatchObject({ greeting: 'two', description: 'a' });
  });

  it('refuses a queue of another department or without chat, and a cleared queue or name (400-152); changes nothing', async () => {
    const p = await place(t);
    const other = await place(t);
    const email = await createQueue(t, p.department.id, { channels: ['email'] });
    const [e, f] = [await createEntryPoint(t, admin, p.ref), await createEntryPoint(t, admin, p.ref)];
    for (const queue of [String(other.queue.id), String(email.id), '999999999']) {
      const body = { entryPoint: [{ id: e.id, greeting: 'changed' }, { id: f.id, queue: { id: queue } }] };
      expectError(await put(body), '400-152', { format: 'json', details: [{ key: 'entryPoint[1].queue.id', value: queue }] });
    }
    expectError(await put({ id: e.id, queue: null }), '400-152', { format: 'json', details: [{ key: 'entryPoint[0].queue', value: '' }] });
    expectError(await put({ id: e.id, name: null }), '400-152', { format: 'json', details: [{ key: 'entryPoint[0].name', value: '' }] });
    expectError(await put({ id: e.id, name: '  ' }), '400-152', { format: 'json', details: [{ key: 'entryPoint[0].name', value: '  ' }] });
    expect((await readEntryPoint(t, admin, e.id)).greeting).toBe(DEFAULT_GREETING);
    expect((await readEntryPoint(t, admin, f.id)).queue.id).toBe(String(p.queue.id));
  });

  it.each([
    [{ name: 'x' }, '400-153', 'entryPoint[0].id'],
    [{ id: 'x1' }, '400-152', 'entryPoint[0].id'],
    [{ id: '1', greeting: 'g'.repeat(501) }, '400-152', 'entryPoint[0].greeting'],
    [{ id: '1', state: { value: 'on' } }, '400-152', 'entryPoint[0].state.value'],
    [{ id: '1', hours: { timeZone: 'Moon/Base' } }, '400-152', 'entryPoint[0].hours.timeZone'],
    [{ id: '1', hours: { day: [{ value: 'monday', start: '10:00', end: '09:00' }] } }, '400-152', 'entryPoint[0].hours.day[0].end'],
    [{ id: '1', lastModified: { date: '2024-02-30T00:00:00Z' } }, '400-152', 'entryPoint[0].lastModified.date'],
  ])('refuses body #%# with %s', async (body, code, key) => {
    const err = expectError(await put(body), code, { format: 'json' });
    expect(err.details.map((x) => x.key)).toEqual([key]);
  });

  it('refuses more than 75 items (400-160) and none (400-153)', async () => {
    const items = Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1) }));
    expectError(await put({ entryPoint: items }), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await put({ entryPoint: [] }), '400-153', { format: 'json', details: [{ key: 'entryPoint', value: '' }] });
  });

  it('checks lastModified.date (409-101) and unknown ids (404-101), all or nothing', async () => {
    const p = await place(t);
    const [e, f] = [await createEntryPoint(t, admin, p.ref), await createEntryPoint(t, admin, p.ref)];
    const stale = { entryPoint: [{ id: f.id, greeting: 'x' }, { id: e.id, greeting: 'x', lastModified: { date: '2020-01-01T00:00:00.000Z' } }] };
    expectError(await put(stale), '409-101', { format: 'json', details: [{ key: 'id', value: e.id }] });
    expectError(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', body: { entryPoint: [{ id: e.id, greeting: 'x' }, { id: '999999998' }, { id: '999999997' }] } }), '404-101', {
      details: [
        { key: 'id', value: '999999998' },
        { key: 'id', value: '999999997' },
      ],
    });
    expect((await readEntryPoint(t, admin, e.id)).greeting).toBe(DEFAULT_GREETING);
    expect((await readEntryPoint(t, admin, f.id)).greeting).toBe(DEFAULT_GREETING);
    noContent(await put({ id: e.id, greeting: 'ok', lastModified: { date: e.lastModified.date } }));
    expect((await readEntryPoint(t, admin, e.id)).greeting).toBe('ok');
  });

  it('keeps names unique case-insensitively (409-102), also among the items of one body', async () => {
    const [p1, p2] = [await place(t), await place(t)];
    const [a, b] = [await createEntryPoint(t, admin, p1.ref), await createEntryPoint(t, admin, p2.ref)];
    expectError(await put({ id: b.id, name: a.name.toUpperCase() }), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: b.id },
        { key: 'name', value: a.name.toUpperCase() },
      ],
    });
    const same = unique();
    expectError(await put({ entryPoint: [{ id: a.id, name: same }, { id: b.id, name: same.toLowerCase() }] }), '409-102', { format: 'json' });
    expect((await readEntryPoint(t, admin, a.id)).name).toBe(a.name);
    // Changing only the letter case of its own name is allowed.
    noContent(await put({ id: a.id, name: a.name.toLowerCase() }));
    expect((await readEntryPoint(t, admin, a.id)).name).toBe(a.name.toLowerCase());
  });

  it('edits through the camel-case segment too', async () => {
    const e = await createEntryPoint(t, admin, (await place(t)).ref);
    noContent(await call(t.app, admin, 'PUT', `${ADMIN}/entryPoint`, { body: { id: e.id, description: 'camel' } }));
    expect((await readEntryPoint(t, admin, e.id)).description).toBe('camel');
  });
});

describe('delete (07 §1.4, §8)', () => {
  it('deletes the entry points (204) and bumps config_version', async () => {
    const p = await place(t);
    const [e, f] = [await createEntryPoint(t, admin, p.ref), await createEntryPoint(t, admin, p.ref)];
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${e.id},${f.id}`, { fmt: 'xml' }), 'xml');
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expectError(await call(t.app, admin, 'GET', `${URL}/${e.id}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: e.id }] });
    expect(await t.db.prisma.entryPoint.count({ where: { id: { in: [BigInt(e.id), BigInt(f.id)] } } })).toBe(0);
    // The queue is untouched.
    expect(await t.db.prisma.queue.count({ where: { id: p.queue.id } })).toBe(1);
  });

  it('is blocked while a chat of the entry point is not completed (409-102), all or nothing', async () => {
    const p = await place(t);
    const [e, f, g] = [await createEntryPoint(t, admin, p.ref), await createEntryPoint(t, admin, p.ref), await createEntryPoint(t, admin, p.ref)];
    const waiting = await chatActivity(t, e);
    const assigned = await chatActivity(t, g, 'assigned', 'in_progress', admin.userId);
    const done = await chatActivity(t, f, 'completed', 'done');
    const before = await configVersion(t.db);
    const res = await call(t.app, admin, 'DELETE', `${URL}/${f.id},${g.id},${e.id}`);
    expectError(res, '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: g.id },
        { key: 'id', value: e.id },
        { key: 'activity', value: String(waiting.id) },
        { key: 'activity', value: String(assigned.id) },
      ],
      message: `The current state of resource ${g.id}, ${e.id} does not allow this action: the resource is still in use.`,
    });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${e.id}`, { fmt: 'xml' }), '409-102', {
      details: [
        { key: 'id', value: e.id },
        { key: 'activity', value: String(waiting.id) },
      ],
    });
    expect(await t.db.prisma.entryPoint.count({ where: { id: { in: [BigInt(e.id), BigInt(f.id), BigInt(g.id)] } } })).toBe(3);
    expect(await configVersion(t.db)).toBe(before);

    // Once the chats are completed the entry points may go; the activities stay, without the entry point.
    await t.db.prisma.activity.updateMany({ where: { id: { in: [waiting.id, assigned.id] } }, data: { status: 'completed', substatus: 'done' } });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${e.id},${f.id},${g.id}`));
    const kept = await t.db.prisma.activity.findMany({ where: { id: { in: [waiting.id, assigned.id, done.id] } }, select: { entryPointId: true } });
    expect(kept).toEqual([{ entryPointId: null }, { entryPointId: null }, { entryPointId: null }]);
  });

  it('answers 404-101 naming each missing id and deletes nothing; refuses bad ids (400-102) and 76 ids (400-160)', async () => {
    const e = await createEntryPoint(t, admin, (await place(t)).ref);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/999999996,${e.id},999999995`), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: '999999996' },
        { key: 'id', value: '999999995' },
      ],
    });
    expect((await readEntryPoint(t, admin, e.id)).id).toBe(e.id);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/x`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'x' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${many}`), '400-160', { format: 'json' });
  });

  it('deletes through the camel-case segment too', async () => {
    const e = await createEntryPoint(t, admin, (await place(t)).ref);
    noContent(await call(t.app, admin, 'DELETE', `${ADMIN}/entryPoint/${e.id}`));
    expect(await t.db.prisma.entryPoint.count({ where: { id: BigInt(e.id) } })).toBe(0);
  });
});

describe('methods (01 §1.1)', () => {
  it.each(['entrypoint', 'entryPoint'])('answers 405-100 with Allow for methods /%s does not offer', async (segment) => {
    const base = `${ADMIN}/${segment}`;
    const a = await call(t.app, admin, 'PUT', `${base}/1`, { body: {} });
    expectError(a, '405-100', { format: 'json' });
    expect(a.headers.allow).toBe('GET, HEAD, DELETE');
    const b = await call(t.app, admin, 'DELETE', base, { fmt: 'xml' });
    expectError(b, '405-100');
    expect(b.headers.allow).toBe('GET, HEAD, POST, PUT');
    const c = await call(t.app, admin, 'PATCH', base, { body: {} });
    expectError(c, '405-100', { format: 'json' });
    expect(c.headers.allow).toBe('GET, HEAD, POST, PUT');
  });
});
