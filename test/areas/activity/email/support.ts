// Helpers of the email channel tests (05 §9.3–§9.6, §9.15): a department with an active email queue and alias, the
// spec's request examples as fixtures, JSON / XML / multipart requests through the whole HTTP stack.
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../../../helpers/app.ts';
import { insertQueue } from '../../../helpers/interaction.ts';
import { fill, ok, uniq, world, type Staff, type World } from '../../case/support.ts';

export { call, ok, noContent, xmlOf, staff, customerSession, fill, uniq, world } from '../../case/support.ts';
export type { Staff, World } from '../../case/support.ts';

export const ACTIVITY = '/system/ws/v12/interaction/activity';
export const NS = {
  act: 'http://bindings.egain.com/ws/model/v12/gen/interaction/activity',
  att: 'http://bindings.egain.com/ws/model/v12/gen/interaction/attachment',
  als: 'http://bindings.egain.com/ws/model/v12/gen/mail/alias',
  cmn: 'http://bindings.egain.com/ws/model/v12/gen/common',
} as const;

export type EmailWorld = World & { queue: { id: bigint; name: string }; alias: { id: bigint; name: string; address: string } };

/** A World (department, administrator, supervisor, agent, customer) with an active email queue and an active alias. */
export async function emailWorld(t: TestApp): Promise<EmailWorld> {
  const w = await world(t);
  const queue = await insertQueue(t.db, w.dept.id);
  const address = `support.${uniq('')}@example.com`;
  const alias = await t.db.prisma.emailAlias.create({ data: { name: `Support ${uniq('')}`, emailAddress: address, departmentId: w.dept.id, queueId: queue.id } });
  return { ...w, queue: { id: queue.id, name: queue.name }, alias: { id: alias.id, name: alias.name, address } };
}

/** A new alias of the world's department (another queue when given). */
export async function addAlias(t: TestApp, w: EmailWorld, opts: { queueId?: bigint; state?: 'active' | 'inactive' } = {}) {
  const address = `alias.${uniq('')}@example.com`;
  const alias = await t.db.prisma.emailAlias.create({
    data: { name: `Alias ${uniq('')}`, emailAddress: address, departmentId: w.dept.id, queueId: opts.queueId ?? w.queue.id, state: opts.state ?? 'active' },
  });
  return { id: alias.id, name: alias.name, address };
}

export const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/activity/${name}`, import.meta.url), 'utf8');

/** The spec example `name` with the world's department, alias and a sender of its own (and any other replacements). */
export function example(name: string, w: EmailWorld, sender: string, more: Record<string, string> = {}): string {
  return fill(fixture(name), { Service: w.dept.name, 'support@example.com': w.alias.address, 'ann@example.com': sender, ...more });
}

export const sender = (local = 'ann') => `${local}.${uniq('')}@example.com`;

export type Part = { name?: string; filename?: string; contentType?: string; headers?: Record<string, string>; data: string | Buffer };

/** A multipart/form-data body of `parts`. */
export function multipart(parts: Part[], boundary = `----email${uniq('')}`): { payload: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const lines = [
      `Content-Disposition: form-data${p.name !== undefined ? `; name="${p.name}"` : ''}${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`,
      ...(p.contentType ? [`Content-Type: ${p.contentType}`] : []),
      ...Object.entries(p.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    ];
    chunks.push(Buffer.from(`--${boundary}\r\n${lines.join('\r\n')}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export type Body = { json: unknown } | { xml: string } | { multipart: { payload: Buffer; contentType: string } };
export const json = (value: unknown): Body => ({ json: value });
export const data = (value: unknown, files: Part[] = []): Body => ({
  multipart: multipart([{ name: 'data', contentType: 'application/json', data: JSON.stringify(value) }, ...files]),
});

/** POST `path` (the create URL by default) with a JSON, XML or multipart body; the answer in `fmt`. */
export function post(t: TestApp, who: { headers: Record<string, string> } | null, body: Body, opts: { path?: string; query?: string; fmt?: 'json' | 'xml' } = {}) {
  const url = `${ACTIVITY}${opts.path ?? ''}${opts.query ?? ''}`;
  const headers: Record<string, string> = { accept: opts.fmt === 'xml' ? 'application/xml' : 'application/json', ...(who?.headers ?? {}) };
  if ('json' in body) return t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body.json) });
  if ('xml' in body) return t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/xml' }, payload: body.xml });
  return t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': body.multipart.contentType }, payload: body.multipart.payload });
}

export type ActivityJson = Record<string, unknown> & {
  id: string;
  link: { rel: string; href: string };
  case: { id: string };
  department: { id: string; name: string };
  mode: { value: string };
  type: { value: string; subtype: { value: string } };
  status: { value: string; substatus: { value: string }; assigned?: { user: { id: string } } };
  queue?: { id: string; name: string };
  subject?: string;
  priority: number;
  isSecure: boolean;
  customer: { id: string; customerName: string; contactPersons?: { contactPerson: { id: string; firstName: string; lastName?: string; contactPoints?: { contactPoint: { id: string }[] } }[] } };
  payload?: { email: EmailPayload };
  attachments?: { attachment: AttachmentJson[] };
  contactPointData?: string;
  completed?: { date: string };
  userLastWorked?: { user: { id: string } };
};
export type EmailPayload = {
  date?: { date: string };
  alias?: { id: string; name?: string };
  contents?: { content: { type: string; value: string }[] };
  emailAddresses?: { from?: string; receiver?: string; to?: { address: string[] }; cc?: { address: string[] }; bcc?: { address: string[] } };
};
export type AttachmentJson = {
  id: string;
  link: { rel: string; href: string };
  fileName: string;
  contentType: string;
  size: number;
  isInline: boolean;
  contentId?: string;
  isBlocked: boolean;
  contentUrl?: string;
};

/** A 201 create answer: Location names the new activity, the JSON body holds it. */
export function created(res: LightMyRequestResponse): ActivityJson {
  const body = ok<{ activity: ActivityJson[] }>(res, 201);
  expect(body.activity).toHaveLength(1);
  const a = body.activity[0]!;
  expect(res.headers.location).toBe(`${ACTIVITY}/${a.id}`);
  return a;
}

/** One activity through V1 with `$attribute`. */
export async function read(t: TestApp, who: Staff | { headers: Record<string, string> }, id: string, attribute = 'all', extra = ''): Promise<ActivityJson> {
  const res = await t.app.inject({ method: 'GET', url: `${ACTIVITY}/${id}?$attribute=${attribute}${extra}`, headers: { ...who.headers, accept: 'application/json' } });
  return ok<{ activity: ActivityJson[] }>(res).activity[0]!;
}

/** Rows a failed request must not have written. */
export async function counts(t: TestApp) {
  const p = t.db.prisma;
  const [customers, cases, activities, attachments, stored] = await Promise.all([
    p.customer.count(),
    p.case.count(),
    p.activity.count(),
    p.activityAttachment.count(),
    p.storedContent.count(),
  ]);
  return { customers, cases, activities, attachments, stored };
}
