// The knowledge base (06): one route plugin per resource, all under /system/ws/v12/kb.
import type { FastifyPluginAsync } from 'fastify';
import { kbNoteRoutes } from './note/note.routes.ts';
import { kbAttachmentRoutes } from './attachment/attachment.routes.ts';
import { folderRoutes } from './folder/folder.routes.ts';
import { topicRoutes } from './topic/topic.routes.ts';
import { articleTypeRoutes } from './article-type/article-type.routes.ts';
import { articleRoutes } from './article/article.routes.ts';

export const knowledgeRoutes: FastifyPluginAsync = async (app) => {
  // Each resource of 06 registers its routes here (folders, topics, article types, articles, notes, attachments).
  await app.register(kbNoteRoutes);
  await app.register(kbAttachmentRoutes);
  await app.register(folderRoutes);
  await app.register(topicRoutes);
  await app.register(articleTypeRoutes);
  await app.register(articleRoutes);
};
