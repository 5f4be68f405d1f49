import type { FastifyPluginAsync } from 'fastify';

export const corsOriginRoutes: FastifyPluginAsync = async () => {};
