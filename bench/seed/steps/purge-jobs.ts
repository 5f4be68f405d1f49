// The three purge jobs of 10 §2.1 (07 §17.1): targets completed_activities, activity_attachments and webhook_events,
// schedule `manual` (frequency manual, no time: they never run during a benchmark), no department, active; written as
// the create of 07 §17.1 stores them (created and lastModified by `sa` at the set-up instant). Configuration, not scaled.
import { need, type SeedStep } from '../pipeline.ts';
import { insertColumns, iso } from '../sql.ts';

export const purgeJobProfiles = [
  { name: 'Purge completed activities', target: 'completed_activities', olderThanDays: 1095, description: 'Completed activities older than three years (manual)' },
  { name: 'Purge activity attachments', target: 'activity_attachments', olderThanDays: 730, description: 'Attachments of activities older than two years (manual)' },
  { name: 'Purge webhook events', target: 'webhook_events', olderThanDays: 30, description: 'Webhook delivery events older than 30 days (manual)' },
] as const;

export const purgeJobsStep: SeedStep = {
  name: 'purge jobs',
  tables: ['purge_job'],
  async run(ctx) {
    const progress = ctx.progress.step('purge jobs', purgeJobProfiles.length, 'jobs');
    const sa = need(ctx.state.sa, 'sa');
    await ctx.transaction((tx) =>
      insertColumns(
        tx,
        'purge_job',
        {
          name: ['text', purgeJobProfiles.map((p) => p.name)],
          description: ['text', purgeJobProfiles.map((p) => p.description)],
          target: ['text', purgeJobProfiles.map((p) => p.target)],
          older_than_days: ['integer', purgeJobProfiles.map((p) => p.olderThanDays)],
        },
        {
          frequency: `'manual'`,
          state: `'active'`,
          created_at: '$$1::timestamptz',
          created_by_id: '$$2::bigint',
          last_modified_at: '$$1::timestamptz',
          last_modified_by_id: '$$2::bigint',
        },
        { params: [iso(ctx.setupAt), sa.id] },
      ),
    );
    ctx.count('purgeJobs', purgeJobProfiles.length);
    progress.add(purgeJobProfiles.length);
    progress.done();
  },
};
