// Alarm events and evaluation runs on the wire (07 §10.3), in the workflow namespace (07 §1.3). 07 names the JSON keys
// `alarmEvent` (XML `alarmEvents` / `alarmEvent`) and `alarmRun`; the run's XML root follows the same rule
// (`alarmRuns` / `alarmRun`). References carry the summary fields of the §10.3 example.
import { f, resource, shape } from '../../../representation/shape.ts';
import { notifyField, queueRef, WF_NS, named, presentNotify } from './workflow.presenter.ts';
import type { ReferenceNames } from './workflow.queries.ts';
import type { AlarmEventRow, AlarmRun } from './alarm.queries.ts';

export const alarmRunShape = resource('alarmRun', WF_NS, {
  startedAt: f.instant(),
  finishedAt: f.instant(),
  evaluatedWorkflows: f.number(),
  firedEvents: f.number(),
});

export const alarmEventShape = resource('alarmEvent', WF_NS, {
  id: f.id(),
  workflow: f.object(shape(WF_NS, { id: f.id(), name: f.text() })),
  activity: f.object(shape(WF_NS, { id: f.id(), link: f.link() })),
  firedAt: f.instant(),
  actions: f.object(
    shape(WF_NS, {
      priority: f.object(shape(WF_NS, { from: f.number(), to: f.number() })),
      transferToQueue: queueRef,
      notify: notifyField,
    }),
  ),
});

export function presentAlarmRun(run: AlarmRun) {
  return { startedAt: run.startedAt, finishedAt: run.finishedAt, evaluatedWorkflows: run.evaluatedWorkflows, firedEvents: run.firedEvents };
}

const activityHref = (id: bigint) => `/system/ws/v12/interaction/activity/${id}`;

export function presentAlarmEvent(row: AlarmEventRow, workflow: { id: bigint; name: string }, names: ReferenceNames) {
  const a = row.actions;
  return {
    id: row.id,
    workflow: { id: workflow.id, name: workflow.name },
    activity: { id: row.activityId, link: { rel: 'activity', href: activityHref(row.activityId) } },
    firedAt: row.firedAt,
    actions: {
      priority: a.priority,
      transferToQueue: a.transferToQueue && named.queue(names, a.transferToQueue),
      notify: presentNotify(names, a.notify),
    },
  };
}
