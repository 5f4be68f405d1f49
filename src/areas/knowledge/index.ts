// The knowledge base (06): one route plugin per resource, all under /system/ws/v12/kb.
import type { FastifyPluginAsync } from 'fastify';

export const knowledgeRoutes: FastifyPluginAsync = async (app) => {
  // Each resource of 06 registers its routes here (folders, topics, article types, articles, notes, attachments).
  void app;
};
