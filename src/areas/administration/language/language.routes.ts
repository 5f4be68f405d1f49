import type { FastifyPluginAsync } from 'fastify';

export const languageRoutes: FastifyPluginAsync = async () => {};
