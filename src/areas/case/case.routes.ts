// The case endpoints of 04 §1, K1–K9 (K6–K8 serve the note resource of 04 §9).
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../service-context.ts';
import { pathIds } from '../administration/shared/admin-edit.ts';
import { parsePathId } from '../../query/ids.ts';
import { NoteBody, noteBodyConfig, noteQuery } from '../note/note.schema.ts';
import { noteHref, noteShape } from '../note/note.presenter.ts';
import { CaseBody, LookupBody, caseGetQuery, caseLookupQuery, caseSearchQuery } from './case.schema.ts';
import { caseShape } from './case.presenter.ts';
import {
  addCaseNote,
  changeCaseCustomer,
  closeCase,
  editCase,
  getCaseNote,
  getCases,
  listCaseNotes,
  lookupCases,
  searchCases,
} from './case.service.ts';

const base = '/system/ws/v12/interaction/case';
const lookup = '/system/ws/v20/interaction/case/lookup';
const Ids = Type.Object({ ids: Type.String() });
const Id = Type.Object({ id: Type.String() });
const IdAndNote = Type.Object({ id: Type.String(), noteId: Type.String() });
const singleCase = { resource: { key: 'case', mode: 'single' as const } };


export const caseRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // K1
  app.get(`${base}/:ids`, { config: { query: caseGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const items = await getCases(contextOf(request), pathIds(request.params.ids), request.parsed);
    return reply.represent({ kind: 'list', shape: caseShape, items });
  });

  // K2
  app.get(base, { config: { query: caseSearchQuery } }, async (request, reply) =>
    reply.representPage(caseShape, await searchCases(contextOf(request), request.parsed)),
  );

  // K3
  app.put(base, { config: { body: singleCase }, schema: { body: CaseBody } }, async (request, reply) => {
    await editCase(contextOf(request), request.body as Record<string, unknown>);
    return reply.noContent();
  });

  // K4: no body, or a case carrying only lastModified.
  app.put(`${base}/:id/close`, { config: { body: { ...singleCase, required: false } }, schema: { params: Id } }, async (request, reply) => {
    await closeCase(contextOf(request), parsePathId(request.params.id), request.body as Record<string, unknown> | undefined);
    return reply.noContent();
  });

  // K5
  app.put(`${base}/:id/changecustomer`, { config: { body: singleCase }, schema: { params: Id, body: CaseBody } }, async (request, reply) => {
    await changeCaseCustomer(contextOf(request), parsePathId(request.params.id), request.body as Record<string, unknown>);
    return reply.noContent();
  });

  // K6
  app.post(`${base}/:id/note`, { config: { query: noteQuery, body: noteBodyConfig }, schema: { params: Id, body: NoteBody } }, async (request, reply) => {
    const id = parsePathId(request.params.id);
    const note = await addCaseNote(contextOf(request), id, request.body as Record<string, unknown>);
    return reply.header('Location', noteHref({ kind: 'case', id }, note.id)).represent({ kind: 'list', shape: noteShape, items: [note] }, 201);
  });

  // K7
  app.get(`${base}/:id/note`, { config: { query: noteQuery }, schema: { params: Id } }, async (request, reply) => {
    const items = await listCaseNotes(contextOf(request), parsePathId(request.params.id));
    return items.length ? reply.represent({ kind: 'list', shape: noteShape, items }) : reply.noContent();
  });

  // K8
  app.get(`${base}/:id/note/:noteId`, { config: { query: noteQuery }, schema: { params: IdAndNote } }, async (request, reply) => {
    const note = await getCaseNote(contextOf(request), parsePathId(request.params.id), parsePathId(request.params.noteId, 'noteId'));
    return reply.represent({ kind: 'list', shape: noteShape, items: [note] });
  });

  // K9 (v20): any root element; the criteria are the body's properties.
  app.post(lookup, { config: { query: caseLookupQuery, body: {} }, schema: { body: LookupBody } }, async (request, reply) =>
    reply.representPage(caseShape, await lookupCases(contextOf(request), request.body, request.parsed)),
  );
};
