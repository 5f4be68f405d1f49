import type { FastifyPluginAsync } from 'fastify';

export const clientApplicationRoutes: FastifyPluginAsync = async () => {};
