// The article note endpoints of 06 §6, K19–K22.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { parsePathId, parsePathIds } from '../../../query/ids.ts';
import { kbBase, kbHref } from '../shared/kb.paths.ts';
import { kbNoteShape } from './note.presenter.ts';
import { NoteListBody, noteAddQuery, noteBodyConfig, noteDeleteQuery, noteGetQuery, noteListQuery } from './note.schema.ts';
import { addNotes, deleteNotes, getNotes, listNotes } from './note.service.ts';

const notes = `${kbBase}/article/:id/note`;
const Id = Type.Object({ id: Type.String() });
const IdAndNotes = Type.Object({ id: Type.String(), noteIds: Type.String() });
const noteIdsOf = (raw: string) => parsePathIds(raw, 'noteIds').map(BigInt);

export const kbNoteRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // K19
  app.post(notes, { config: { query: noteAddQuery, body: noteBodyConfig }, schema: { params: Id, body: NoteListBody } }, async (request, reply) => {
    const articleId = parsePathId(request.params.id);
    const items = await addNotes(contextOf(request), articleId, request.body as Record<string, unknown>[], request.parsed);
    return reply.header('Location', kbHref.note(articleId, items[0]!.id)).represent({ kind: 'list', shape: kbNoteShape, items }, 201);
  });

  // K20
  app.get(notes, { config: { query: noteListQuery }, schema: { params: Id } }, async (request, reply) =>
    reply.representPage(kbNoteShape, await listNotes(contextOf(request), request.params.id, request.parsed)),
  );

  // K21
  app.get(`${notes}/:noteIds`, { config: { query: noteGetQuery }, schema: { params: IdAndNotes } }, async (request, reply) => {
    const noteIds = noteIdsOf(request.params.noteIds);
    const items = await getNotes(contextOf(request), request.params.id, noteIds, request.parsed);
    return reply.represent({ kind: 'list', shape: kbNoteShape, items });
  });

  // K22
  app.delete(`${notes}/:noteIds`, { config: { query: noteDeleteQuery }, schema: { params: IdAndNotes } }, async (request, reply) => {
    const articleId = parsePathId(request.params.id);
    await deleteNotes(contextOf(request), articleId, noteIdsOf(request.params.noteIds), request.parsed);
    return reply.noContent();
  });
};
