// Purge jobs and runs on the wire (07 §17). Every element is in the purgejob namespace except those 07 §1.3 lists:
// enumeration values (common), the department name and the names of user references (platform), the timestamp user
// (common). A run's `job` reference and a job's `lastRun` summary are declared by the purgejob types, so their
// children are in the purgejob namespace too.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import { departmentRef, enumeration, timestamp, userRefShape } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { activeStateLabels, stamp } from '../common.ts';
import type { JobRow, RunRow } from './purge.queries.ts';

export const PURGE_NS = NS.administration('purgejob');

export const targetLabels = {
  completed_activities: { 'en-US': 'Completed activities', 'es-ES': 'Actividades completadas' },
  closed_cases: { 'en-US': 'Closed cases', 'es-ES': 'Casos cerrados' },
  activity_attachments: { 'en-US': 'Activity attachments', 'es-ES': 'Adjuntos de actividades' },
  archived_kb_versions: { 'en-US': 'Archived article versions', 'es-ES': 'Versiones de artículo archivadas' },
  webhook_events: { 'en-US': 'Webhook deliveries', 'es-ES': 'Entregas de webhook' },
  alarm_events: { 'en-US': 'Alarm events', 'es-ES': 'Eventos de alarma' },
} as const;

export const frequencyLabels = {
  manual: { 'en-US': 'Manual', 'es-ES': 'Manual' },
  daily: { 'en-US': 'Daily', 'es-ES': 'Diario' },
} as const;

export const runStatusLabels = {
  queued: { 'en-US': 'Queued', 'es-ES': 'En cola' },
  running: { 'en-US': 'Running', 'es-ES': 'En ejecución' },
  completed: { 'en-US': 'Completed', 'es-ES': 'Completado' },
  failed: { 'en-US': 'Failed', 'es-ES': 'Fallido' },
} as const;

/** The run fields of 07 §17.2 after `job`: shared by the run resource and a job's `lastRun` summary. */
const runFields = {
  status: enumeration(runStatusLabels),
  dryRun: f.boolean(),
  cutoff: f.instant(),
  requestedBy: f.object(userRefShape),
  queuedAt: f.instant(),
  startedAt: f.instant(),
  finishedAt: f.instant(),
  matched: f.number(),
  purged: f.number(),
  error: f.text(),
};

const jobRefShape = shape(PURGE_NS, { id: f.id(), name: f.text(), link: f.link() });

export const purgeRunShape = resource('purgeRun', PURGE_NS, { id: f.id(), link: f.link(), job: f.object(jobRefShape), ...runFields });

const lastRunShape = shape(PURGE_NS, { id: f.id(), link: f.link(), ...runFields });

export const purgeJobShape = resource('purgeJob', PURGE_NS, {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  description: f.text(),
  target: enumeration(targetLabels),
  olderThanDays: f.number(),
  department: departmentRef(),
  schedule: f.object(shape(PURGE_NS, { frequency: enumeration(frequencyLabels), time: f.text() })),
  state: enumeration(activeStateLabels),
  lastRun: f.object(lastRunShape),
  lastModified: timestamp(),
  created: timestamp(),
});

export const purgeJobHref = (id: bigint | string) => `/system/ws/v12/administration/purgejob/${id}`;
export const purgeRunHref = (jobId: bigint | string, id: bigint | string) => `${purgeJobHref(jobId)}/run/${id}`;

/** The run fields; `finishedAt` and `error` only once the run has ended (while running, the column holds the lease). */
function runView(row: RunRow, refs: Map<string, UserRef>) {
  const ended = row.status === 'completed' || row.status === 'failed';
  return {
    id: row.id,
    link: { rel: 'self', href: purgeRunHref(row.jobId, row.id) },
    status: row.status,
    dryRun: row.dryRun,
    cutoff: row.cutoff,
    requestedBy: row.requestedById === null ? undefined : refs.get(String(row.requestedById)),
    queuedAt: row.queuedAt,
    startedAt: row.startedAt,
    finishedAt: ended ? row.finishedAt : undefined,
    matched: row.matched,
    purged: row.purged,
    error: row.status === 'failed' ? row.error : undefined,
  };
}

export function presentRun(row: RunRow, refs: Map<string, UserRef>) {
  const { id, link, ...rest } = runView(row, refs);
  return { id, link, job: { id: row.job.id, name: row.job.name, link: { rel: 'purgeJob', href: purgeJobHref(row.job.id) } }, ...rest };
}

export function presentJob(row: JobRow, refs: Map<string, UserRef>, withCreated: boolean) {
  return {
    id: row.id,
    link: { rel: 'self', href: purgeJobHref(row.id) },
    name: row.name,
    description: row.description,
    target: row.target,
    olderThanDays: row.olderThanDays,
    department: row.department ? { id: row.department.id, name: row.department.name } : undefined,
    schedule: { frequency: row.frequency, time: row.frequency === 'daily' ? row.time : undefined },
    state: row.state,
    lastRun: row.lastRun ? runView(row.lastRun, refs) : undefined,
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: withCreated ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
