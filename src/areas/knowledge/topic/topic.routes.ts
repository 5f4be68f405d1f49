// The topic endpoints of 06 §9, K36–K42.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../../administration/shared/admin-edit.ts';
import { parsePathId, parsePathIds } from '../../../query/ids.ts';
import { answerAffected } from '../shared/kb.affected.ts';
import { kbBase, kbHref } from '../shared/kb.paths.ts';
import { TopicCreateBody, TopicEditBody, topicDeleteQuery, topicGetQuery, topicListQuery, topicWriteQuery } from './topic.schema.ts';
import { topicShape } from './topic.presenter.ts';
import { createTopic, deleteTopics, editTopics, getTopics, linkArticles, listTopics, loadTopicTrees, unlinkArticles } from './topic.service.ts';

const base = `${kbBase}/topic`;
const link = `${base}/:topicId/~link/kb/article/:articleIds`;
const Ids = Type.Object({ ids: Type.String() });
const LinkParams = Type.Object({ topicId: Type.String(), articleIds: Type.String() });

export const topicRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // K36
  app.get(`${base}/:ids`, { config: { query: topicGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const { items, depth } = await getTopics(contextOf(request), pathIds(request.params.ids), request.parsed);
    return reply.represent({ kind: 'list', shape: topicShape(depth), items });
  });

  // K37
  app.get(base, { config: { query: topicListQuery } }, async (request, reply) => {
    const { depth, page } = await listTopics(contextOf(request), request.parsed);
    return reply.representPage(topicShape(depth), page);
  });

  // K38
  app.post(
    base,
    { config: { query: topicWriteQuery, body: { resource: { key: 'topic', mode: 'single' } } }, schema: { body: TopicCreateBody } },
    async (request, reply) => {
      const { id, topic } = await createTopic(contextOf(request), request.body, request.parsed);
      return reply.header('Location', kbHref.topic(id)).represent({ kind: 'list', shape: topicShape(0), items: [topic] }, 201);
    },
  );

  // K39
  app.put(
    base,
    { config: { query: topicWriteQuery, body: { resource: { key: 'topic', mode: 'list' } } }, schema: { body: TopicEditBody } },
    async (request, reply) => {
      const ctx = contextOf(request);
      const ids = await editTopics(ctx, request.body as unknown[], request.parsed);
      return answerAffected(request, reply, topicShape(0), async () => (await loadTopicTrees(ctx, ids, 0)).items);
    },
  );

  // K40
  app.delete(`${base}/:ids`, { config: { query: topicDeleteQuery }, schema: { params: Ids } }, async (request, reply) => {
    await deleteTopics(contextOf(request), pathIds(request.params.ids), request.parsed);
    return reply.noContent();
  });

  // K41: no body; the 200 body is the topic.
  app.post(link, { config: { query: topicWriteQuery }, schema: { params: LinkParams } }, async (request, reply) => {
    const ctx = contextOf(request);
    const topicId = parsePathId(request.params.topicId, 'topicId');
    await linkArticles(ctx, topicId, articleIdsOf(request.params.articleIds), request.parsed);
    return answerAffected(request, reply, topicShape(0), async () => (await loadTopicTrees(ctx, [topicId], 0)).items);
  });

  // K42
  app.delete(link, { config: { query: topicDeleteQuery }, schema: { params: LinkParams } }, async (request, reply) => {
    const topicId = parsePathId(request.params.topicId, 'topicId');
    await unlinkArticles(contextOf(request), topicId, articleIdsOf(request.params.articleIds), request.parsed);
    return reply.noContent();
  });
};

/** Numeric article ids only in write paths (06 §1.5): an alternate id is 400-102. */
const articleIdsOf = (raw: string) => parsePathIds(raw, 'articleIds').map((id) => BigInt(id));
