// Step 1 — the five departments of 10 §2.1. `Service` normally exists already (the server's bootstrap creates it
// with `sa`): it is reused as it is. Departments of the same name (case-insensitive) are reused too.
import { need, type SeedStep } from '../pipeline.ts';
import { departmentProfiles } from '../reference.ts';
import { insertColumns, iso } from '../sql.ts';

export const departmentsStep: SeedStep = {
  name: 'departments',
  tables: ['department'],
  async run(ctx) {
    const progress = ctx.progress.step('departments', departmentProfiles.length, 'departments');
    const sa = need(ctx.state.sa, 'sa');
    const names = departmentProfiles.map((d) => d.name);
    const byName = await ctx.transaction(async (tx) => {
      const find = async () =>
        new Map(
          (await tx.$queryRawUnsafe<{ id: string; key: string }[]>(
            `SELECT id::text AS id, lower(name) AS key FROM department WHERE lower(name) = ANY($1::text[])`,
            names.map((n) => n.toLowerCase()),
          )).map((r) => [r.key, r.id]),
        );
      const found = await find();
      const missing = departmentProfiles.filter((d) => !found.has(d.name.toLowerCase()));
      await insertColumns(
        tx,
        'department',
        { name: ['text', missing.map((d) => d.name)], description: ['text', missing.map((d) => d.description)] },
        { created_at: '$$1::timestamptz', created_by_id: '$$2::bigint', last_modified_at: '$$1::timestamptz', last_modified_by_id: '$$2::bigint' },
        { params: [iso(ctx.setupAt), sa.id] },
      );
      return missing.length ? find() : found;
    });
    ctx.state.departments = departmentProfiles.map((profile, index) => ({ id: byName.get(profile.name.toLowerCase())!, name: profile.name, index, profile }));
    ctx.manifest.departments = ctx.state.departments.map((d) => ({ id: d.id, name: d.name }));
    ctx.count('departments', departmentProfiles.length);
    progress.add(departmentProfiles.length);
    progress.done();
  },
};
