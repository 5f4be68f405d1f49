// Custom attribute definition use cases (07 §13): list, get by ids, create, edit, delete. Reads need admin.read,
// writes admin.write (07 §1.2); every write is one adminWrite transaction, whose config_version bump refreshes the
// AttributeDefinitions cache the interaction areas validate and search with (07 §1.1).
//
// Order of checks (01 §7.2): what the body alone decides (types, lengths, bounds, values valid for the data type of a
// create) before the permission; after it existence (404-101), the rules that need the stored definition (400-152),
// state (409-102), then the concurrency token (409-101).
import { authorize } from '../../../authz/permissions.ts';
import { AppError, Err } from '../../../errors/app-error.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { AllowedValue, DataType, ObjectType } from '../../custom-attributes/definition.ts';
import { compareDecimal, DEFAULT_MAX_LENGTH, normaliseByType } from '../../custom-attributes/normalise.ts';
import { actorUserId, adminWrite, nextModified, presentStamped } from '../common.ts';
import { checkToken, distinct, readToken, requireAll } from '../shared/admin-edit.ts';
import { checkedWrite, stillInUse, valueInUse } from '../shared/conflicts.ts';
import type { CustomAttributeCreate, CustomAttributeEdit, ValuesInput } from './custom-attribute.schema.ts';
import {
  allowedValuesColumn,
  findDefinitions,
  findHolders,
  findNameHolder,
  lockDefinitions,
  pageDefinitions,
  releaseUnique,
  storedKeys,
  type DefinitionRow,
} from './custom-attribute.queries.ts';
import { presentCustomAttribute } from './custom-attribute.presenter.ts';

function present(ctx: ServiceContext, rows: DefinitionRow[], q: ParsedQuery) {
  const withCreated = wantsAttribute(q, 'created');
  return presentStamped(ctx, rows, withCreated, (r, refs) => presentCustomAttribute(r, refs, withCreated));
}

export async function listCustomAttributes(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const db = ctx.db.prisma;
  const filter = {
    objectType: criterion(q, 'objectType', 'enum')?.value,
    name: criterion(q, 'name', 'string')?.value,
    state: criterion(q, 'state', 'enum')?.value,
  };
  const page = await pageDefinitions(db, filter, q);
  const items = await present(ctx, await findDefinitions(db, page.ids), q);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getCustomAttributes(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const rows = await findDefinitions(ctx.db.prisma, ids);
  requireAll(ids, rows);
  return present(ctx, rows, q);
}

// ---------------------------------------------------------------------------------------------------------------
// Rules of a definition (07 §13)
// ---------------------------------------------------------------------------------------------------------------

/** `{reason}` of 07 §19 for the changes stored values (or the definition's rules) do not allow, with its es-ES text. */
const storedValuesForbid = { 'en-US': 'stored values do not allow this change', 'es-ES': 'los valores almacenados no permiten este cambio' };

/** 409-102 on one definition: its id, then the field and the value that cannot be taken. */
function changeRefused(id: bigint, field: string, value: string): AppError {
  return new AppError('409-102', { id: String(id), reason: storedValuesForbid }, [
    { key: 'id', value: String(id) },
    { key: field, value },
  ]);
}

const isNumber = (t: DataType) => t === 'integer' || t === 'decimal';
const blank = (v: string | null | undefined): v is null | undefined | '' => v === undefined || v === null || v.trim() === '';
/** The key a value is compared and stored under (03 §2.7): numbers canonical, other types as normalised. */
const keyOf = (dataType: DataType, value: string) => normaliseByType(dataType, value)?.key ?? value;

/** The parts of a definition its rules relate. */
type Rules = { dataType: DataType; maxLength: number | null; minimum: string | null; maximum: string | null; enumerated: boolean; allowedValues: AllowedValue[] };

/** A bound (`minimum`, `maximum`): only for numbers, a number of the data type; stored in its normalised form. */
function readBound(dataType: DataType, raw: string, path: string): string {
  const n = isNumber(dataType) ? normaliseByType(dataType, raw.trim()) : null;
  if (!n) throw Err.invalidAttribute(path, raw);
  return n.value;
}

/** minimum ≤ maximum, else 400-152 on `at` (the bound that was sent). */
function checkBoundOrder(r: Rules, at: { path: string; value: string | null }): void {
  if (r.minimum === null || r.maximum === null) return;
  if (compareDecimal(keyOf(r.dataType, r.minimum), keyOf(r.dataType, r.maximum)) > 0) throw Err.invalidAttribute(at.path, at.value);
}

type SentValue = { value: string; label?: string | null | undefined };

/**
 * The allowed values sent (`path` = their `values`): each valid for the data type (stored in its normalised
 * spelling: `007` → `7`, `yes` → `true`), unique case-insensitively (and by number: `1.5` and `1.50` are one value);
 * an empty label is no label. Any violation → 400-152 on `<path>.allowedValue[j].value`.
 */
function readValues(dataType: DataType, sent: readonly SentValue[], path: string): AllowedValue[] {
  const seen = new Set<string>();
  return sent.map((v, j) => {
    const n = normaliseByType(dataType, dataType === 'string' ? v.value : v.value.trim());
    const key = n?.key.toLowerCase();
    if (!n || key === undefined || seen.has(key)) throw Err.invalidAttribute(`${path}.allowedValue[${j}].value`, v.value);
    seen.add(key);
    return blank(v.label) ? { value: n.value } : { value: n.value, label: v.label };
  });
}

/** Whether an allowed value could be written under the definition: within maxLength (strings) and the bounds. */
function fits(r: Rules, value: string): boolean {
  if (r.dataType === 'string') return [...value].length <= (r.maxLength ?? DEFAULT_MAX_LENGTH);
  if (!isNumber(r.dataType)) return true;
  const key = keyOf(r.dataType, value);
  if (r.minimum !== null && compareDecimal(key, keyOf(r.dataType, r.minimum)) < 0) return false;
  return r.maximum === null || compareDecimal(key, keyOf(r.dataType, r.maximum)) <= 0;
}

/** Every allowed value fits the definition, else 400-152 where `at(j)` says (the value, or the bound that excludes it). */
function checkValuesFit(r: Rules, at: (j: number) => { path: string; value: string | null }): void {
  r.allowedValues.forEach((v, j) => {
    if (!fits(r, v.value)) throw Err.invalidAttribute(at(j).path, at(j).value);
  });
}

const sentValues = (values: ValuesInput): SentValue[] => values?.allowedValue ?? [];

// ---------------------------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------------------------

/** A create body read into the row it creates (07 §13 defaults); every rule of the body alone checked. */
function readCreate(body: CustomAttributeCreate) {
  const objectType = body.objectType.value as ObjectType;
  const dataType = body.dataType.value as DataType;
  const enumerated = body.enumerated ?? false;
  // maxLength: strings only (default 255, stored and returned).
  if (body.maxLength !== undefined && body.maxLength !== null && dataType !== 'string') throw Err.invalidAttribute('maxLength', body.maxLength);
  const rules: Rules = {
    dataType,
    maxLength: dataType === 'string' ? (body.maxLength ?? DEFAULT_MAX_LENGTH) : null,
    minimum: blank(body.minimum) ? null : readBound(dataType, body.minimum, 'minimum'),
    maximum: blank(body.maximum) ? null : readBound(dataType, body.maximum, 'maximum'),
    enumerated,
    allowedValues: [],
  };
  checkBoundOrder(rules, { path: 'maximum', value: body.maximum ?? null });
  // values: required (≥ 1) when enumerated, forbidden otherwise.
  const sent = sentValues(body.values);
  if (!enumerated && sent.length) throw Err.invalidAttribute('values', '');
  if (enumerated && !sent.length) throw Err.missingAttribute('values');
  rules.allowedValues = readValues(dataType, sent, 'values');
  checkValuesFit(rules, (j) => ({ path: `values.allowedValue[${j}].value`, value: sent[j]!.value }));
  return {
    objectType,
    name: body.name,
    displayName: blank(body.displayName) ? body.name : body.displayName,
    ...rules,
    multiValued: body.multiValued ?? false,
    unique: body.unique ?? false,
    state: body.state?.value ?? 'active',
  };
}

export async function createCustomAttribute(ctx: ServiceContext, body: CustomAttributeCreate, q: ParsedQuery) {
  const def = readCreate(body);
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      // Unique per object type, case-sensitively (07 §13).
      const holder = await findNameHolder(tx, def.objectType, def.name);
      if (holder !== undefined) throw valueInUse('name', def.name, { holder: String(holder) });
      const created = await tx.customAttributeDefinition.create({
        data: {
          objectType: def.objectType,
          name: def.name,
          displayName: def.displayName,
          dataType: def.dataType,
          maxLength: def.maxLength,
          minimum: def.minimum,
          maximum: def.maximum,
          enumerated: def.enumerated,
          allowedValues: allowedValuesColumn(def.allowedValues),
          multiValued: def.multiValued,
          unique: def.unique,
          state: def.state,
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        },
        select: { id: true },
      });
      return (await findDefinitions(tx, [created.id]))[0]!;
    },
    () => valueInUse('name', def.name, { holder: def.name }),
  );
  return (await present(ctx, [row], q))[0]!;
}

// ---------------------------------------------------------------------------------------------------------------
// Edit
// ---------------------------------------------------------------------------------------------------------------

type Edit = CustomAttributeEdit[number] & { key: bigint; path: string; token: Date | undefined };

/**
 * One edit item applied to the definition as the items before it left it (`def`, changed in place). Rules that need
 * the stored definition → 400-152 (thrown); changes the definition does not allow → 409-102 (collected: reported
 * after every item's 400-152 check).
 */
function applyEdit(def: DefinitionRow, e: Edit, refused: AppError[]): void {
  const p = e.path;
  if (e.displayName !== undefined) def.displayName = blank(e.displayName) ? def.name : e.displayName;

  // maxLength: strings only; may only grow. Cleared = the default 255.
  if (e.maxLength !== undefined) {
    if (def.dataType !== 'string') {
      if (e.maxLength !== null) throw Err.invalidAttribute(`${p}.maxLength`, e.maxLength);
    } else {
      const wanted = e.maxLength ?? DEFAULT_MAX_LENGTH;
      if (wanted < (def.maxLength ?? DEFAULT_MAX_LENGTH)) refused.push(changeRefused(def.id, 'maxLength', String(wanted)));
      else def.maxLength = wanted;
    }
  }

  // minimum/maximum: numbers only; may be cleared (then any type accepts the empty value).
  if (e.minimum !== undefined) def.minimum = blank(e.minimum) ? null : readBound(def.dataType, e.minimum, `${p}.minimum`);
  if (e.maximum !== undefined) def.maximum = blank(e.maximum) ? null : readBound(def.dataType, e.maximum, `${p}.maximum`);
  // The bound an error names: the one sent (the maximum when both were), with the value as sent.
  const bound = e.maximum !== undefined ? { path: `${p}.maximum`, value: e.maximum } : { path: `${p}.minimum`, value: e.minimum ?? null };
  if (e.minimum !== undefined || e.maximum !== undefined) checkBoundOrder(def, bound);

  // values: replace the list; ≥ 1 when enumerated, none otherwise (enumerated itself is read-only).
  const sent = sentValues(e.values);
  if (e.values !== undefined) {
    if (!def.enumerated ? sent.length > 0 : sent.length === 0) throw Err.invalidAttribute(`${p}.values`, '');
    def.allowedValues = readValues(def.dataType, sent, `${p}.values`);
  }
  if (e.values !== undefined || e.minimum !== undefined || e.maximum !== undefined) {
    checkValuesFit(def, (j) => (e.values !== undefined ? { path: `${p}.values.allowedValue[${j}].value`, value: sent[j]!.value } : bound));
  }

  // multiValued: false → true only; unique: true → false only.
  if (typeof e.multiValued === 'boolean') {
    if (def.multiValued && !e.multiValued) refused.push(changeRefused(def.id, 'multiValued', 'false'));
    else def.multiValued = e.multiValued;
  }
  if (typeof e.unique === 'boolean') {
    if (!def.unique && e.unique) refused.push(changeRefused(def.id, 'unique', 'true'));
    else def.unique = e.unique;
  }
  if (e.state?.value) def.state = e.state.value;
}

export async function editCustomAttributes(ctx: ServiceContext, items: CustomAttributeEdit) {
  const edits: Edit[] = items.map((item, i) => {
    const path = `customAttributeDefinition[${i}]`;
    // Fields with a value that cannot be cleared: a state, and the two flags (01 §3.2: clearing them → 400-152).
    if (item.state === null || (item.state !== undefined && item.state.value === undefined)) throw Err.invalidAttribute(`${path}.state`, '');
    if (item.multiValued === null) throw Err.invalidAttribute(`${path}.multiValued`, '');
    if (item.unique === null) throw Err.invalidAttribute(`${path}.unique`, '');
    return { ...item, key: BigInt(item.id), path, token: readToken(item.lastModified, path) };
  });
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await adminWrite(ctx, async (tx) => {
    const ids = distinct(edits.map((e) => e.key));
    await lockDefinitions(tx, ids);
    const rows = await findDefinitions(tx, ids);
    requireAll(ids, rows);
    const stored = new Map(rows.map((r) => [r.id, r]));
    const next = new Map(rows.map((r) => [r.id, { ...r, allowedValues: [...r.allowedValues] }]));

    const refused: AppError[] = [];
    for (const e of edits) applyEdit(next.get(e.key)!, e, refused);
    if (refused.length) throw refused[0];

    // An allowed value that disappears (its normalised key is no longer among the values) must not be stored.
    for (const id of ids) {
      const before = stored.get(id)!;
      const after = next.get(id)!;
      const kept = new Set(after.allowedValues.map((v) => keyOf(after.dataType, v.value)));
      const removed = before.allowedValues.filter((v) => !kept.has(keyOf(before.dataType, v.value)));
      if (!removed.length) continue;
      const still = await storedKeys(tx, before, removed.map((v) => keyOf(before.dataType, v.value)));
      const hit = removed.find((v) => still.has(keyOf(before.dataType, v.value)));
      if (hit) throw changeRefused(id, 'values', hit.value);
    }

    for (const e of edits) checkToken(e.key, e.token, stored.get(e.key)!.lastModifiedAt);

    for (const id of ids) {
      const before = stored.get(id)!;
      const d = next.get(id)!;
      await tx.customAttributeDefinition.update({
        where: { id },
        data: {
          displayName: d.displayName,
          maxLength: d.maxLength,
          minimum: d.minimum,
          maximum: d.maximum,
          allowedValues: allowedValuesColumn(d.allowedValues),
          multiValued: d.multiValued,
          unique: d.unique,
          state: d.state,
          lastModifiedAt: nextModified(before.lastModifiedAt, now),
          lastModifiedById: by,
        },
      });
      if (before.unique && !d.unique) await releaseUnique(tx, d);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------------------------

/** At most this many blocking objects are named (as for the other administration deletes). */
const maxHolders = 10;

export async function deleteCustomAttributes(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.write');
  await checkedWrite(
    ctx,
    async (tx) => {
      await lockDefinitions(tx, ids);
      const rows = await findDefinitions(tx, ids);
      requireAll(ids, rows);
      // A definition that still has stored values cannot go (07 §13): the blocked ids, then the holders.
      const holders = await findHolders(tx, rows);
      if (holders.length) {
        const blocked = ids.filter((id) => holders.some((h) => h.definitionId === id)).map(String);
        const refs = [...new Map(holders.map((h) => [`${h.key}:${h.value}`, { key: h.key, value: h.value }])).values()];
        throw stillInUse(blocked, refs.slice(0, maxHolders));
      }
      await tx.customAttributeDefinition.deleteMany({ where: { id: { in: ids } } });
    },
    // A value stored after the check (the foreign key refuses the delete).
    () => stillInUse(ids.map(String), []),
  );
}
