// The article endpoints of 06 §5: K1–K18 (K3 ranks with the search module, src/areas/knowledge/search) and the article paths 06 §1.7 does
// not serve. Reserved words (06 §1.5) are routes, never ids: a GET or DELETE naming one as its only id is not an
// article call.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Err } from '../../../errors/app-error.ts';
import { parsePathId, parsePathIds } from '../../../query/ids.ts';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../../administration/shared/admin-edit.ts';
import { answerAffected } from '../shared/kb.affected.ts';
import { kbBase, kbHref } from '../shared/kb.paths.ts';
import {
  articleGetQuery,
  articleListQuery,
  articleMoveQuery,
  articleWriteQuery,
  CopyBody,
  CreateBody,
  EditBody,
  ignoreQuery,
  latestQuery,
  MoveBody,
  reservedWords,
  unservedArticlePaths,
  versionGetQuery,
  versionListQuery,
} from './article.schema.ts';
import { articleShape, versionShape } from './article.presenter.ts';
import {
  articleGroupsOf,
  getArticles,
  getLatest,
  getVersions,
  listArticles,
  listVersions,
  loadArticles,
  searchArticlePage,
  type LoadOptions,
} from './article.read.ts';
import { kbSearchQuery } from '../search/kb.search.schema.ts';
import { copyArticle, createArticle } from './article.create.ts';
import { changeStage, checkInArticles, checkOut, editArticles, publishArticles, resetLocks, rollback } from './article.lifecycle.ts';
import { deleteArticles, deleteVersions, moveArticles } from './article.manage.ts';

const base = `${kbBase}/article`;
const Ids = Type.Object({ ids: Type.String() });
const Id = Type.Object({ id: Type.String() });
const IdAndVersions = Type.Object({ id: Type.String(), versionIds: Type.String() });
const IdAndVersion = Type.Object({ id: Type.String(), versionId: Type.String() });
const single = { resource: { key: 'article', mode: 'single' as const } };
const batch = { resource: { key: 'article', mode: 'list' as const } };
/**
 * K5 and K12 bodies are read under any root (XML `<copy>`, `<move>`, …); as single resources of a key no client
 * sends, a body that is not an object is 400-150 (01 §3.1) and `{"copy": {…}}` reads as its content.
 */
const anyRoot = (key: string) => ({ resource: { key, mode: 'single' as const } });

/** Article routes that a reserved word would otherwise reach as an id: the methods its own route serves. */
const staticRoutes: Readonly<Record<string, string[]>> = { copy: ['POST'], checkin: ['PUT'], publish: ['PUT'], changestage: ['PUT'], resetlock: ['PUT'] };
const reserved = new Set<string>(reservedWords);

/** `/article/{word}` with a reserved word: 405-100 where the word is a route of another method, else 404-100. */
function refuseReserved(request: FastifyRequest, segment: string): void {
  if (!reserved.has(segment)) return;
  const allow = staticRoutes[segment];
  throw allow ? Err.methodNotAllowed(request.method, allow) : Err.unknownPath(request.url.split('?')[0]!);
}

export const articleRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  /** 06 §1.4: 204, or 200 with the articles when `$attribute` was sent. */
  const affected = (request: FastifyRequest, ids: readonly bigint[], opts: Partial<LoadOptions> = {}) =>
    loadArticles(contextOf(request), ids, { groups: articleGroupsOf(request.parsed), ...opts });

  /** 201 with Location and the new article (K4, K5). */
  const created = async (request: FastifyRequest, id: bigint) => ({
    location: kbHref.article(id),
    items: await affected(request, [id]),
  });

  // 06 §1.7: not part of the contract, whatever the method.
  for (const word of unservedArticlePaths) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
      app.route({ method, url: `${base}/${word}`, config: { public: true, query: ignoreQuery }, handler: async (request) => {
        throw Err.unknownPath(request.url.split('?')[0]!);
      } });
    }
  }

  // K1
  app.get(`${base}/:ids`, { config: { query: articleGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    refuseReserved(request, request.params.ids);
    const items = await getArticles(contextOf(request), request.params.ids, request.parsed);
    return reply.represent({ kind: 'list', shape: articleShape, items });
  });

  // K3: the search module ranks, this area presents.
  app.get(`${base}/search`, { config: { query: kbSearchQuery } }, async (request, reply) =>
    reply.representPage(articleShape, await searchArticlePage(contextOf(request), request.parsed, request.server.config.kbSearchRank)),
  );

  // K2
  app.get(base, { config: { query: articleListQuery } }, async (request, reply) =>
    reply.representPage(articleShape, await listArticles(contextOf(request), request.parsed)),
  );

  // K4
  app.post(base, { config: { query: articleWriteQuery, body: single }, schema: { body: CreateBody } }, async (request, reply) => {
    const ctx = contextOf(request);
    const c = await created(request, await createArticle(ctx, request.body as Record<string, unknown>, request.parsed));
    return reply.header('Location', c.location).represent({ kind: 'list', shape: articleShape, items: c.items }, 201);
  });

  // K5
  app.post(`${base}/copy`, { config: { query: articleWriteQuery, body: anyRoot('copy') }, schema: { body: CopyBody } }, async (request, reply) => {
    const ctx = contextOf(request);
    const c = await created(request, await copyArticle(ctx, request.body, request.parsed));
    return reply.header('Location', c.location).represent({ kind: 'list', shape: articleShape, items: c.items }, 201);
  });

  // K6: the 200 body shows each article with its working copy as current version (06 K6).
  app.put(`${base}/:ids/checkout`, { config: { query: articleWriteQuery }, schema: { params: Ids } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    const ctx = contextOf(request);
    await checkOut(ctx, ids, request.parsed);
    return answerAffected(request, reply, articleShape, () => affected(request, ids, { shown: 'latest' }));
  });

  // K7–K11: a list of articles each.
  const writes = [
    ['', editArticles],
    ['/checkin', checkInArticles],
    ['/publish', publishArticles],
    ['/changestage', changeStage],
    ['/resetlock', resetLocks],
  ] as const;
  for (const [path, write] of writes) {
    app.put(`${base}${path}`, { config: { query: articleWriteQuery, body: batch }, schema: { body: EditBody } }, async (request, reply) => {
      const ctx = contextOf(request);
        const ids = await write(ctx, request.body as unknown[], request.parsed);
      return answerAffected(request, reply, articleShape, () => affected(request, ids));
    });
  }

  // K12
  app.post(`${base}/:ids/move`, { config: { query: articleMoveQuery, body: anyRoot('move') }, schema: { params: Ids, body: MoveBody } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    const ctx = contextOf(request);
    await moveArticles(ctx, ids, request.body, request.parsed);
    return answerAffected(request, reply, articleShape, () => affected(request, ids));
  });

  // K13
  app.delete(`${base}/:ids`, { config: { query: articleWriteQuery }, schema: { params: Ids } }, async (request, reply) => {
    refuseReserved(request, request.params.ids);
    const ids = pathIds(request.params.ids);
    const ctx = contextOf(request);
    await deleteArticles(ctx, ids, request.parsed);
    return reply.noContent();
  });

  // K14: never 204 (06 K14, 01 §6), not even for a page past the end.
  app.get(`${base}/:id/version`, { config: { query: versionListQuery }, schema: { params: Id } }, async (request, reply) =>
    reply.representPage(versionShape, await listVersions(contextOf(request), request.params.id, request.parsed), { emptyPage: true }),
  );

  // K15
  app.get(`${base}/:id/version/:versionIds`, { config: { query: versionGetQuery }, schema: { params: IdAndVersions } }, async (request, reply) => {
    const items = await getVersions(contextOf(request), request.params.id, request.params.versionIds, request.parsed);
    return reply.represent({ kind: 'list', shape: versionShape, items });
  });

  // K16
  app.get(`${base}/:ids/latest`, { config: { query: latestQuery }, schema: { params: Ids } }, async (request, reply) => {
    const items = await getLatest(contextOf(request), request.params.ids, request.parsed);
    return reply.represent({ kind: 'list', shape: articleShape, items });
  });

  // K17
  app.post(`${base}/:id/version/:versionId/rollback`, { config: { query: articleWriteQuery }, schema: { params: IdAndVersion } }, async (request, reply) => {
    const id = parsePathId(request.params.id);
    const versionId = parsePathId(request.params.versionId, 'versionId');
    const ctx = contextOf(request);
    await rollback(ctx, id, versionId, request.parsed);
    return answerAffected(request, reply, articleShape, () => affected(request, [id]));
  });

  // K18
  app.delete(`${base}/:id/version/:versionIds`, { config: { query: articleWriteQuery }, schema: { params: IdAndVersions } }, async (request, reply) => {
    const id = parsePathId(request.params.id);
    const versionIds = parsePathIds(request.params.versionIds, 'versionIds').map((v) => BigInt(v));
    const ctx = contextOf(request);
    await deleteVersions(ctx, id, versionIds, request.parsed);
    return reply.noContent();
  });
};
