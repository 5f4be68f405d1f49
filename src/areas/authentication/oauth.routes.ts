import type { FastifyPluginAsync } from 'fastify';

export const oauthRoutes: FastifyPluginAsync = async () => {};
