// Custom attribute values of customers, cases and activities (03 §2.7): reading them for a page, checking and
// writing what a body sends, and the `custom.<name>=<value>` criteria. Each object type keeps its values in its own
// table with the same columns (owner, definition_id, position, value, key, is_unique), so one module serves all.
import { Prisma } from '../../generated/prisma/client.ts';
import { Err } from '../../errors/app-error.ts';
import type { CustomCriterion } from '../../query/parse.ts';
import type { AttributeDefinition, DefinitionsByName, ObjectType } from './definition.ts';
import { normaliseValue, searchKey, type Normalised } from './normalise.ts';

type Queryable = { $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Prisma.PrismaPromise<T> };
type Executor = Queryable & { $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Prisma.PrismaPromise<number> };

/** Where one object type keeps its values: one table per object type, with the same columns. */
export type ValueTable = { table: Prisma.Sql; owner: Prisma.Sql };
export const customerValues: ValueTable = { table: Prisma.raw('customer_attribute_value'), owner: Prisma.raw('customer_id') };
export const caseValues: ValueTable = { table: Prisma.raw('case_attribute_value'), owner: Prisma.raw('case_id') };
export const activityValues: ValueTable = { table: Prisma.raw('activity_attribute_value'), owner: Prisma.raw('activity_id') };

export const valueTableOf = (objectType: ObjectType): ValueTable =>
  objectType === 'customer' ? customerValues : objectType === 'case' ? caseValues : activityValues;

const MAX_VALUES = 75;

/** What a body sends for one attribute: `customAttributes.customAttribute[i]`. */
export type AttributeInput = { name: string; path: string; values: { raw: string; path: string }[] };
/** A checked attribute: the values to store (none: cleared), normalised. */
export type AttributeChange = { def: AttributeDefinition; path: string; values: (Normalised & { path: string })[] };

/**
 * The rules of 03 §2.7 that need the definitions: an active definition of the object type (400-152 on
 * `attribName`), at most one value unless multi-valued, at most 75, each valid for the definition. The same
 * attribute named twice: the later one wins.
 */
export function checkAttributes(defs: DefinitionsByName, inputs: readonly AttributeInput[]): AttributeChange[] {
  const byDefinition = new Map<bigint, AttributeChange>();
  for (const input of inputs) {
    const def = defs.get(input.name);
    if (!def || def.state !== 'active') throw Err.invalidAttribute(`${input.path}.attribName`, input.name);
    const given = input.values.filter((v) => v.raw !== '');
    if (given.length > MAX_VALUES) throw Err.tooManyItems(given.length);
    if (given.length > 1 && !def.multiValued) throw Err.invalidAttribute(given[1]!.path, given[1]!.raw);
    const values: AttributeChange['values'] = [];
    const seen = new Set<string>();
    for (const v of given) {
      const normalised = normaliseValue(def, v.raw);
      if (!normalised) throw Err.invalidAttribute(v.path, v.raw);
      if (seen.has(normalised.key)) continue;
      seen.add(normalised.key);
      values.push({ ...normalised, path: v.path });
    }
    byDefinition.set(def.id, { def, path: input.path, values });
  }
  return [...byDefinition.values()];
}

/**
 * A value of a `unique` definition already held by another object → 400-152 on the value's path. Writers rely on
 * the partial unique index and run this after it refused a write, to name the attribute.
 */
export async function checkUniqueValues(db: Queryable, t: ValueTable, ownerId: bigint | null, changes: readonly AttributeChange[]): Promise<void> {
  for (const change of changes) {
    if (!change.def.unique) continue;
    for (const v of change.values) {
      const rows = await db.$queryRaw<{ owner: string }[]>`
        SELECT ${t.owner}::text AS owner FROM ${t.table}
         WHERE definition_id = CAST(${String(change.def.id)} AS bigint) AND md5(key) = md5(${v.key}) AND key = ${v.key}
           AND is_unique AND ${t.owner} <> CAST(${String(ownerId ?? 0)} AS bigint)
         LIMIT 1`;
      if (rows.length) throw Err.invalidAttribute(v.path, v.value);
    }
  }
}

/**
 * Replaces the stored values of the attributes `changes` names; the others keep theirs (`created`: the owner is new
 * and holds none yet). A value a `unique` definition already has elsewhere fails on the unique index.
 */
export async function writeAttributes(tx: Executor, t: ValueTable, ownerId: bigint, changes: readonly AttributeChange[], created = false): Promise<void> {
  if (!changes.length) return;
  const owner = String(ownerId);
  if (!created) await tx.$executeRaw`
    DELETE FROM ${t.table} WHERE ${t.owner} = CAST(${owner} AS bigint)
       AND definition_id = ANY(CAST(${changes.map((c) => String(c.def.id))} AS bigint[]))`;
  const rows = changes.flatMap((c) => c.values.map((v, position) => ({ def: String(c.def.id), position, value: v.value, key: v.key, unique: c.def.unique })));
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO ${t.table} (${t.owner}, definition_id, position, value, key, is_unique)
    SELECT CAST(${owner} AS bigint), d, p, v, k, u
      FROM unnest(CAST(${rows.map((r) => r.def)} AS bigint[]), CAST(${rows.map((r) => r.position)} AS smallint[]),
                  CAST(${rows.map((r) => r.value)} AS text[]), CAST(${rows.map((r) => r.key)} AS text[]),
                  CAST(${rows.map((r) => r.unique)} AS boolean[])) AS x(d, p, v, k, u)`;
}

/** Stored values of `ownerIds`, by owner, then definition id, in the order written. */
export async function loadAttributeValues(db: Queryable, t: ValueTable, ownerIds: readonly bigint[]): Promise<Map<string, Map<string, string[]>>> {
  const out = new Map<string, Map<string, string[]>>();
  if (!ownerIds.length) return out;
  const rows = await db.$queryRaw<{ owner: string; definition: string; value: string }[]>`
    SELECT ${t.owner}::text AS owner, definition_id::text AS definition, value FROM ${t.table}
     WHERE ${t.owner} = ANY(CAST(${ownerIds.map(String)} AS bigint[]))
     ORDER BY ${t.owner}, definition_id, position`;
  for (const r of rows) {
    const byDefinition = out.get(r.owner) ?? new Map<string, string[]>();
    out.set(r.owner, byDefinition);
    byDefinition.set(r.definition, [...(byDefinition.get(r.definition) ?? []), r.value]);
  }
  return out;
}

/**
 * The `customAttributes` view of one object (03 §2.7): attributes by name ascending, those without a value left
 * out; `wanted` says which names the request asked for. Undefined when nothing remains.
 */
export function presentAttributes(stored: Map<string, string[]> | undefined, defs: DefinitionsByName, wanted: (name: string) => boolean) {
  if (!stored?.size) return undefined;
  const list = [...defs.values()]
    .filter((d) => wanted(d.name) && stored.get(String(d.id))?.length)
    .map((d) => ({ attribName: d.name, attribValues: { attribValue: stored.get(String(d.id))!.map((value) => ({ value })) } }));
  return list.length ? { customAttribute: list } : undefined;
}

/**
 * The conditions of `custom.<name>=<value>` criteria on `ownerColumn` (03 §2.7): each an index lookup on
 * (definition, md5(key)), ANDed. A value that cannot be normalised for the data type → 400-102.
 */
export function customCriteria(t: ValueTable, ownerColumn: Prisma.Sql, defs: DefinitionsByName, criteria: readonly CustomCriterion[]): Prisma.Sql[] {
  return criteria.map((c) => {
    const def = defs.get(c.name);
    if (!def) throw Err.unsupportedQueryParams([{ name: `custom.${c.name}`, value: c.value }]);
    const key = searchKey(def, c.value);
    if (key === null) throw Err.invalidParam(`custom.${c.name}`, c.value);
    return Prisma.sql`${ownerColumn} IN (SELECT ${t.owner} FROM ${t.table}
      WHERE definition_id = CAST(${String(def.id)} AS bigint) AND md5(key) = md5(${key}) AND key = ${key})`;
  });
}
