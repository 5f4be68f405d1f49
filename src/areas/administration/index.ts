// The administration area (07): one route plugin per resource.
import type { FastifyPluginAsync } from 'fastify';
import { userRoutes } from './user/user.routes.ts';
import { departmentRoutes } from './department/department.routes.ts';
import { groupRoutes } from './group/group.routes.ts';
import { roleRoutes } from './role/role.routes.ts';
import { languageRoutes } from './language/language.routes.ts';
import { corsOriginRoutes } from './cors-origin/cors-origin.routes.ts';
import { settingRoutes } from './setting/setting.routes.ts';
import { clientApplicationRoutes } from './client-application/client-application.routes.ts';
import { customAttributeRoutes } from './custom-attribute/custom-attribute.routes.ts';
import { entryPointRoutes } from './entry-point/entry-point.routes.ts';
import { queueRoutes } from './queue/queue.routes.ts';
import { aliasRoutes } from './alias/alias.routes.ts';
import { macroRoutes } from './macro/macro.routes.ts';
import { messageRoutes } from './message/message.routes.ts';
import { purgeRoutes } from './purge/purge.routes.ts';
import { workflowRoutes } from './workflow/workflow.routes.ts';

export const administrationRoutes: FastifyPluginAsync = async (app) => {
  for (const routes of [userRoutes, departmentRoutes, groupRoutes, roleRoutes, languageRoutes, corsOriginRoutes, settingRoutes, clientApplicationRoutes, customAttributeRoutes, entryPointRoutes, queueRoutes, aliasRoutes, macroRoutes, messageRoutes, purgeRoutes, workflowRoutes]) {
    await app.register(routes);
  }
};
