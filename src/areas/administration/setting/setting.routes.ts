import type { FastifyPluginAsync } from 'fastify';

export const settingRoutes: FastifyPluginAsync = async () => {};
