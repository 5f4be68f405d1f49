import type { FastifyPluginAsync } from 'fastify';

export const groupRoutes: FastifyPluginAsync = async () => {};
