// K3 — edit case (04 §7.3): editable fields, related cases, custom attributes, errors, concurrency (03 §2.5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError } from '../../conformance/support.ts';
import { createUser } from '../../helpers/auth.ts';
import { insertCase } from '../../helpers/interaction.ts';
import { CASE, call, customerSession, defineAttribute, fill, fixture, future, newCase, noContent, readCase, world, type World } from './support.ts';

let t: TestApp;
let w: World;
let productLine: string;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  productLine = await defineAttribute(t, { objectType: 'case' });
});
afterAll(async () => t?.close());

const put = (who: { headers: Record<string, string> }, body: unknown) => call(t.app, who, 'PUT', CASE, { body });
const putXml = (who: { headers: Record<string, string> }, xml: string) => call(t.app, who, 'PUT', CASE, { xml });

/** Replacements for the §7.3 example bodies. */
async function exampleIds() {
  const id = await newCase(t, w);
  const linked = await newCase(t, w);
  const unlinked = await newCase(t, w);
  await t.db.prisma.caseRelation.createMany({ data: [{ caseId: BigInt(id), relatedCaseId: BigInt(unlinked) }, { caseId: BigInt(unlinked), relatedCaseId: BigInt(id) }] });
  const c = await t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(id) } });
  return {
    id,
    linked,
    unlinked,
    replacements: {
      '1000024': id,
      '1000002': linked,
      '1000001': unlinked,
      '"1002"': `"${w.agent.user.id}"`,
      'id="1002"': `id="${w.agent.user.id}"`,
      '2024-05-02T10:16:02.481Z': c.lastModifiedAt.toISOString(),
      '2024-05-02T10:16:02Z': c.lastModifiedAt.toISOString(),
      product_line: productLine,
    },
  };
}

async function expectExampleApplied(id: string, linked: string, unlinked: string) {
  const c = await readCase(t, w.admin, id);
  expect(c.dueDate).toBe('2030-11-30T18:30:00.000Z');
  expect(c.owner).toEqual({ user: w.agent.ref });
  expect(c.severity.value).toBe('urgent');
  expect(c.subject).toBe('Issue with phone');
  expect(c.description).toBe('Phone issue');
  expect(c.solution).toBe('Replace phone');
  expect(c.relatedCases).toEqual({ link: [{ rel: 'case', href: `${CASE}/${linked}` }] });
  expect(c.customAttributes?.customAttribute).toEqual([{ attribName: productLine, attribValues: { attribValue: [{ value: 'Phones' }] } }]);
  expect(c.lastModified.user).toEqual(w.agent.ref);
  // Symmetric relations.
  expect((await readCase(t, w.admin, linked, 'relatedCases')).relatedCases).toEqual({ link: [{ rel: 'case', href: `${CASE}/${id}` }] });
  expect((await readCase(t, w.admin, unlinked, 'relatedCases')).relatedCases).toBeUndefined();
}

describe('K3 the §7.3 examples', () => {
  it('JSON body → 204 and every field changed', async () => {
    const { id, linked, unlinked, replacements } = await exampleIds();
    noContent(await put(w.agent, JSON.parse(fill(fixture('edit.json'), replacements))));
    await expectExampleApplied(id, linked, unlinked);
  });

  it('XML body → 204 and every field changed', async () => {
    const { id, linked, unlinked, replacements } = await exampleIds();
    noContent(await putXml(w.agent, fill(fixture('edit.xml'), replacements)), 'json');
    await expectExampleApplied(id, linked, unlinked);
  });
});

describe('K3 field rules', () => {
  it('dueDate absent = unchanged, null / "" / <dueDate/> clear it; past → 400-152', async () => {
    const id = await newCase(t, w, { dueDate: new Date(future(10)) });
    noContent(await put(w.agent, { id, subject: 'only subject' }));
    expect((await readCase(t, w.agent, id, '')).dueDate).toBeDefined();
    noContent(await put(w.agent, { id, dueDate: '' }));
    expect((await readCase(t, w.agent, id, '')).dueDate).toBeUndefined();
    const due = future(5);
    noContent(await put(w.agent, { id, dueDate: due }));
    expect((await readCase(t, w.agent, id, '')).dueDate).toBe(due);
    noContent(await putXml(w.agent, `<case id="${id}"><dueDate/></case>`));
    expect((await readCase(t, w.agent, id, '')).dueDate).toBeUndefined();
    // JSON null clears too, alone or beside another field.
    noContent(await put(w.agent, { id, dueDate: future(3) }));
    noContent(await put(w.agent, { id, dueDate: null }));
    expect((await readCase(t, w.agent, id, '')).dueDate).toBeUndefined();
    noContent(await put(w.agent, { id, dueDate: future(3) }));
    noContent(await put(w.agent, { id, dueDate: null, severity: { value: 'high' } }));
    expect((await readCase(t, w.agent, id, '')).dueDate).toBeUndefined();
    expectError(await put(w.agent, { id, dueDate: '2020-01-01T00:00:00Z' }), '400-152', { format: 'json', details: [{ key: 'dueDate', value: '2020-01-01T00:00:00Z' }] });
    expectError(await put(w.agent, { id, dueDate: 'tomorrow' }), '400-152', { format: 'json' });
  });

  it('owner: enabled user of the case department (home or foreign); {} and <owner/> remove it', async () => {
    const id = await newCase(t, w);
    noContent(await put(w.agent, { id, owner: { user: { id: Number(w.supervisor.user.id) } } }));
    expect((await readCase(t, w.agent, id, '')).owner).toEqual({ user: w.supervisor.ref });
    noContent(await put(w.agent, { id, owner: {} }));
    expect((await readCase(t, w.agent, id, '')).owner).toEqual({});
    const other = await world(t);
    expectError(await put(w.agent, { id, owner: { user: { id: String(other.agent.user.id) } } }), '400-152', {
      format: 'json',
      details: [{ key: 'owner.user.id', value: String(other.agent.user.id) }],
    });
    await t.db.prisma.userDepartment.create({ data: { userId: other.agent.user.id, departmentId: w.dept.id } });
    noContent(await put(w.agent, { id, owner: { user: { id: String(other.agent.user.id) } } }));
    const disabled = await createUser(t.db, { departmentId: w.dept.id, state: 'disabled' });
    expectError(await put(w.agent, { id, owner: { user: { id: String(disabled.id) } } }), '400-152', { format: 'json' });
    expectError(await put(w.agent, { id, owner: { user: { id: '99999999' } } }), '400-152', { format: 'json' });
    noContent(await putXml(w.agent, `<case id="${id}"><owner/></case>`));
    expect((await readCase(t, w.agent, id, '')).owner).toEqual({});
  });

  it('severity, subject, description, solution: lengths, clearing, enumeration', async () => {
    const id = await newCase(t, w, { description: 'd', solution: 's' });
    noContent(await put(w.agent, { id, severity: { value: 'LOW' }, subject: '', description: '', solution: 'x'.repeat(1024) }));
    const c = await readCase(t, w.agent, id, 'description,solution');
    expect(c.severity.value).toBe('low');
    expect(c.subject).toBeUndefined();
    expect(c.description).toBeUndefined();
    expect(c.solution).toHaveLength(1024);
    expectError(await put(w.agent, { id, severity: { value: 'huge' } }), '400-152', { format: 'json', details: [{ key: 'severity.value', value: 'huge' }] });
    expectError(await put(w.agent, { id, subject: 'x'.repeat(1025) }), '400-152', { format: 'json' });
    expectError(await put(w.agent, { id, description: 'x'.repeat(1025) }), '400-152', { format: 'json' });
  });

  it('null clears owner, subject, description, solution (01 §3.2), JSON null and XML xsi:nil; severity null → 400-152', async () => {
    const id = await newCase(t, w, { description: 'd', solution: 's', ownerId: w.agent.user.id });
    noContent(await put(w.agent, { id, owner: null, subject: null, description: null, solution: null }));
    let c = await readCase(t, w.agent, id, 'description,solution');
    expect([c.owner, c.subject, c.description, c.solution]).toEqual([{}, undefined, undefined, undefined]);
    expect((await t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(id) } })).subject).toBe('');
    noContent(await put(w.agent, { id, owner: { user: { id: String(w.agent.user.id) } }, subject: 'S', description: 'D', solution: 'X' }));
    const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
    const nil = ['owner', 'subject', 'description', 'solution'].map((n) => `<${n} xsi:nil="true"/>`).join('');
    noContent(await putXml(w.agent, `<case xmlns:xsi="${XSI}" id="${id}">${nil}</case>`));
    c = await readCase(t, w.agent, id, 'description,solution');
    expect([c.owner, c.subject, c.description, c.solution]).toEqual([{}, undefined, undefined, undefined]);
    // One cleared field alone is an edit.
    noContent(await put(w.agent, { id, description: 'D' }));
    noContent(await put(w.agent, { id, description: null }));
    expect((await readCase(t, w.agent, id, 'description')).description).toBeUndefined();
    // severity is required: clearing it is 400-152, in JSON and XML.
    expectError(await put(w.agent, { id, severity: null }), '400-152', { format: 'json', details: [{ key: 'severity', value: '' }] });
    expectError(await putXml(w.agent, `<case xmlns:xsi="${XSI}" id="${id}"><severity xsi:nil="true"/></case>`), '400-152', { format: 'json', details: [{ key: 'severity', value: '' }] });
    expectError(await put(w.agent, { id, severity: { value: '' } }), '400-152', { format: 'json', details: [{ key: 'severity.value', value: '' }] });
    expect((await readCase(t, w.agent, id, '')).severity.value).toBe('medium');
    // relatedCases and customAttributes null send no change: absent.
    expectError(await put(w.agent, { id, relatedCases: null, customAttributes: null }), '400-153', { format: 'json', details: [{ key: 'case', value: '' }] });
  });

  it('custom attributes: unknown name → 400-152; written values replace', async () => {
    const id = await newCase(t, w);
    expectError(await put(w.agent, { id, customAttributes: { customAttribute: [{ attribName: 'nope_nope', attribValues: { attribValue: [{ value: '1' }] } }] } }), '400-152', {
      format: 'json',
      details: [{ key: 'customAttributes.customAttribute[0].attribName', value: 'nope_nope' }],
    });
    noContent(await put(w.agent, { id, customAttributes: { customAttribute: [{ attribName: productLine, attribValues: { attribValue: [{ value: 'Tablets' }] } }] } }));
    expect((await readCase(t, w.agent, id, `custom.${productLine}`)).customAttributes?.customAttribute[0]?.attribValues.attribValue).toEqual([{ value: 'Tablets' }]);
  });
});

describe('K3 related cases', () => {
  it('link by id or href (with or without /system), single object; relinking and unlinking unrelated change nothing', async () => {
    const id = await newCase(t, w);
    const [a, b, c] = [await newCase(t, w), await newCase(t, w), await newCase(t, w)];
    noContent(await put(w.agent, { id, relatedCases: { link: { id: a } } }));
    noContent(await put(w.agent, { id, relatedCases: { link: [{ rel: 'case', href: `/ws/v12/interaction/case/${b}` }, { href: `${CASE}/${a}` }], unlink: { id: c } } }));
    expect((await readCase(t, w.agent, id, 'relatedCases')).relatedCases?.link.map((l) => l.href)).toEqual([`${CASE}/${a}`, `${CASE}/${b}`]);
    expect((await readCase(t, w.agent, a, 'relatedCases')).relatedCases?.link.map((l) => l.href)).toEqual([`${CASE}/${id}`]);
    noContent(await put(w.agent, { id, relatedCases: { unlink: [{ href: `${CASE}/${a}` }] } }));
    expect((await readCase(t, w.agent, a, 'relatedCases')).relatedCases).toBeUndefined();
  });

  it('400-152: the case itself, an unknown or invisible case, a bad href', async () => {
    const id = await newCase(t, w);
    expectError(await put(w.agent, { id, relatedCases: { link: [{ id }] } }), '400-152', { format: 'json', details: [{ key: 'relatedCases.link[0].id', value: id }] });
    expectError(await put(w.agent, { id, relatedCases: { link: [{ id: '99999999' }] } }), '400-152', { format: 'json' });
    const other = await world(t);
    expectError(await put(w.agent, { id, relatedCases: { link: [{ id: await newCase(t, other) }] } }), '400-152', { format: 'json' });
    expectError(await put(w.agent, { id, relatedCases: { link: [{ href: '/system/ws/v12/interaction/activity/1' }] } }), '400-152', { format: 'json' });
  });

  it('400-160 when either case would exceed 75 related cases, or more than 75 entries', async () => {
    const id = await newCase(t, w);
    const many = await Promise.all(Array.from({ length: 75 }, () => insertCase(t.db, { departmentId: w.dept.id, customerId: w.customer.id })));
    noContent(await put(w.agent, { id, relatedCases: { link: many.map((m) => ({ id: String(m) })) } }));
    const extra = await newCase(t, w);
    expectError(await put(w.agent, { id: extra, relatedCases: { link: [{ id }] } }), '400-160', { format: 'json' });
    expect((await readCase(t, w.agent, extra, 'relatedCases')).relatedCases).toBeUndefined();
    expectError(await put(w.agent, { id: extra, relatedCases: { link: [...many, BigInt(id)].map((m) => ({ id: String(m) })) } }), '400-160', { format: 'json' });
  });
});

describe('K3 errors', () => {
  it('400-153 without id or with nothing to change; 400-150 malformed; 400-152 bad id or token', async () => {
    const id = await newCase(t, w);
    expectError(await put(w.agent, { subject: 'x' }), '400-153', { format: 'json', details: [{ key: 'id', value: '' }] });
    expectError(await put(w.agent, { id, lastModified: { date: '2024-01-01T00:00:00Z' } }), '400-153', { format: 'json' });
    expectError(await call(t.app, w.agent, 'PUT', CASE, { body: '[1' as unknown, headers: { 'content-type': 'application/json' } }), '400-150', { format: 'json' });
    expectError(await put(w.agent, { id: 'abc', subject: 'x' }), '400-152', { format: 'json' });
    expectError(await put(w.agent, { id, subject: 'x', lastModified: { date: 'yesterday' } }), '400-152', { format: 'json', details: [{ key: 'lastModified.date', value: 'yesterday' }] });
  });

  it('order of checks (01 §7.2): an unknown or invisible case is 404-101 before an unknown custom attribute (400-152)', async () => {
    const unknown = { customAttributes: { customAttribute: [{ attribName: 'nope_nope', attribValues: { attribValue: [{ value: '1' }] } }] } };
    expectError(await put(w.agent, { id: '99999999', ...unknown }), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999' }] });
    const hidden = await newCase(t, await world(t));
    expectError(await put(w.agent, { id: hidden, ...unknown }), '404-101', { format: 'json', details: [{ key: 'id', value: hidden }] });
    const xml = `<case xmlns:cmn="http://bindings.egain.com/ws/model/v12/gen/common" id="99999999"><customAttributes><cmn:customAttribute><cmn:attribName>nope_nope</cmn:attribName></cmn:customAttribute></customAttributes></case>`;
    expectError(await call(t.app, w.agent, 'PUT', CASE, { xml, fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '99999999' }] });
    // The attribute comes before the state: a closed case with an unknown attribute is 400-152.
    const closed = await newCase(t, w, { status: 'closed' });
    expectError(await put(w.agent, { id: closed, ...unknown }), '400-152', { format: 'json', details: [{ key: 'customAttributes.customAttribute[0].attribName', value: 'nope_nope' }] });
  });

  it('404-101 unknown or invisible case; 409-102 closed; 409-101 stale lastModified; 403-197 customer session', async () => {
    expectError(await put(w.agent, { id: '99999999', subject: 'x' }), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999' }] });
    const other = await world(t);
    expectError(await put(w.agent, { id: await newCase(t, other), subject: 'x' }), '404-101', { format: 'json' });
    const closed = await newCase(t, w, { status: 'closed' });
    expectError(await put(w.agent, { id: closed, subject: 'x' }), '409-102', { format: 'json', details: [{ key: 'id', value: closed }] });
    const id = await newCase(t, w);
    expectError(await put(w.agent, { id, subject: 'x', lastModified: { date: '2020-01-01T00:00:00.000Z' } }), '409-101', { format: 'json', details: [{ key: 'id', value: id }] });
    const session = await customerSession(t, w.admin);
    const own = String(await insertCase(t.db, { departmentId: w.dept.id, customerId: BigInt(session.customer.id) }));
    expectError(await put(session, { id: own, subject: 'x' }), '403-197', { format: 'json' });
    expect((await readCase(t, w.agent, id, '')).subject).toBe('Issue');
  });
});

describe('K3 concurrency (03 §2.5)', () => {
  it('two edits with the same lastModified: one 204, one 409-101', async () => {
    const id = await newCase(t, w);
    const { lastModified } = await readCase(t, w.agent, id, '');
    const res = await Promise.all(['a', 'b'].map((s) => put(w.agent, { id, subject: s, lastModified: { date: lastModified.date } })));
    expect(res.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    expectError(res.find((r) => r.statusCode === 409)!, '409-101', { format: 'json' });
  });

  it('parallel edits without lastModified all succeed and none is lost; lastModified strictly increases', async () => {
    const id = await newCase(t, w);
    const before = await readCase(t, w.agent, id, '');
    const res = await Promise.all([
      put(w.agent, { id, subject: 'parallel' }),
      put(w.agent, { id, description: 'parallel description' }),
      put(w.supervisor, { id, severity: { value: 'high' } }),
      put(w.admin, { id, solution: 'parallel solution' }),
    ]);
    expect(res.map((r) => r.statusCode)).toEqual([204, 204, 204, 204]);
    const after = await readCase(t, w.agent, id);
    expect([after.subject, after.description, after.severity.value, after.solution]).toEqual(['parallel', 'parallel description', 'high', 'parallel solution']);
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(before.lastModified.date));
  });
});
