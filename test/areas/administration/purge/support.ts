// Helpers of the purge job API tests (07 §17): jobs created through the API, runs processed by calling the worker's
// function directly (the background loop is not started in tests), rows of the purge targets written with Prisma.
import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from '../../../helpers/app.ts';
import { getTestApp } from '../../../helpers/app.ts';
import { ADMIN, call, ok, unique, type Session } from '../department/support.ts';
import { processQueuedPurgeRun, type ProcessOptions } from '../../../../src/areas/administration/purge/purge.worker.ts';

export const URL = `${ADMIN}/purgejob`;
export const PURGE_NS = 'http://bindings.egain.com/ws/model/v12/gen/administration/purgejob';
export const DAY = 86_400_000;

/** The app of a purge test file: test apps start no background jobs, so the tests process the runs themselves. */
export const purgeTestApp = (): Promise<TestApp> => getTestApp();

export type UserView = { id: string; name: string; firstName: string; lastName?: string };
export type Enum = { value: string; displayValue: string };
export type RunSummary = {
  id: string;
  link: { rel: string; href: string };
  status: Enum;
  dryRun: boolean;
  cutoff?: string;
  requestedBy?: UserView;
  queuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  matched: number;
  purged: number;
  error?: string;
};
export type Run = RunSummary & { job: { id: string; name: string; link: { rel: string; href: string } } };
export type Job = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  target: Enum;
  olderThanDays: number;
  department?: { id: string; name: string };
  schedule: { frequency: Enum; time?: string };
  state: Enum;
  lastRun?: RunSummary;
  lastModified: { date: string; user?: UserView };
  created?: { date: string; user?: UserView };
};
export type Page<K extends string, T> = { link?: { rel: string; href: string }; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } } & Record<K, T[]>;

export const userOf = (s: Session): UserView => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });

/** Creates a job through the API as `who` (an alarm-event job kept 3,650 days unless told) and answers it (201). */
export async function createJob(t: TestApp, who: Session, body: Record<string, unknown> = {}, query = ''): Promise<Job> {
  const res = await call(t.app, who, 'POST', `${URL}${query}`, {
    body: { name: unique('Job'), target: { value: 'alarm_events' }, olderThanDays: 3650, ...body },
  });
  return ok<{ purgeJob: Job[] }>(res, 201).purgeJob[0]!;
}

export async function readJob(t: TestApp, who: Session, id: string, query = '?$attribute=all'): Promise<Job> {
  return ok<{ purgeJob: Job[] }>(await call(t.app, who, 'GET', `${URL}/${id}${query}`)).purgeJob[0]!;
}

/** Queues a run through the API (202) and answers it. */
export async function queueRun(t: TestApp, who: Session, jobId: string, dryRun?: 'yes' | 'no'): Promise<Run> {
  const res = await call(t.app, who, 'POST', `${URL}/${jobId}/run${dryRun ? `?dryRun=${dryRun}` : ''}`);
  return ok<{ purgeRun: Run[] }>(res, 202).purgeRun[0]!;
}

export async function readRun(t: TestApp, who: Session, jobId: string, runId: string): Promise<Run> {
  return ok<{ purgeRun: Run[] }>(await call(t.app, who, 'GET', `${URL}/${jobId}/run/${runId}`)).purgeRun[0]!;
}

/** Processes run `runId` (queued) to its end with the worker's function, as of `now`, and answers it. */
export async function processRun(t: TestApp, who: Session, run: Run, opts: Omit<ProcessOptions, 'runId'> = {}): Promise<Run> {
  const processed = await processQueuedPurgeRun(t.db, { ...opts, runId: BigInt(run.id) });
  if (processed === undefined) throw new Error(`run ${run.id} was not queued`);
  return readRun(t, who, run.job.id, run.id);
}

/** Queues a run of `jobId` and processes it as of `now`. */
export async function runJob(t: TestApp, who: Session, jobId: string, now: Date, opts: { dryRun?: 'yes' | 'no'; batchSize?: number; onBatch?: (n: number) => void } = {}): Promise<Run> {
  const run = await queueRun(t, who, jobId, opts.dryRun);
  return processRun(t, who, run, { now: () => now, ...(opts.batchSize ? { batchSize: opts.batchSize } : {}), ...(opts.onBatch ? { onBatch: opts.onBatch } : {}) });
}

/** Content of the shared store (10 §2.6), with no reference yet. */
export async function storedContent(t: TestApp, raw: Buffer = randomBytes(32)): Promise<Uint8Array<ArrayBuffer>> {
  const sha256 = new Uint8Array(createHash('sha256').update(raw).digest());
  await t.db.prisma.storedContent.create({ data: { sha256, bytes: new Uint8Array(raw), size: BigInt(raw.length) } });
  return sha256;
}

/** A token hash nobody else uses. */
export const tokenHash = () => new Uint8Array(randomBytes(32));

export function attach(t: TestApp, activityId: bigint, sha256: Uint8Array<ArrayBuffer>, at = new Date()) {
  return t.db.prisma.activityAttachment.create({
    data: { activityId, fileName: `${unique('f')}.txt`, contentType: 'text/plain', size: 32n, contentSha256: sha256, createdAt: at },
  });
}

/** An alarm workflow row (the workflows API is another area's) of a department. */
export function alarmWorkflow(t: TestApp, departmentId: bigint) {
  return t.db.prisma.workflow.create({ data: { kind: 'alarm', name: unique('WF'), departmentId, order: 1 } });
}
