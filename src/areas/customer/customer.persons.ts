// Writes of contact persons and contact points (03 §4.2, §4.3, §7.4): adding, updating and removing them inside a
// customer's create or edit transaction. Removed persons and points stay as rows (activities keep showing them)
// but leave every view and search; a removed person loses its login.
import { Prisma } from '../../generated/prisma/client.ts';
import { Err } from '../../errors/app-error.ts';
import type { Tx } from '../administration/common.ts';
import type { PersonInput, PointFields } from './customer.input.ts';
import { loginIdHolder, personColumns as personColumnSet, pointColumns as pointColumnSet, type CustomerGraph, type Db, type PersonRow, type PointRow } from './customer.queries.ts';
import { individualName, pointColumns } from './customer.rows.ts';

/** Login ids sent twice in one body, or held by a contact person other than the ones being written → 400-152. */
export async function checkLoginIds(db: Db, persons: readonly PersonInput[]): Promise<void> {
  const seen = new Set<string>();
  for (const p of persons) {
    const loginId = p.fields.loginId;
    if (!loginId) continue;
    const key = loginId.toLowerCase();
    if (seen.has(key) || (await loginIdHolder(db, loginId, p.id !== undefined ? [p.id] : []))) {
      throw Err.invalidAttribute(`${p.path}.loginId`, loginId);
    }
    seen.add(key);
  }
}

/** camelCase field → snake_case column (`address1` → `address_1`). */
const column = (field: string) => field.replace(/([A-Z]|\d+)/g, (m) => `_${m.toLowerCase()}`);

/** A row as `row_to_json` gives it, read back into the shape Prisma would have returned. */
function fromJson<T>(json: Record<string, unknown>, keys: readonly string[], opts: { bigints: string[]; dates?: string[] }): T {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = json[column(key)];
    out[key] = v === null || v === undefined ? null : opts.bigints.includes(key) ? BigInt(v as string | number) : opts.dates?.includes(key) ? new Date(`${v as string}T00:00:00.000Z`) : v;
  }
  return out as T;
}

const pointKeys = Object.keys(pointColumnSet);

/** A contact point as `row_to_json` gives it, read back as a PointRow. */
export const pointFromJson = (json: Record<string, unknown>): PointRow => fromJson<PointRow>(json, pointKeys, { bigints: ['id', 'contactPersonId', 'customerId'] });
// The columns a new contact point is written with: its fields and the phone search keys derived from them.
const pointFieldKeys = [
  ...pointKeys.filter((k) => !['id', 'contactPersonId', 'customerId', 'kind', 'priority'].includes(k)),
  'phoneDigits',
  'phoneDigitsArea',
  'phoneDigitsFull',
];
const personKeys = Object.keys(personColumnSet);

/**
 * Inserts a contact person and its contact points in one statement, and returns them as stored (the create answers
 * from these rows instead of reading the customer again).
 */
export async function insertPerson(tx: Tx, customerId: bigint, p: PersonInput, passwordHash: string | undefined, now: Date) {
  const fields: Record<string, unknown> = { ...p.fields, firstName: p.fields.firstName ?? '', customerId, passwordHash: passwordHash ?? null, createdAt: now, lastModifiedAt: now };
  const names = Object.keys(fields).filter((k) => fields[k] !== undefined);
  const cols = Prisma.raw(names.map(column).join(', '));
  const values = Prisma.join(names.map((k) => (k === 'customerId' ? Prisma.sql`CAST(${String(fields[k])} AS bigint)` : Prisma.sql`${fields[k]}`)));
  const points = p.points.map((pt) => ({ ...pointColumns(pt.kind!, pt.fields), kind: pt.kind!, priority: pt.priority ?? 2 }) as Record<string, unknown>);
  const arrays = Prisma.join([
    Prisma.sql`CAST(${points.map((x) => x.kind)} AS text[])`,
    Prisma.sql`CAST(${points.map((x) => x.priority)} AS smallint[])`,
    ...pointFieldKeys.map((k) => Prisma.sql`CAST(${points.map((x) => (x[k] ?? null) as string | null)} AS text[])`),
  ]);
  const pointCols = Prisma.raw(['kind', 'priority', ...pointFieldKeys].map(column).join(', '));
  const [row] = await tx.$queryRaw<{ person: Record<string, unknown>; points: Record<string, unknown>[] }[]>`
    WITH p AS (INSERT INTO contact_person (${cols}) VALUES (${values}) RETURNING *),
         pt AS (INSERT INTO contact_point (contact_person_id, customer_id, created_at, ${pointCols})
                SELECT p.id, p.customer_id, ${now}, x.* FROM p, unnest(${arrays}) AS x RETURNING *)
    SELECT row_to_json(p.*) AS person, (SELECT coalesce(json_agg(pt.* ORDER BY pt.id), '[]'::json) FROM pt) AS points FROM p`;
  const person = fromJson<PersonRow>(row!.person, personKeys, { bigints: ['id', 'customerId'], dates: ['dateOfBirth'] });
  const stored = row!.points.map(pointFromJson);
  return { ...person, points: stored };
}

/** The stored fields of a contact point, as an update merges them. */
function storedFields(p: PointRow): PointFields {
  const { id: _id, contactPersonId: _person, customerId: _customer, kind: _kind, priority: _priority, ...fields } = p;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)) as PointFields;
}

const invalid = (path: string, value: unknown) => Err.invalidAttribute(path, value);

/**
 * Checks the contact person and point items of an edit against the stored customer (03 §7.4): ids must be this
 * customer's (400-152), an individual keeps exactly one person, a kind never changes, a password needs a login id.
 */
function checkItems(stored: CustomerGraph, inputs: readonly PersonInput[]): void {
  const byId = new Map(stored.persons.map((p) => [p.id, p]));
  const individual = stored.type === 'individual';
  // One item per contact person and per contact point: a second one would act on a row the first changed.
  const seenPersons = new Set<bigint>();
  const seenPoints = new Set<bigint>();
  for (const p of inputs) {
    if (p.id !== undefined && seenPersons.has(p.id)) throw invalid(`${p.path}.id`, String(p.id));
    if (p.id !== undefined) seenPersons.add(p.id);
    for (const pt of p.points) {
      if (pt.id !== undefined && seenPoints.has(pt.id)) throw invalid(`${pt.path}.id`, String(pt.id));
      if (pt.id !== undefined) seenPoints.add(pt.id);
    }
  }
  // At most 75 contact persons per customer and 75 contact points per person after the edit (03 §4.1, §4.2).
  const persons = stored.persons.length + inputs.filter((p) => p.id === undefined).length - inputs.filter((p) => p.remove).length;
  if (persons > 75) throw Err.tooManyItems(persons);
  for (const p of inputs) {
    const s = p.id === undefined ? undefined : byId.get(p.id);
    const points = (s?.points.length ?? 0) + p.points.filter((pt) => pt.id === undefined).length - p.points.filter((pt) => pt.remove).length;
    if (points > 75) throw Err.tooManyItems(points);
  }
  for (const p of inputs) {
    if (p.id === undefined) {
      if (individual) throw invalid(p.path, '');
      if (p.password !== undefined && !p.fields.loginId) throw invalid(`${p.path}.password`, '');
      continue;
    }
    const s = byId.get(p.id);
    if (!s) throw invalid(`${p.path}.id`, String(p.id));
    if (p.remove) {
      if (individual) throw invalid(`${p.path}.remove`, 'true');
      continue;
    }
    const loginId = p.fields.loginId !== undefined ? p.fields.loginId : s.loginId;
    if (p.password !== undefined && !loginId) throw invalid(`${p.path}.password`, '');
    for (const pt of p.points) {
      if (pt.id === undefined) continue;
      const sp = s.points.find((x) => x.id === pt.id);
      if (!sp) throw invalid(`${pt.path}.id`, String(pt.id));
      if (pt.kind && pt.kind !== sp.kind) throw invalid(`${pt.path}.type.value`, pt.kind);
    }
  }
}

export type PersonsOutcome = {
  /** An individual's new derived name when its contact person's names changed. */
  individualName?: string;
  /** Contact persons whose customer sessions end (removed, password or login id changed). */
  endSessionsOf: bigint[];
};

/** Applies the contact person items of an edit; all checks run before the first write. */
export async function applyPersons(
  tx: Tx,
  stored: CustomerGraph,
  inputs: readonly PersonInput[],
  passwords: Map<PersonInput, string>,
  now: Date,
): Promise<PersonsOutcome> {
  checkItems(stored, inputs);
  await checkLoginIds(tx, inputs.filter((p) => !p.remove));
  const outcome: PersonsOutcome = { endSessionsOf: [] };
  const byId = new Map(stored.persons.map((p) => [p.id, p]));

  for (const p of inputs) {
    if (p.id === undefined) {
      await insertPerson(tx, stored.id, p, passwords.get(p), now);
      continue;
    }
    const s = byId.get(p.id)!;
    if (p.remove) {
      await tx.contactPerson.update({ where: { id: p.id }, data: { removedAt: now, loginId: null, passwordHash: null, lastModifiedAt: now } });
      await tx.contactPoint.updateMany({ where: { contactPersonId: p.id, removedAt: null }, data: { removedAt: now } });
      outcome.endSessionsOf.push(p.id);
      continue;
    }
    const data: Prisma.ContactPersonUncheckedUpdateInput = { ...p.fields };
    const hash = passwords.get(p);
    if (hash !== undefined) data.passwordHash = hash;
    // Without a login id there is no login: the password goes too.
    if (p.fields.loginId === null) data.passwordHash = null;
    if (hash !== undefined || (p.fields.loginId !== undefined && p.fields.loginId?.toLowerCase() !== s.loginId?.toLowerCase())) {
      outcome.endSessionsOf.push(p.id);
    }
    if (Object.keys(data).length) await tx.contactPerson.update({ where: { id: p.id }, data: { ...data, lastModifiedAt: now } });
    if (stored.type === 'individual' && ('firstName' in p.fields || 'middleName' in p.fields || 'lastName' in p.fields)) {
      outcome.individualName = individualName({ ...s, ...p.fields });
    }

    const added = p.points.filter((pt) => pt.id === undefined);
    if (added.length) {
      await tx.contactPoint.createMany({
        data: added.map((pt) => ({ ...pointColumns(pt.kind!, pt.fields), kind: pt.kind!, priority: pt.priority ?? 2, contactPersonId: p.id!, customerId: stored.id, createdAt: now })),
      });
    }
    for (const pt of p.points) {
      if (pt.id === undefined) continue;
      if (pt.remove) {
        await tx.contactPoint.update({ where: { id: pt.id }, data: { removedAt: now } });
        continue;
      }
      const sp = s.points.find((x) => x.id === pt.id)!;
      const merged = { ...storedFields(sp), ...pt.fields };
      await tx.contactPoint.update({
        where: { id: pt.id },
        data: { ...pointColumns(sp.kind, merged), ...(pt.priority !== undefined ? { priority: pt.priority } : {}) },
      });
    }
  }
  return outcome;
}
