// Activity write endpoints (05 §9): see activity.routes.ts for which this file serves. Here: V6 edit, V14–V16 notes
// (the note resource of 04 §9, src/areas/note) and V20 mask.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../service-context.ts';
import { parsePathId } from '../../query/ids.ts';
import { NoteBody, noteBodyConfig, noteQuery } from '../note/note.schema.ts';
import { noteHref, noteShape } from '../note/note.presenter.ts';
import { BatchBody } from './activity.write.ts';
import { EditBody } from './activity-edit.input.ts';
import { addActivityNote, editActivities, getActivityNote, listActivityNotes, maskActivities } from './activity-edit.service.ts';

const base = '/system/ws/v12/interaction/activity';
const mask = '/system/ws/v19/interaction/activity/mask';
const Id = Type.Object({ id: Type.String() });
const IdAndNote = Type.Object({ id: Type.String(), noteId: Type.String() });
const batch = { resource: { key: 'activity', mode: 'list' as const } };


export const activityEditRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // V6
  app.put(base, { config: { body: batch }, schema: { body: EditBody } }, async (request, reply) => {
    await editActivities(contextOf(request), request.body as Record<string, unknown>[]);
    return reply.noContent();
  });

  // V14
  app.post(`${base}/:id/note`, { config: { query: noteQuery, body: noteBodyConfig }, schema: { params: Id, body: NoteBody } }, async (request, reply) => {
    const id = parsePathId(request.params.id);
    const note = await addActivityNote(contextOf(request), id, request.body as Record<string, unknown>);
    return reply.header('Location', noteHref({ kind: 'activity', id }, note.id)).represent({ kind: 'list', shape: noteShape, items: [note] }, 201);
  });

  // V15
  app.get(`${base}/:id/note`, { config: { query: noteQuery }, schema: { params: Id } }, async (request, reply) => {
    const items = await listActivityNotes(contextOf(request), parsePathId(request.params.id));
    return items.length ? reply.represent({ kind: 'list', shape: noteShape, items }) : reply.noContent();
  });

  // V16
  app.get(`${base}/:id/note/:noteId`, { config: { query: noteQuery }, schema: { params: IdAndNote } }, async (request, reply) => {
    const note = await getActivityNote(contextOf(request), parsePathId(request.params.id), parsePathId(request.params.noteId, 'noteId'));
    return reply.represent({ kind: 'list', shape: noteShape, items: [note] });
  });

  // V20
  app.put(mask, { config: { body: batch }, schema: { body: BatchBody } }, async (request, reply) => {
    await maskActivities(contextOf(request), request.body as { id: string; lastModified?: { date?: string } }[]);
    return reply.noContent();
  });
};
