import type { FastifyPluginAsync } from 'fastify';

export const aboutRoutes: FastifyPluginAsync = async () => {};
