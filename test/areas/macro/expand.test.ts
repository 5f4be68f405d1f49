// Macro expansion (07 §11, 05 §9.5): the pure expandMacros rules, the loader of active department macros and the
// knowledge flavour with its five built-ins (06 §5 expandMacros, 07 §11 rule 4), against the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../src/areas/service-context.ts';
import { activeMacros, expandKnowledgeContent, expandMacros, utcDate } from '../../../src/areas/macro/macro.expand.ts';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createDepartment } from '../../helpers/auth.ts';

const none = new Map<string, string>();

describe('expandMacros (07 §11)', () => {
  const builtins = { case_id: '1000024', agent_name: 'Jenny' };
  const dept = new Map([
    ['external_case_id', 'CASE-1000024'],
    ['opening_hours', 'We are open 8:00 to 18:00.'],
    ['v1.2', 'version one two'],
    ['loop', '``opening_hours'],
  ]);
  const x = (text: string) => expandMacros(text, builtins, dept);

  it('replaces a built-in and a department macro', () => {
    expect(x('Ref ``external_case_id for case ``case_id')).toBe('Ref CASE-1000024 for case 1000024');
  });
  it('the name ends at the first character outside [A-Za-z0-9_.]', () => {
    expect(x('Hi ``agent_name, bye')).toBe('Hi Jenny, bye');
    expect(x('<p>``agent_name</p>')).toBe('<p>Jenny</p>');
    expect(x('``agent_name``agent_name')).toBe('JennyJenny');
    expect(x('``v1.2!')).toBe('version one two!');
  });
  it('a dot is part of the name, so a name followed by a full stop is another name (stays)', () => {
    expect(x('Regards, ``agent_name.')).toBe('Regards, ``agent_name.');
  });
  it('lookup is case-insensitive, built-ins first', () => {
    expect(x('``AGENT_NAME ``Opening_Hours')).toBe('Jenny We are open 8:00 to 18:00.');
    expect(expandMacros('``agent_name', { agent_name: 'built-in' }, new Map([['agent_name', 'department']]))).toBe('built-in');
    expect(expandMacros('``a', { A: 'upper key' }, none)).toBe('upper key');
  });
  it('an unknown name stays as written, backticks included', () => {
    expect(x('``unknown and ``customer_name')).toBe('``unknown and ``customer_name');
  });
  it('backticks without a name, a single backtick and triple backticks', () => {
    expect(x('`` alone, `agent_name, ```agent_name')).toBe('`` alone, `agent_name, `Jenny');
  });
  it('one pass: text a macro produced is not expanded again', () => {
    expect(x('``loop')).toBe('``opening_hours');
  });
  it('values are inserted as they are ($ patterns, markup)', () => {
    expect(expandMacros('a ``m b', {}, new Map([['m', "$& $1 $$ <b>x</b> ``m"]]))).toBe("a $& $1 $$ <b>x</b> ``m b");
  });
  it('object keys never leak from the prototype', () => {
    expect(x('``constructor ``__proto__ ``toString')).toBe('``constructor ``__proto__ ``toString');
  });
  it('text without references is returned unchanged', () => {
    expect(x('plain text')).toBe('plain text');
    expect(x('')).toBe('');
  });
});

describe('utcDate', () => {
  it('is the UTC day', () => {
    expect(utcDate(new Date('2024-03-31T23:30:00.000-02:00'))).toBe('2024-04-01');
  });
});

describe('with the database', () => {
  let t: TestApp;
  let a: { id: bigint; name: string };
  let b: { id: bigint; name: string };
  let ctx: ServiceContext;
  beforeAll(async () => {
    t = await getTestApp();
    a = await createDepartment(t.db);
    b = await createDepartment(t.db);
    await t.db.prisma.macro.createMany({
      data: [
        { departmentId: a.id, name: 'Opening_Hours', value: 'Open 8–18 in A.' },
        { departmentId: a.id, name: 'retired', value: 'never shown', state: 'inactive' },
        { departmentId: a.id, name: 'Case_ID', value: 'a department macro shadowing a built-in' },
        { departmentId: a.id, name: 'department_name', value: 'shadow' },
        { departmentId: b.id, name: 'opening_hours', value: 'Open 9–17 in B.' },
      ],
    });
    ctx = {
      actor: { kind: 'user', sessionId: 's', userId: 5n, roles: ['agent'], homeDepartmentId: a.id, departmentIds: [a.id], ref: { id: '5', name: 'jenny', firstName: 'Jenny', lastName: 'Anthony' } },
      db: t.db,
      now: () => new Date('2024-05-02T23:59:59.999Z'),
      lang: 'en-US',
      requestId: 'test',
      settings: t.app.settings,
      configVersion: t.app.configVersion,
      attributes: t.app.attributeDefinitions,
    };
  });
  afterAll(async () => t?.close());

  it('activeMacros: active macros only, by lower-case name, an entry for every department asked for', async () => {
    const empty = await createDepartment(t.db);
    const m = await activeMacros(t.db.prisma, [a.id, b.id, empty.id, a.id]);
    expect([...m.keys()]).toEqual([a.id, b.id, empty.id]);
    expect(Object.fromEntries(m.get(a.id)!)).toEqual({ opening_hours: 'Open 8–18 in A.', case_id: 'a department macro shadowing a built-in', department_name: 'shadow' });
    expect(Object.fromEntries(m.get(b.id)!)).toEqual({ opening_hours: 'Open 9–17 in B.' });
    expect(m.get(empty.id)!.size).toBe(0);
    expect((await activeMacros(t.db.prisma, [])).size).toBe(0);
  });

  it('knowledge: the caller, the article department and today; the department macros of each item', async () => {
    const text = '``agent_name (``agent_first_name ``agent_last_name), ``department_name, ``current_date: ``opening_hours';
    const out = await expandKnowledgeContent(ctx, [
      { departmentId: a.id, departmentName: a.name, text },
      { departmentId: b.id, departmentName: b.name, text },
      { departmentId: a.id, departmentName: a.name, text: 'no references' },
    ]);
    expect(out).toEqual([
      `jenny (Jenny Anthony), ${a.name}, 2024-05-02: Open 8–18 in A.`,
      `jenny (Jenny Anthony), ${b.name}, 2024-05-02: Open 9–17 in B.`,
      'no references',
    ]);
  });

  it('knowledge: activity built-ins stay as written, even when a department macro has such a name; inactive and unknown stay', async () => {
    const [out] = await expandKnowledgeContent(ctx, [
      { departmentId: a.id, departmentName: a.name, text: '``case_id ``activity_id ``customer_name ``customer_first_name ``customer_last_name ``retired ``nope' },
    ]);
    expect(out).toBe('``case_id ``activity_id ``customer_name ``customer_first_name ``customer_last_name ``retired ``nope');
  });

  it('knowledge: a caller without a last name gets an empty agent_last_name; a non-staff caller none of the agent built-ins', async () => {
    const noLast = { ...ctx, actor: { ...ctx.actor, ref: { id: '6', name: 'solo', firstName: 'Solo' } } } as ServiceContext;
    expect(await expandKnowledgeContent(noLast, [{ departmentId: b.id, departmentName: b.name, text: '[``agent_last_name]' }])).toEqual(['[]']);
    const customer = { ...ctx, actor: { kind: 'customer', sessionId: 's', contactPersonId: 1n, customerId: 1n, roles: ['customer'] } } as ServiceContext;
    expect(await expandKnowledgeContent(customer, [{ departmentId: b.id, departmentName: b.name, text: '``agent_name ``department_name' }])).toEqual([`\`\`agent_name ${b.name}`]);
  });

  it('knowledge: no database read when nothing holds a reference', async () => {
    const broken = { ...ctx, db: { prisma: null } } as unknown as ServiceContext;
    expect(await expandKnowledgeContent(broken, [{ departmentId: a.id, departmentName: a.name, text: 'plain' }])).toEqual(['plain']);
    expect(await expandKnowledgeContent(broken, [])).toEqual([]);
  });
});
