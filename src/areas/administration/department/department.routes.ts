// Departments (07 §4): GET list and by ids, POST, PUT, DELETE under /system/ws/v12/administration/department.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { departmentCreateQuery, departmentGetQuery, departmentListQuery, DepartmentCreate, DepartmentEdit } from './department.schema.ts';
import { createDepartment, deleteDepartments, editDepartments, getDepartments, listDepartments } from './department.service.ts';
import { departmentHref, departmentShape } from './department.presenter.ts';

const base = '/system/ws/v12/administration/department';
const Ids = Type.Object({ ids: Type.String() });

export const departmentRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(base, { config: { query: departmentListQuery } }, async (request, reply) =>
    reply.representPage(departmentShape, await listDepartments(contextOf(request), request.parsed)),
  );

  app.get(`${base}/:ids`, { config: { query: departmentGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    const items = await getDepartments(contextOf(request), ids, request.parsed);
    return reply.represent({ kind: 'list', shape: departmentShape, items });
  });

  app.post(
    base,
    { config: { query: departmentCreateQuery, body: { resource: { key: 'department', mode: 'single' } } }, schema: { body: DepartmentCreate } },
    async (request, reply) => {
      const created = await createDepartment(contextOf(request), request.body, request.parsed);
      return reply.header('Location', departmentHref(created.id)).represent({ kind: 'list', shape: departmentShape, items: [created] }, 201);
    },
  );

  app.put(base, { config: { body: { resource: { key: 'department', mode: 'list' } } }, schema: { body: DepartmentEdit } }, async (request, reply) => {
    await editDepartments(contextOf(request), request.body);
    return reply.noContent();
  });

  app.delete(`${base}/:ids`, { schema: { params: Ids } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    await deleteDepartments(contextOf(request), ids);
    return reply.noContent();
  });
};
