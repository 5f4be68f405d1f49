// Workflows (07 §10): GET list and by ids, POST, PUT, DELETE under /system/ws/v12/administration/workflow/{inbound,
// outbound,alarm}; for alarm workflows also POST .../workflow/alarm/evaluate and GET .../workflow/alarm/{id}/event.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { parsePathId } from '../../../query/ids.ts';
import {
  alarmEvaluateQuery,
  alarmEventListQuery,
  workflowCreate,
  workflowCreateQuery,
  workflowEdit,
  workflowGetQuery,
  workflowKeys,
  workflowKinds,
  workflowListQuery,
  type WorkflowCreate,
  type WorkflowEditItem,
} from './workflow.schema.ts';
import { createWorkflow, deleteWorkflows, editWorkflows, getWorkflows, listWorkflows } from './workflow.service.ts';
import { workflowHref, workflowShapes } from './workflow.presenter.ts';
import { evaluateAlarmsNow, listAlarmEvents } from './alarm.service.ts';
import { alarmEventShape, alarmRunShape } from './alarm.presenter.ts';

const base = '/system/ws/v12/administration/workflow';
const Ids = Type.Object({ ids: Type.String() });
const Id = Type.Object({ id: Type.String() });

export const workflowRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // Before the `{ids}` routes of the same depth, so that the static segment is read as what it is.
  app.post(`${base}/alarm/evaluate`, { config: { query: alarmEvaluateQuery } }, async (request, reply) =>
    reply.represent({ kind: 'list', shape: alarmRunShape, items: [await evaluateAlarmsNow(contextOf(request), request.log)] }),
  );

  app.get(`${base}/alarm/:id/event`, { config: { query: alarmEventListQuery }, schema: { params: Id } }, async (request, reply) =>
    reply.representPage(alarmEventShape, await listAlarmEvents(contextOf(request), parsePathId(request.params.id), request.parsed)),
  );

  for (const kind of workflowKinds) {
    const url = `${base}/${kind}`;
    const shape = workflowShapes[kind];
    const key = workflowKeys[kind];

    app.get(url, { config: { query: workflowListQuery } }, async (request, reply) =>
      reply.representPage(shape, await listWorkflows(contextOf(request), kind, request.parsed)),
    );

    app.get(`${url}/:ids`, { config: { query: workflowGetQuery }, schema: { params: Ids } }, async (request, reply) => {
      const items = await getWorkflows(contextOf(request), kind, pathIds(request.params.ids), request.parsed);
      return reply.represent({ kind: 'list', shape, items });
    });

    app.post(url, { config: { query: workflowCreateQuery, body: { resource: { key, mode: 'single' } } }, schema: { body: workflowCreate(kind) } }, async (request, reply) => {
      const created = await createWorkflow(contextOf(request), kind, request.body as WorkflowCreate, request.parsed);
      return reply.header('Location', workflowHref(kind, created.id)).represent({ kind: 'list', shape, items: [created] }, 201);
    });

    app.put(url, { config: { body: { resource: { key, mode: 'list' } } }, schema: { body: workflowEdit(kind) } }, async (request, reply) => {
      await editWorkflows(contextOf(request), kind, request.body as WorkflowEditItem[]);
      return reply.noContent();
    });

    app.delete(`${url}/:ids`, { schema: { params: Ids } }, async (request, reply) => {
      await deleteWorkflows(contextOf(request), kind, pathIds(request.params.ids));
      return reply.noContent();
    });
  }
};
