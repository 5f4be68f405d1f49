// Email aliases (07 §1.4, §9) through the real HTTP stack: create, edit, delete, the queue rules, methods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { ADMIN, call, COMMON, configVersion, el, noContent, ok, PLATFORM, session, stampEl, unique, workflowRow, xmlOf, type Session } from '../department/support.ts';
import { address, ALIAS_NS, createAlias, createQueue, place, readAlias, URL, userOf, type Alias } from './support.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

const post = (body: unknown) => call(t.app, admin, 'POST', URL, { body });
const put = (body: unknown) => call(t.app, admin, 'PUT', URL, { body });
const stored = (id: string) => t.db.prisma.emailAlias.findUniqueOrThrow({ where: { id: BigInt(id) } });

describe('create (07 §1.4, §9)', () => {
  it('applies the defaults and answers 201 with Location and the default set', async () => {
    const p = await place(t);
    const before = await configVersion(t.db);
    const name = unique('New');
    const mail = address();
    const res = await post({ name, emailAddress: `  ${mail}  `, ...p.ref });
    const a = ok<{ alias: Alias[] }>(res, 201).alias[0]!;
    expect(res.headers.location).toBe(`${URL}/${a.id}`);
    expect(a).toEqual({
      id: a.id,
      link: { rel: 'self', href: `${URL}/${a.id}` },
      name,
      emailAddress: mail,
      department: { id: String(p.department.id), name: p.department.name },
      queue: { id: String(p.queue.id), name: p.queue.name, link: { rel: 'queue', href: `${ADMIN}/queue/${p.queue.id}` } },
      state: { value: 'active', displayValue: 'Active' },
      lastModified: { date: a.lastModified.date, user: userOf(admin) },
    });
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await stored(a.id)).toMatchObject({ displayName: null, createdById: admin.userId, lastModifiedById: admin.userId });
  });

  it('takes the department by name, an inactive queue with several channels, and answers created with $attribute=created', async () => {
    const p = await place(t);
    const q = await createQueue(t, p.department.id, { state: 'inactive', channels: ['chat', 'email'] });
    const a = await createAlias(
      t,
      admin,
      { department: { name: p.department.name.toLowerCase() }, queue: { id: Number(q.id) }, displayName: 'Shown', state: { value: 'Inactive' } },
      '?$attribute=created',
    );
    expect(a).toMatchObject({ department: { id: String(p.department.id) }, queue: { id: String(q.id) }, displayName: 'Shown', state: { value: 'inactive' } });
    expect(a.created).toEqual({ date: a.lastModified.date, user: userOf(admin) });
    for (const empty of [{ displayName: null, state: null }, { displayName: '', state: {} }]) {
      const b = await createAlias(t, admin, { ...p.ref, ...empty });
      expect(b.displayName).toBeUndefined();
      expect(b.state.value).toBe('active');
    }
  });

  it('takes an XML body and answers XML', async () => {
    const p = await place(t);
    const name = unique('X');
    const mail = address();
    const xml = `<alias xmlns="${ALIAS_NS}"><name>${name}</name><emailAddress>${mail}</emailAddress><displayName>A &amp; B</displayName>
      <department id="${p.department.id}"/><queue><id>${p.queue.id}</id></queue><state><value>inactive</value></state></alias>`;
    const root = xmlOf(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml }), 201);
    const item = root.children[0]!;
    const date = item.children.find((c) => c.name === `{${ALIAS_NS}}lastModified`)!.attrs.date!;
    expect(root.name).toBe(`{${ALIAS_NS}}aliases`);
    expect(item).toEqual(
      el(`{${ALIAS_NS}}alias`, { id: item.attrs.id! }, [
        el(`{${ALIAS_NS}}link`, { rel: 'self', href: `${URL}/${item.attrs.id}` }),
        el(`{${ALIAS_NS}}name`, {}, name),
        el(`{${ALIAS_NS}}emailAddress`, {}, mail),
        el(`{${ALIAS_NS}}displayName`, {}, 'A & B'),
        el(`{${ALIAS_NS}}department`, { id: String(p.department.id) }, [el(`{${PLATFORM}}name`, {}, p.department.name)]),
        el(`{${ALIAS_NS}}queue`, { id: String(p.queue.id) }, [el(`{${ALIAS_NS}}name`, {}, p.queue.name), el(`{${ALIAS_NS}}link`, { rel: 'queue', href: `${ADMIN}/queue/${p.queue.id}` })]),
        el(`{${ALIAS_NS}}state`, {}, [el(`{${COMMON}}value`, {}, 'inactive'), el(`{${COMMON}}displayValue`, {}, 'Inactive')]),
        stampEl(ALIAS_NS, 'lastModified', date, admin.name),
      ]),
    );
  });

  it.each([
    [{ name: '' }, '400-153', 'name', ''],
    [{ name: null }, '400-153', 'name', ''],
    [{ name: 'n'.repeat(256) }, '400-152', 'name', 'n'.repeat(256)],
    [{ emailAddress: undefined }, '400-153', 'emailAddress', ''],
    [{ emailAddress: '  ' }, '400-153', 'emailAddress', ''],
    [{ emailAddress: 'ann' }, '400-152', 'emailAddress', 'ann'],
    [{ emailAddress: 'ann@example' }, '400-152', 'emailAddress', 'ann@example'],
    [{ emailAddress: 'ann@@example.com' }, '400-152', 'emailAddress', 'ann@@example.com'],
    [{ emailAddress: 'an n@example.com' }, '400-152', 'emailAddress', 'an n@example.com'],
    [{ emailAddress: '@example.com' }, '400-152', 'emailAddress', '@example.com'],
    [{ emailAddress: 'ann@example..com' }, '400-152', 'emailAddress', 'ann@example..com'],
    [{ emailAddress: `${'a'.repeat(243)}@example.com` }, '400-152', 'emailAddress', `${'a'.repeat(243)}@example.com`],
    [{ displayName: 'd'.repeat(256) }, '400-152', 'displayName', 'd'.repeat(256)],
    [{ department: undefined }, '400-153', 'department', ''],
    [{ department: {} }, '400-153', 'department', ''],
    [{ department: { id: 'abc' } }, '400-152', 'department.id', 'abc'],
    [{ queue: undefined }, '400-153', 'queue', ''],
    [{ queue: {} }, '400-153', 'queue.id', ''],
    [{ queue: { id: '0' } }, '400-152', 'queue.id', '0'],
    [{ state: { value: 'paused' } }, '400-152', 'state.value', 'paused'],
    [{ state: { value: '' } }, '400-152', 'state.value', ''],
  ])('refuses body #%# with %s', async (change, code, key, value) => {
    const p = await place(t);
    const body: Record<string, unknown> = { name: unique(), emailAddress: address(), ...p.ref, ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete body[k];
    expectError(await post(body), code, { format: 'json', details: [{ key, value: value.slice(0, 255) }] });
    noContent(await call(t.app, admin, 'GET', `${URL}?department=${p.department.id}`));
  });

  it('accepts an address of 254 characters', async () => {
    const p = await place(t);
    const local = unique('l');
    const mail = `${local}${'a'.repeat(254 - local.length - '@example.com'.length)}@example.com`;
    expect(mail.length).toBe(254);
    expect((await createAlias(t, admin, { ...p.ref, emailAddress: mail })).emailAddress).toBe(mail);
  });

  it('refuses a malformed body (400-150) and a wrapper of two items (400-152)', async () => {
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: '<alias><name>x</name>' }), '400-150');
    expectError(await post({ alias: [{ name: 'a' }, { name: 'b' }] }), '400-152', { format: 'json', details: [{ key: 'alias', value: '' }] });
    expectError(await post([]), '400-150', { format: 'json' });
  });

  it('refuses unknown departments, and queues that are unknown, of another department or without email (400-152)', async () => {
    const p = await place(t);
    const other = await place(t);
    const chat = await createQueue(t, p.department.id, { channels: ['chat'] });
    const mail = address();
    expectError(await post({ name: 'x', emailAddress: mail, department: { id: '999999999' }, queue: p.ref.queue }), '400-152', {
      format: 'json',
      details: [{ key: 'department.id', value: '999999999' }],
    });
    expectError(await post({ name: 'x', emailAddress: mail, department: { name: unique('none') }, queue: p.ref.queue }), '400-152', { format: 'json' });
    for (const queue of ['999999999', String(other.queue.id), String(chat.id)]) {
      expectError(await post({ name: 'x', emailAddress: mail, department: p.ref.department, queue: { id: queue } }), '400-152', {
        format: 'json',
        details: [{ key: 'queue.id', value: queue }],
      });
    }
    noContent(await call(t.app, admin, 'GET', `${URL}?emailAddress=${mail}`));
  });

  it('keeps addresses unique case-insensitively across departments (409-102)', async () => {
    const [p1, p2] = [await place(t), await place(t)];
    const a = await createAlias(t, admin, p1.ref);
    const before = await configVersion(t.db);
    const res = await call(t.app, admin, 'POST', URL, { fmt: 'xml', body: { name: 'x', emailAddress: a.emailAddress.toUpperCase(), ...p2.ref } });
    expectError(res, '409-102', {
      details: [{ key: 'emailAddress', value: a.emailAddress.toUpperCase() }],
      message: `The current state of resource ${a.id} does not allow this action: the value of 'emailAddress' is already in use.`,
    });
    noContent(await call(t.app, admin, 'GET', `${URL}?department=${p2.department.id}`));
    expect(await configVersion(t.db)).toBe(before);
  });

  it('lets exactly one of concurrent creates of one address succeed; the others answer 409-102', async () => {
    const p = await place(t);
    const mail = address('race');
    const results = await Promise.all(
      ['a', 'B', 'c', 'D'].map((x) => post({ name: unique(x), emailAddress: x === 'a' || x === 'c' ? mail : mail.toUpperCase(), ...p.ref })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      const err = expectError(r, '409-102', { format: 'json' });
      expect(err.details.map((d) => d.key)).toEqual(['emailAddress']);
    }
    expect(await t.db.prisma.emailAlias.count({ where: { departmentId: p.department.id } })).toBe(1);
  });
});

describe('edit (07 §1.4, §9)', () => {
  it('changes the fields sent, keeps the others, ignores the department, stamps lastModified', async () => {
    const p = await place(t);
    const q2 = await createQueue(t, p.department.id, { channels: ['chat', 'email'] });
    const a = await createAlias(t, admin, { ...p.ref, displayName: 'keep' });
    const before = await configVersion(t.db);
    const other = await createDepartment(t.db, unique('Other'));
    const name = unique('Ren');
    const mail = address('renamed');
    noContent(
      await put({
        alias: [
          {
            id: a.id,
            name,
            emailAddress: ` ${mail.toUpperCase()} `,
            queue: { id: String(q2.id) },
            state: { value: 'inactive' },
            department: { id: String(other.id) },
            lastModified: { date: a.lastModified.date },
          },
        ],
      }),
    );
    const after = await readAlias(t, admin, a.id);
    expect(after).toMatchObject({
      name,
      emailAddress: mail.toUpperCase(),
      displayName: 'keep',
      department: { id: String(p.department.id) },
      queue: { id: String(q2.id), name: q2.name },
      state: { value: 'inactive' },
      lastModified: { user: userOf(admin) },
      created: a.lastModified,
    });
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(a.lastModified.date));
    expect(await configVersion(t.db)).toBeGreaterThan(before);
  });

  it('clears optional fields with null, empty values and empty XML elements; edits several items of an XML list body', async () => {
    const p = await place(t);
    const [a, b, c] = [
      await createAlias(t, admin, { ...p.ref, displayName: 'x', state: { value: 'inactive' } }),
      await createAlias(t, admin, { ...p.ref, displayName: 'y', state: { value: 'inactive' } }),
      await createAlias(t, admin, { ...p.ref, displayName: 'z', state: { value: 'inactive' } }),
    ];
    noContent(await put({ id: a.id, displayName: null, state: null }));
    expect(await readAlias(t, admin, a.id)).toMatchObject({ state: { value: 'active' } });
    expect((await readAlias(t, admin, a.id)).displayName).toBeUndefined();
    const xml = `<aliases xmlns="${ALIAS_NS}"><alias id="${b.id}"><displayName/><state><value/></state></alias>
      <alias><id>${c.id}</id><displayName xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/><state/><name>renamed ${c.id}</name></alias></aliases>`;
    noContent(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml }), 'xml');
    for (const x of [b, c]) {
      const after = await readAlias(t, admin, x.id);
      expect(after.displayName).toBeUndefined();
      expect(after.state.value).toBe('active');
    }
    expect((await readAlias(t, admin, c.id)).name).toBe(`renamed ${c.id}`);
  });

  it('applies several items with one id in order', async () => {
    const a = await createAlias(t, admin, (await place(t)).ref);
    noContent(await put({ alias: [{ id: a.id, displayName: 'one', name: 'first' }, { id: a.id, displayName: 'two' }] }));
    expect(await readAlias(t, admin, a.id)).toMatchObject({ displayName: 'two', name: 'first' });
  });

  it('refuses a queue of another department or without email (400-152); changes nothing', async () => {
    const p = await place(t);
    const other = await place(t);
    const chat = await createQueue(t, p.department.id, { channels: ['chat'] });
    const [a, b] = [await createAlias(t, admin, p.ref), await createAlias(t, admin, p.ref)];
    for (const queue of [String(other.queue.id), String(chat.id), '999999999']) {
      const body = { alias: [{ id: a.id, displayName: 'changed' }, { id: b.id, queue: { id: queue } }] };
      expectError(await put(body), '400-152', { format: 'json', details: [{ key: 'alias[1].queue.id', value: queue }] });
    }
    expect((await readAlias(t, admin, a.id)).displayName).toBeUndefined();
    expect((await readAlias(t, admin, b.id)).queue.id).toBe(String(p.queue.id));
  });

  it.each([
    [{ name: 'x' }, '400-153', 'alias[0].id'],
    [{ id: 'x1' }, '400-152', 'alias[0].id'],
    [{ id: '1', name: null }, '400-152', 'alias[0].name'],
    [{ id: '1', name: ' ' }, '400-152', 'alias[0].name'],
    [{ id: '1', name: 'n'.repeat(256) }, '400-152', 'alias[0].name'],
    [{ id: '1', emailAddress: null }, '400-152', 'alias[0].emailAddress'],
    [{ id: '1', emailAddress: '' }, '400-152', 'alias[0].emailAddress'],
    [{ id: '1', emailAddress: 'nobody' }, '400-152', 'alias[0].emailAddress'],
    [{ id: '1', queue: null }, '400-152', 'alias[0].queue'],
    [{ id: '1', queue: { id: 'q' } }, '400-152', 'alias[0].queue.id'],
    [{ id: '1', displayName: 'd'.repeat(256) }, '400-152', 'alias[0].displayName'],
    [{ id: '1', state: { value: 'on' } }, '400-152', 'alias[0].state.value'],
    [{ id: '1', lastModified: { date: '2024-02-30T00:00:00Z' } }, '400-152', 'alias[0].lastModified.date'],
  ])('refuses body #%# with %s', async (body, code, key) => {
    const err = expectError(await put(body), code, { format: 'json' });
    expect(err.details.map((x) => x.key)).toEqual([key]);
  });

  it('refuses more than 75 items (400-160) and none (400-153)', async () => {
    const items = Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1) }));
    expectError(await put({ alias: items }), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await put({ alias: [] }), '400-153', { format: 'json', details: [{ key: 'alias', value: '' }] });
  });

  it('checks lastModified.date (409-101) and unknown ids (404-101), all or nothing', async () => {
    const p = await place(t);
    const [a, b] = [await createAlias(t, admin, p.ref), await createAlias(t, admin, p.ref)];
    const stale = { alias: [{ id: b.id, displayName: 'x' }, { id: a.id, displayName: 'x', lastModified: { date: '2020-01-01T00:00:00.000Z' } }] };
    expectError(await put(stale), '409-101', { format: 'json', details: [{ key: 'id', value: a.id }] });
    expectError(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', body: { alias: [{ id: a.id, displayName: 'x' }, { id: '999999998' }, { id: '999999997' }] } }), '404-101', {
      details: [
        { key: 'id', value: '999999998' },
        { key: 'id', value: '999999997' },
      ],
    });
    expect((await readAlias(t, admin, a.id)).displayName).toBeUndefined();
    expect((await readAlias(t, admin, b.id)).displayName).toBeUndefined();
    noContent(await put({ id: a.id, displayName: 'ok', lastModified: { date: a.lastModified.date } }));
    expect((await readAlias(t, admin, a.id)).displayName).toBe('ok');
  });

  it('keeps addresses unique case-insensitively (409-102), also among the items of one body; 409-102 before 409-101', async () => {
    const [p1, p2] = [await place(t), await place(t)];
    const [a, b] = [await createAlias(t, admin, p1.ref), await createAlias(t, admin, p2.ref)];
    expectError(await put({ id: b.id, emailAddress: a.emailAddress.toUpperCase(), lastModified: { date: '2020-01-01T00:00:00.000Z' } }), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: b.id },
        { key: 'emailAddress', value: a.emailAddress.toUpperCase() },
      ],
    });
    const same = address('same');
    expectError(await put({ alias: [{ id: a.id, emailAddress: same }, { id: b.id, emailAddress: same.toUpperCase() }] }), '409-102', { format: 'json' });
    expect((await readAlias(t, admin, a.id)).emailAddress).toBe(a.emailAddress);
    // Swapping two addresses in one body is allowed, and so is changing the letter case of its own address.
    noContent(await put({ alias: [{ id: a.id, emailAddress: b.emailAddress }, { id: b.id, emailAddress: a.emailAddress }] }));
    expect((await readAlias(t, admin, a.id)).emailAddress).toBe(b.emailAddress);
    noContent(await put({ id: a.id, emailAddress: b.emailAddress.toUpperCase() }));
    expect((await readAlias(t, admin, a.id)).emailAddress).toBe(b.emailAddress.toUpperCase());
  });
});

describe('delete (07 §1.4, §9)', () => {
  it('deletes the aliases (204) and bumps config_version', async () => {
    const p = await place(t);
    const [a, b] = [await createAlias(t, admin, p.ref), await createAlias(t, admin, p.ref)];
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${a.id},${b.id}`, { fmt: 'xml' }), 'xml');
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expectError(await call(t.app, admin, 'GET', `${URL}/${a.id}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: a.id }] });
    expect(await t.db.prisma.emailAlias.count({ where: { id: { in: [BigInt(a.id), BigInt(b.id)] } } })).toBe(0);
    // The address is free again.
    expect((await createAlias(t, admin, { ...p.ref, emailAddress: a.emailAddress })).emailAddress).toBe(a.emailAddress);
  });

  it('is blocked while a workflow names the alias (409-102), all or nothing', async () => {
    const p = await place(t);
    const [a, b, c] = [await createAlias(t, admin, p.ref), await createAlias(t, admin, p.ref), await createAlias(t, admin, p.ref)];
    const inbound = await workflowRow(t.db, p.department.id, 'inbound', { aliases: { alias: [{ id: c.id, emailAddress: c.emailAddress }, { id: a.id }] } }, { route: { queue: { id: String(p.queue.id) } } });
    const outbound = await workflowRow(t.db, p.department.id, 'outbound', { aliases: { alias: [{ id: a.id }] }, subjectKeywords: { keyword: ['x'] } }, { bcc: { address: ['x@example.com'] } });
    // Not references: another id, an id in another place, a number instead of the id string.
    await workflowRow(t.db, p.department.id, 'inbound', { aliases: { alias: [{ id: `${b.id}0` }] } });
    await workflowRow(t.db, p.department.id, 'outbound', { queues: { queue: [{ id: b.id }] } }, { appendMessage: { message: { id: b.id } } });
    const before = await configVersion(t.db);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${b.id},${c.id},${a.id}`), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: c.id },
        { key: 'id', value: a.id },
        { key: 'workflow', value: String(inbound.id) },
        { key: 'workflow', value: String(outbound.id) },
      ],
      message: `The current state of resource ${c.id}, ${a.id} does not allow this action: the resource is still in use.`,
    });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${c.id}`, { fmt: 'xml' }), '409-102', {
      details: [
        { key: 'id', value: c.id },
        { key: 'workflow', value: String(inbound.id) },
      ],
    });
    expect(await t.db.prisma.emailAlias.count({ where: { id: { in: [BigInt(a.id), BigInt(b.id), BigInt(c.id)] } } })).toBe(3);
    expect(await configVersion(t.db)).toBe(before);

    noContent(await call(t.app, admin, 'DELETE', `${URL}/${b.id}`));
    await t.db.prisma.workflow.deleteMany({ where: { id: { in: [inbound.id, outbound.id] } } });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${a.id},${c.id}`));
  });

  it('answers 404-101 naming each missing id and deletes nothing; refuses bad ids (400-102) and 76 ids (400-160)', async () => {
    const a = await createAlias(t, admin, (await place(t)).ref);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/999999996,${a.id},999999995`), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: '999999996' },
        { key: 'id', value: '999999995' },
      ],
    });
    expect((await readAlias(t, admin, a.id)).id).toBe(a.id);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/x`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'x' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${many}`), '400-160', { format: 'json' });
  });
});

describe('the queue of an alias (07 §7.1, §9)', () => {
  const QUEUE = `${ADMIN}/queue`;

  it('keeps the queue from being deleted (409-102, key alias) until the alias goes', async () => {
    const p = await place(t);
    const [a, b] = [await createAlias(t, admin, p.ref), await createAlias(t, admin, p.ref)];
    const free = await createQueue(t, p.department.id);
    expectError(await call(t.app, admin, 'DELETE', `${QUEUE}/${free.id},${p.queue.id}`), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: String(p.queue.id) },
        { key: 'alias', value: a.id },
        { key: 'alias', value: b.id },
      ],
    });
    expect(await t.db.prisma.queue.count({ where: { id: { in: [free.id, p.queue.id] } } })).toBe(2);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${a.id},${b.id}`));
    noContent(await call(t.app, admin, 'DELETE', `${QUEUE}/${free.id},${p.queue.id}`));
  });

  it('keeps the queue from losing its email channel (409-102), not from other edits', async () => {
    const p = await place(t);
    await t.db.prisma.queue.update({ where: { id: p.queue.id }, data: { channels: ['email', 'chat'] } });
    const a = await createAlias(t, admin, p.ref);
    const other = await createQueue(t, p.department.id, { channels: ['email', 'chat'] });
    const body = { queue: [{ id: String(other.id), channels: { channel: [{ value: 'chat' }] } }, { id: String(p.queue.id), channels: { channel: [{ value: 'chat' }] } }] };
    expectError(await call(t.app, admin, 'PUT', QUEUE, { body }), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: String(p.queue.id) },
        { key: 'alias', value: a.id },
      ],
    });
    expect((await t.db.prisma.queue.findUniqueOrThrow({ where: { id: other.id } })).channels).toEqual(['email', 'chat']);
    noContent(await call(t.app, admin, 'PUT', QUEUE, { body: { id: String(p.queue.id), name: unique('kept'), channels: { channel: [{ value: 'email' }] } } }));
    // Once the alias names another queue, the channel may go.
    noContent(await put({ id: a.id, queue: { id: String(other.id) } }));
    noContent(await call(t.app, admin, 'PUT', QUEUE, { body: { id: String(p.queue.id), channels: { channel: [{ value: 'chat' }] } } }));
  });
});

describe('methods (01 §1.1)', () => {
  it('answers 405-100 with Allow for methods /alias does not offer', async () => {
    const a = await call(t.app, admin, 'PUT', `${URL}/1`, { body: {} });
    expectError(a, '405-100', { format: 'json' });
    expect(a.headers.allow).toBe('GET, HEAD, DELETE');
    const b = await call(t.app, admin, 'DELETE', URL, { fmt: 'xml' });
    expectError(b, '405-100');
    expect(b.headers.allow).toBe('GET, HEAD, POST, PUT');
    const c = await call(t.app, admin, 'POST', `${URL}/1`, { body: {} });
    expectError(c, '405-100', { format: 'json' });
  });
});
