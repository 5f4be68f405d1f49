// Helpers shared by the knowledge note and attachment tests (06 §6, §7). Requests go through the whole HTTP stack;
// folders and articles are inserted with the knowledge factory (test/helpers/knowledge.ts), as the article
// endpoints would leave them.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertKbArticle, insertKbFolder } from '../../../helpers/knowledge.ts';
import { canonicalXml, type CanonicalElement } from '../../../helpers/xml-canonical.ts';
import { staff, type Staff } from '../../customer/support.ts';

export { call, ok, noContent, xmlOf, staff, customerSession } from '../../customer/support.ts';
export type { Staff, Who, UserRef } from '../../customer/support.ts';
export { expectError } from '../../../conformance/support.ts';

export const KB = '/system/ws/v12/kb';
export const ATTACHMENT = `${KB}/attachment`;
export const article = (id: string | bigint) => `${KB}/article/${id}`;

const base = 'http://bindings.egain.com/ws/model/v12/gen';
export const NS = { kb: `${base}/kb`, cmn: `${base}/common`, plt: `${base}/platform` } as const;
/** `{uri}local` of a canonical element. */
export const q = (ns: keyof typeof NS, local: string) => `{${NS[ns]}}${local}`;

/** A department of its own with an administrator, a supervisor and an agent, and a root folder. */
export type World = { dept: { id: bigint; name: string }; folder: { id: bigint }; admin: Staff; supervisor: Staff; agent: Staff };

export async function world(t: TestApp): Promise<World> {
  const d = await createDepartment(t.db);
  const [admin, supervisor, agent] = await Promise.all([
    staff(t, ['administrator'], { departmentId: d.id }),
    staff(t, ['supervisor'], { departmentId: d.id }),
    staff(t, ['agent'], { departmentId: d.id }),
  ]);
  const folder = await insertKbFolder(t.db, { departmentId: d.id });
  return { dept: { id: d.id, name: d.name }, folder, admin, supervisor, agent };
}

/** A published article of the world's folder; answers its numeric id and alternate id. */
export async function newArticle(t: TestApp, w: World, opts: { alternateId?: string } = {}): Promise<{ id: string; alternateId: string }> {
  const a = await insertKbArticle(t.db, { folderId: w.folder.id, departmentId: w.dept.id, ...opts });
  return { id: String(a.id), alternateId: a.alternateId };
}

// ---------- multipart bodies ----------

export type PartSpec = { name?: string; filename?: string; contentType?: string; headers?: Record<string, string>; data: Buffer | string };

/** A multipart body (form-data, or mixed where parts carry no form field name unless given). */
export function multipart(parts: PartSpec[], subtype: 'form-data' | 'mixed' = 'form-data'): { payload: Buffer; contentType: string } {
  const boundary = `----kbTest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const lines: string[] = [];
    if (p.name !== undefined || p.filename !== undefined) {
      const kind = subtype === 'form-data' ? 'form-data' : 'attachment';
      lines.push(
        `Content-Disposition: ${kind}${p.name !== undefined ? `; name="${p.name}"` : ''}${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`,
      );
    }
    if (p.contentType) lines.push(`Content-Type: ${p.contentType}`);
    for (const [k, v] of Object.entries(p.headers ?? {})) lines.push(`${k}: ${v}`);
    chunks.push(Buffer.from(`--${boundary}\r\n${lines.join('\r\n')}\r\n\r\n`, 'utf8'));
    chunks.push(typeof p.data === 'string' ? Buffer.from(p.data, 'utf8') : p.data);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/${subtype}; boundary=${boundary}` };
}

/** K23 with a multipart body; the answer in `fmt` (JSON by default). */
export function upload(
  t: TestApp,
  who: { headers: Record<string, string> } | null,
  query: string,
  body: { payload: Buffer; contentType: string },
  fmt: 'json' | 'xml' = 'json',
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `${ATTACHMENT}/internal${query}`,
    headers: { ...(who?.headers ?? {}), accept: fmt === 'json' ? 'application/json' : 'application/xml', 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** A FILE part. */
export const filePart = (data: Buffer | string, filename = 'file.bin', contentType: string | undefined = 'application/octet-stream'): PartSpec => ({
  name: 'FILE',
  filename,
  ...(contentType ? { contentType } : {}),
  data,
});

// ---------- wire types ----------

export type AttachmentView = {
  id: string;
  link: { rel: string; href: string };
  type: { value: string; displayValue: string };
  name: string;
  article: { id: string; link: { rel: string; href: string } };
  fileName?: string;
  contentType?: string;
  size?: number;
  url?: string;
  created: { date: string; user?: { id: string; name: string; firstName: string; lastName?: string } };
  contentUrl?: string;
};

/** The single attachment of a 201 answer; Location names it. */
export function createdOne(res: LightMyRequestResponse): AttachmentView {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
  const body = JSON.parse(res.body) as { attachment: AttachmentView[] };
  expect(body.attachment).toHaveLength(1);
  expect(res.headers.location).toBe(`${ATTACHMENT}/${body.attachment[0]!.id}`);
  return body.attachment[0]!;
}

/** Child elements of a canonical element by `{uri}local`. */
export const kids = (e: CanonicalElement, name: string) => e.children.filter((c) => c.name === name);
export const child = (e: CanonicalElement, name: string): CanonicalElement => {
  const found = kids(e, name)[0];
  expect(found, `${name} in ${e.name}`).toBeDefined();
  return found!;
};
export { canonicalXml };
