// Query specs and request bodies of purge jobs and runs (07 §17). The schemas carry what the body alone decides
// (types, lengths, ranges, required attributes: 400-152/400-153); the schedule rules that need only the body are
// checked by the service before the permission (01 §7.2), those that need the stored job inside the write.
import { Type, type Static } from '@sinclair/typebox';
import { Err } from '../../../errors/app-error.ts';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import { activeStates, clearableEnum, DepartmentRef, LastModified, optionalEnum, orNull } from '../shared/body-parts.ts';
import type { QuerySpec } from '../../../query/spec.ts';

/** 07 §17.1 `target`, in the order of its table. */
export const purgeTargets = ['completed_activities', 'closed_cases', 'activity_attachments', 'archived_kb_versions', 'webhook_events', 'alarm_events'] as const;
export type PurgeTarget = (typeof purgeTargets)[number];
export const frequencies = ['manual', 'daily'] as const;
export const runStatuses = ['queued', 'running', 'completed', 'failed'] as const;

const attributes = ['created'];

export const purgeJobListQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'target', kind: 'enum', values: purgeTargets },
    { name: 'state', kind: 'enum', values: activeStates },
    { name: 'department', kind: 'string' },
  ],
  sort: ['name'],
  attributes,
};
export const purgeJobGetQuery: QuerySpec = { mode: 'get', attributes };
export const purgeJobCreateQuery: QuerySpec = { mode: 'action', attributes };

/** `dryRun=yes|no` (default no) is the only parameter of run-now (07 §17.2). */
export const purgeRunCreateQuery: QuerySpec = { mode: 'action', criteria: [{ name: 'dryRun', kind: 'boolean' }] };
/**
 * Runs are listed newest first (07 §17.2): the default sort is a name no client can send (`newest` = id descending),
 * so a `$cursor` issued for the default order is never taken for `$sort=id` (ascending).
 */
export const purgeRunListQuery: QuerySpec = {
  mode: 'list',
  criteria: [{ name: 'status', kind: 'enum', values: runStatuses }],
  defaultSort: 'newest',
};
export const purgeRunGetQuery: QuerySpec = { mode: 'get' };

/** `HH:mm`, 00:00–23:59 (UTC). */
const timePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

const OlderThanDays = B.int({ minimum: 1, maximum: 3650 });

/** `{frequency, time}`; each part optional in the schema, the combination is checked by the service. */
const Schedule = Type.Object({
  frequency: Type.Optional(orNull(clearableEnum(frequencies))),
  time: Type.Optional(orNull(Type.String())),
});
export type ScheduleInput = Static<typeof Schedule> | null | undefined;

export const PurgeJobCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.Optional(orNull(B.text(4000))),
  target: B.enumValue(purgeTargets),
  olderThanDays: OlderThanDays,
  department: Type.Optional(orNull(DepartmentRef)),
  schedule: Type.Optional(orNull(Schedule)),
  state: Type.Optional(orNull(optionalEnum(activeStates))),
});
export type PurgeJobCreate = Static<typeof PurgeJobCreate>;

/** `target` cannot be edited: not read (ignored as read-only, 07 §1.4). */
export const PurgeJobEdit = editList(
  Type.Object({
    id: B.id(),
    name: Type.Optional(orNull(B.text(255))),
    description: Type.Optional(orNull(B.text(4000))),
    olderThanDays: Type.Optional(orNull(OlderThanDays)),
    department: Type.Optional(orNull(DepartmentRef)),
    schedule: Type.Optional(orNull(Schedule)),
    state: Type.Optional(orNull(clearableEnum(activeStates))),
    lastModified: LastModified,
  }),
);
export type PurgeJobEdit = Static<typeof PurgeJobEdit>;

/** A schedule as read from a body: each part absent (undefined), cleared (null) or given. */
export type ScheduleChange = { frequency?: 'manual' | 'daily' | null; time?: string | null };

/**
 * Reads `schedule` without the database: `time` must be `HH:mm` (400-152 on `<path>.time`). `schedule` null or empty
 * clears it (→ `manual`, no time). Answers undefined when the body has no schedule.
 */
export function readSchedule(schedule: ScheduleInput, path: string): ScheduleChange | undefined {
  if (schedule === undefined) return undefined;
  if (schedule === null) return { frequency: null, time: null };
  const out: ScheduleChange = {};
  if (schedule.frequency !== undefined) out.frequency = (schedule.frequency?.value || null) as ScheduleChange['frequency'];
  if (schedule.time !== undefined) {
    const time = schedule.time === null ? '' : schedule.time.trim();
    if (time !== '' && !timePattern.test(time)) throw Err.invalidAttribute(`${path}.time`, schedule.time);
    out.time = time === '' ? null : time;
  }
  return out;
}

/**
 * The schedule a job ends up with: `frequency` (cleared → `manual`), `time` only for `daily` jobs. A daily job without
 * a time → 400-153 on `<path>.time`; a time on a manual job → 400-152 on `<path>.time`.
 */
export function finalSchedule(change: ScheduleChange | undefined, stored: { frequency: string; time: string | null }, path: string) {
  if (change === undefined) return { frequency: stored.frequency, time: stored.time };
  const frequency = change.frequency === undefined ? stored.frequency : (change.frequency ?? 'manual');
  if (frequency === 'manual') {
    if (change.time) throw Err.invalidAttribute(`${path}.time`, change.time);
    return { frequency, time: null };
  }
  const time = change.time === undefined ? stored.time : change.time;
  if (!time) throw Err.missingAttribute(`${path}.time`);
  return { frequency, time };
}
