// Purge jobs (07 §17): GET list and by ids, POST, PUT, DELETE under /system/ws/v12/administration/purgejob; run now
// POST …/purgejob/{id}/run; runs GET …/purgejob/{id}/run[/{runIds}]. The camel-case segment `purgeJob` is the same
// resource (07 §1.3); links and Location always use `purgejob`.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { parsePathIds } from '../../../query/ids.ts';
import {
  purgeJobCreateQuery,
  purgeJobGetQuery,
  purgeJobListQuery,
  purgeRunCreateQuery,
  purgeRunGetQuery,
  purgeRunListQuery,
  PurgeJobCreate,
  PurgeJobEdit,
} from './purge.schema.ts';
import { createPurgeJob, deletePurgeJobs, editPurgeJobs, getPurgeJobs, getPurgeRuns, listPurgeJobs, listPurgeRuns, pathId, runPurgeJob } from './purge.service.ts';
import { purgeJobHref, purgeJobShape, purgeRunHref, purgeRunShape } from './purge.presenter.ts';

const Ids = Type.Object({ ids: Type.String() });
const Id = Type.Object({ id: Type.String() });
const RunIds = Type.Object({ id: Type.String(), runIds: Type.String() });

export const purgeRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  for (const segment of ['purgejob', 'purgeJob']) {
    const base = `/system/ws/v12/administration/${segment}`;
    const hide = segment !== 'purgejob';

    app.get(base, { config: { query: purgeJobListQuery }, schema: { hide } }, async (request, reply) =>
      reply.representPage(purgeJobShape, await listPurgeJobs(contextOf(request), request.parsed)),
    );

    app.get(`${base}/:ids`, { config: { query: purgeJobGetQuery }, schema: { params: Ids, hide } }, async (request, reply) => {
      const items = await getPurgeJobs(contextOf(request), pathIds(request.params.ids), request.parsed);
      return reply.represent({ kind: 'list', shape: purgeJobShape, items });
    });

    app.post(
      base,
      { config: { query: purgeJobCreateQuery, body: { resource: { key: 'purgeJob', mode: 'single' } } }, schema: { body: PurgeJobCreate, hide } },
      async (request, reply) => {
        const created = await createPurgeJob(contextOf(request), request.body as PurgeJobCreate, request.parsed);
        return reply.header('Location', purgeJobHref(created.id)).represent({ kind: 'list', shape: purgeJobShape, items: [created] }, 201);
      },
    );

    app.put(base, { config: { body: { resource: { key: 'purgeJob', mode: 'list' } } }, schema: { body: PurgeJobEdit, hide } }, async (request, reply) => {
      await editPurgeJobs(contextOf(request), request.body as PurgeJobEdit);
      return reply.noContent();
    });

    app.delete(`${base}/:ids`, { schema: { params: Ids, hide } }, async (request, reply) => {
      await deletePurgeJobs(contextOf(request), pathIds(request.params.ids));
      return reply.noContent();
    });

    // Runs (07 §17.2). Run-now takes no body (any body sent is ignored, 01 §3.1).
    app.post(`${base}/:id/run`, { config: { query: purgeRunCreateQuery }, schema: { params: Id, hide } }, async (request, reply) => {
      const run = await runPurgeJob(contextOf(request), pathId(request.params.id), request.parsed);
      return reply.header('Location', purgeRunHref(run.job.id, run.id)).represent({ kind: 'list', shape: purgeRunShape, items: [run] }, 202);
    });

    app.get(`${base}/:id/run`, { config: { query: purgeRunListQuery }, schema: { params: Id, hide } }, async (request, reply) =>
      reply.representPage(purgeRunShape, await listPurgeRuns(contextOf(request), pathId(request.params.id), request.parsed)),
    );

    app.get(`${base}/:id/run/:runIds`, { config: { query: purgeRunGetQuery }, schema: { params: RunIds, hide } }, async (request, reply) => {
      const items = await getPurgeRuns(contextOf(request), pathId(request.params.id), parsePathIds(request.params.runIds, 'runIds').map(BigInt));
      return reply.represent({ kind: 'list', shape: purgeRunShape, items });
    });
  }
};
