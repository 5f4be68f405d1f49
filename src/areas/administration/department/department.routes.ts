import type { FastifyPluginAsync } from 'fastify';

export const departmentRoutes: FastifyPluginAsync = async () => {};
