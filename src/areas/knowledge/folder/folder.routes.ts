// The folder endpoints of 06 §8, K30–K35.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../../administration/shared/admin-edit.ts';
import { parsePathId } from '../../../query/ids.ts';
import { answerAffected } from '../shared/kb.affected.ts';
import { kbBase, kbHref } from '../shared/kb.paths.ts';
import { FolderBody, FolderMoveBody, folderDeleteQuery, folderGetQuery, folderListQuery, folderMoveQuery, folderWriteQuery } from './folder.schema.ts';
import { folderShape } from './folder.presenter.ts';
import { createFolder, deleteFolders, editFolder, getFolders, listFolders, loadFolderTrees, moveFolder } from './folder.service.ts';

const base = `${kbBase}/folder`;
const Ids = Type.Object({ ids: Type.String() });
const Id = Type.Object({ id: Type.String() });
const singleFolder = { resource: { key: 'folder', mode: 'single' as const } };

export const folderRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // K30
  app.get(`${base}/:ids`, { config: { query: folderGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const { items, depth } = await getFolders(contextOf(request), pathIds(request.params.ids), request.parsed);
    return reply.represent({ kind: 'list', shape: folderShape(depth), items });
  });

  // K31
  app.get(base, { config: { query: folderListQuery } }, async (request, reply) => {
    const { depth, page } = await listFolders(contextOf(request), request.parsed);
    return reply.representPage(folderShape(depth), page);
  });

  // K32
  app.post(base, { config: { query: folderWriteQuery, body: singleFolder }, schema: { body: FolderBody } }, async (request, reply) => {
    const { id, folder } = await createFolder(contextOf(request), request.body, request.parsed);
    return reply.header('Location', kbHref.folder(id)).represent({ kind: 'list', shape: folderShape(0), items: [folder] }, 201);
  });

  // K33
  app.put(`${base}/:id`, { config: { query: folderWriteQuery, body: singleFolder }, schema: { params: Id, body: FolderBody } }, async (request, reply) => {
    const ctx = contextOf(request);
    const id = parsePathId(request.params.id);
    await editFolder(ctx, id, request.body, request.parsed);
    return answerAffected(request, reply, folderShape(0), async () => (await loadFolderTrees(ctx, [id], 0)).items);
  });

  // K34: the body names the new parent; `merge` decides what a same-named sibling there means.
  app.post(`${base}/move/:id`, { config: { query: folderMoveQuery, body: {} }, schema: { params: Id, body: FolderMoveBody } }, async (request, reply) => {
    const ctx = contextOf(request);
    const affected = await moveFolder(ctx, parsePathId(request.params.id), request.body, request.parsed);
    return answerAffected(request, reply, folderShape(0), async () => (await loadFolderTrees(ctx, [affected], 0)).items);
  });

  // K35
  app.delete(`${base}/:ids`, { config: { query: folderDeleteQuery }, schema: { params: Ids } }, async (request, reply) => {
    await deleteFolders(contextOf(request), pathIds(request.params.ids), request.parsed);
    return reply.noContent();
  });
};
