// Step 3 — the seven custom attribute definitions of 10 §2.9, written as the administration API (07 §13) stores
// them: `allowed_values` [{value, label}] in the order defined, maxLength 255 for strings unless given, bounds as
// strings. A definition of the same object type and name that exists already is reused when it is compatible (same
// data type, and every value the seeder writes allowed); otherwise the step refuses.
import { toDefinition } from '../../../src/areas/custom-attributes/definition.ts';
import { need, type SeedStep, type SeededDefinition } from '../pipeline.ts';
import { definitionProfiles } from '../reference.ts';
import { insertColumns, iso } from '../sql.ts';

type DefinitionRow = Parameters<typeof toDefinition>[0];

export const customAttributeDefinitionsStep: SeedStep = {
  name: 'custom attribute definitions',
  tables: ['custom_attribute_definition'],
  async run(ctx) {
    const sa = need(ctx.state.sa, 'sa');
    const progress = ctx.progress.step('custom attribute definitions', definitionProfiles.length, 'definitions');
    const rows = await ctx.transaction(async (tx) => {
      await insertColumns(
        tx,
        'custom_attribute_definition',
        {
          object_type: ['text', definitionProfiles.map((d) => d.objectType)],
          name: ['text', definitionProfiles.map((d) => d.name)],
          display_name: ['text', definitionProfiles.map((d) => d.displayName)],
          data_type: ['text', definitionProfiles.map((d) => d.dataType)],
          max_length: ['integer', definitionProfiles.map((d) => d.maxLength)],
          minimum: ['text', definitionProfiles.map((d) => d.minimum)],
          maximum: ['text', definitionProfiles.map((d) => d.maximum)],
          enumerated: ['boolean', definitionProfiles.map((d) => d.values !== null)],
          _values: ['text', definitionProfiles.map((d) => (d.values ? JSON.stringify(d.values) : null))],
          unique: ['boolean', definitionProfiles.map((d) => d.unique)],
        },
        {
          allowed_values: `"_values"::jsonb`,
          multi_valued: 'false',
          state: `'active'`,
          created_at: '$$1::timestamptz',
          created_by_id: '$$2::bigint',
          last_modified_at: '$$1::timestamptz',
          last_modified_by_id: '$$2::bigint',
        },
        { params: [iso(ctx.setupAt), sa.id], suffix: 'ON CONFLICT (object_type, name) DO NOTHING' },
      );
      return tx.$queryRawUnsafe<DefinitionRow[]>(
        `SELECT id::text AS id, object_type, name, display_name, data_type, max_length, minimum, maximum, enumerated, allowed_values,
                multi_valued, "unique", state FROM custom_attribute_definition
          WHERE (object_type, name) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        definitionProfiles.map((d) => d.objectType),
        definitionProfiles.map((d) => d.name),
      );
    });

    const definitions = new Map<string, SeededDefinition>();
    for (const profile of definitionProfiles) {
      const key = `${profile.objectType}.${profile.name}`;
      const row = rows.find((r) => r.object_type === profile.objectType && r.name === profile.name)!;
      const allowed = new Set((row.allowed_values ?? []).map((v) => v.value));
      const compatible = row.data_type === profile.dataType && (!row.enumerated || (profile.values ?? []).every((v) => allowed.has(v.value)));
      if (!compatible) throw new Error(`custom attribute definition ${key} exists with another data type or other allowed values`);
      definitions.set(key, { id: row.id, profile, definition: toDefinition(row) });
    }
    ctx.state.definitions = definitions;
    ctx.manifest.customAttributeDefinitions = definitionProfiles.map((p) => ({
      id: definitions.get(`${p.objectType}.${p.name}`)!.id,
      objectType: p.objectType,
      name: p.name,
    }));
    ctx.count('customAttributeDefinitions', definitionProfiles.length);
    progress.add(definitionProfiles.length);
    progress.done();
  },
};
