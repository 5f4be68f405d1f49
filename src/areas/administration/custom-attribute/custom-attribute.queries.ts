// Custom attribute definition rows (07 §13) and the stored values that constrain their changes. Every function takes
// the client (root or transaction) first and never throws HTTP errors.
import { valueTableOf } from '../../custom-attributes/values.ts';
import { Prisma } from '../../../generated/prisma/client.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import type { AllowedValue, DataType, ObjectType } from '../../custom-attributes/definition.ts';
import { inOrder, pageOfIds, type Db, type IdPage } from '../shared/admin-list.queries.ts';
import type { Tx } from '../common.ts';

const definitionSelect = {
  id: true,
  objectType: true,
  name: true,
  displayName: true,
  dataType: true,
  maxLength: true,
  minimum: true,
  maximum: true,
  enumerated: true,
  allowedValues: true,
  multiValued: true,
  unique: true,
  state: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.CustomAttributeDefinitionSelect;

type StoredRow = Prisma.CustomAttributeDefinitionGetPayload<{ select: typeof definitionSelect }>;

export type DefinitionRow = Omit<StoredRow, 'objectType' | 'dataType' | 'allowedValues' | 'state'> & {
  objectType: ObjectType;
  dataType: DataType;
  allowedValues: AllowedValue[];
  state: 'active' | 'inactive';
};

/** The allowed values of the JSON column, `[{value, label}]` in the order defined (none when not enumerated). */
function allowedValuesOf(json: Prisma.JsonValue): AllowedValue[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof v.value !== 'string') return [];
    return [typeof v.label === 'string' ? { value: v.value, label: v.label } : { value: v.value }];
  });
}

const toRow = (r: StoredRow): DefinitionRow => ({
  ...r,
  objectType: r.objectType as ObjectType,
  dataType: r.dataType as DataType,
  allowedValues: allowedValuesOf(r.allowedValues),
  state: r.state === 'inactive' ? 'inactive' : 'active',
});

export async function findDefinitions(db: Db, ids: readonly bigint[]): Promise<DefinitionRow[]> {
  const rows = await db.customAttributeDefinition.findMany({ where: { id: { in: [...ids] } }, select: definitionSelect });
  return inOrder(ids, rows.map(toRow));
}

export type DefinitionFilter = { objectType?: string | undefined; name?: string | undefined; state?: string | undefined };

/** One page of ids: `objectType` and `state` exact, `name` exact and case-sensitive (01 §10: no wildcard in 07 §13). */
export function pageDefinitions(db: Db, filter: DefinitionFilter, q: ParsedQuery): Promise<IdPage> {
  const where: Prisma.Sql[] = [];
  if (filter.objectType !== undefined) where.push(Prisma.sql`d.object_type = ${filter.objectType}`);
  if (filter.name !== undefined) where.push(Prisma.sql`d.name = ${filter.name}`);
  if (filter.state !== undefined) where.push(Prisma.sql`d.state = ${filter.state}`);
  return pageOfIds(db, { from: Prisma.sql`custom_attribute_definition d`, id: Prisma.raw('d.id'), name: Prisma.raw('d.name'), where }, q);
}

/** The definition of `objectType` named exactly `name` (the unique index's rule: case-sensitive), if any. */
export async function findNameHolder(db: Db, objectType: ObjectType, name: string): Promise<bigint | undefined> {
  const row = await db.customAttributeDefinition.findUnique({ where: { objectType_name: { objectType, name } }, select: { id: true } });
  return row?.id;
}

/** Edits and deletes take the rows' locks first (in id order), so concurrent changes of a definition queue up. */
export async function lockDefinitions(tx: Tx, ids: readonly bigint[]): Promise<void> {
  if (!ids.length) return;
  const list = Prisma.join(ids.map((id) => Prisma.sql`CAST(${String(id)} AS bigint)`));
  await tx.$queryRaw`SELECT id FROM custom_attribute_definition WHERE id IN (${list}) ORDER BY id FOR UPDATE`;
}

/** The JSON column's value: the list, or SQL NULL when there is none (not enumerated). */
export const allowedValuesColumn = (values: readonly AllowedValue[]): Prisma.InputJsonValue | Prisma.NullableJsonNullValueInput =>
  values.length ? values.map((v) => (v.label === undefined ? { value: v.value } : { value: v.value, label: v.label })) : Prisma.DbNull;

// ---------------------------------------------------------------------------------------------------------------
// Stored values
// ---------------------------------------------------------------------------------------------------------------

/** Where the values of an object type's custom attributes are stored (03 §2.7), named by the object type. */
function storedValues(objectType: ObjectType) {
  return { ...valueTableOf(objectType), kind: objectType };
}

/** At most this many holders of one definition are listed (error `details` hold 30 pairs, 01 §7.1). */
const perDefinition = 10;

/**
 * The objects still holding values of these definitions: `{definitionId, key: <object type>, value: <object id>}`,
 * at most ten per definition, in id order.
 */
export async function findHolders(db: Db, definitions: readonly { id: bigint; objectType: ObjectType }[]): Promise<{ definitionId: bigint; key: string; value: string }[]> {
  const found: { definitionId: bigint; key: string; value: string }[] = [];
  for (const def of definitions) {
    const src = storedValues(def.objectType);
    const rows = await db.$queryRaw<{ owner: string }[]>`
      SELECT o::text AS owner FROM (SELECT DISTINCT ${src.owner} AS o FROM ${src.table} WHERE definition_id = CAST(${String(def.id)} AS bigint)) s
       ORDER BY o LIMIT ${perDefinition}`;
    found.push(...rows.map((r) => ({ definitionId: def.id, key: src.kind, value: r.owner })));
  }
  return found;
}

/** Which of `keys` (normalised values) are still stored for the definition. */
export async function storedKeys(db: Db, def: { id: bigint; objectType: ObjectType }, keys: readonly string[]): Promise<Set<string>> {
  const src = storedValues(def.objectType);
  if (!keys.length) return new Set();
  // md5(key) first: the search index is (definition_id, md5(key)).
  const hashed = Prisma.join(keys.map((k) => Prisma.sql`md5(${k})`));
  const rows = await db.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT key FROM ${src.table}
     WHERE definition_id = CAST(${String(def.id)} AS bigint) AND md5(key) IN (${hashed}) AND key IN (${Prisma.join(keys)})`;
  return new Set(rows.map((r) => r.key));
}

/** A definition stops being `unique` (07 §13): its stored values no longer take part in the unique index. */
export async function releaseUnique(db: Db, def: { id: bigint; objectType: ObjectType }): Promise<void> {
  const src = storedValues(def.objectType);
  await db.$executeRaw`UPDATE ${src.table} SET is_unique = false WHERE definition_id = CAST(${String(def.id)} AS bigint) AND is_unique`;
}
