// Language use cases (07 §14): list, get by ids, create, edit (DELETE is not offered). Exactly one language is the
// default: making one the default clears the previous one, in the same transaction.
import { authorize } from '../../../authz/permissions.ts';
import { Err } from '../../../errors/app-error.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { actorUserId, nextModified, presentStamped, type Tx } from '../common.ts';
import { checkToken, distinct, readToken, requireAll, requiredText } from '../shared/admin-edit.ts';
import { checkedWrite, valueInUse } from '../shared/conflicts.ts';
import { normalizeCode, type LanguageCreate, type LanguageEdit } from './language.schema.ts';
import { findByCode, findDefaults, findLanguages, lockLanguages, pageLanguages, type LanguageRow } from './language.queries.ts';
import { presentLanguage } from './language.presenter.ts';

function present(ctx: ServiceContext, rows: LanguageRow[], q: ParsedQuery) {
  const withCreated = wantsAttribute(q, 'created');
  return presentStamped(ctx, rows, withCreated, (r, refs) => presentLanguage(r, refs, withCreated));
}

export async function listLanguages(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const sent = criterion(q, 'code', 'string')?.value;
  // `en_US`, `EN-us` and `en-us` name the same language; a value that is no code matches nothing.
  const code = sent === undefined ? undefined : (normalizeCode(sent) ?? sent);
  const page = await pageLanguages(ctx.db.prisma, { code }, q);
  return { items: await present(ctx, page.rows, q), count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getLanguages(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const rows = await findLanguages(ctx.db.prisma, ids);
  requireAll(ids, rows);
  return present(ctx, rows, q);
}

/** Clears the flag of the languages that are the default now (normally one), stamping them as changed. */
async function clearDefaults(tx: Tx, except: bigint | undefined, now: Date, by: bigint | null): Promise<void> {
  for (const row of await findDefaults(tx)) {
    if (row.id === except) continue;
    await tx.language.update({ where: { id: row.id }, data: { isDefault: false, lastModifiedAt: nextModified(row.lastModifiedAt, now), lastModifiedById: by } });
  }
}

export async function createLanguage(ctx: ServiceContext, body: LanguageCreate, q: ParsedQuery) {
  const code = normalizeCode(body.code);
  if (!code) throw Err.invalidAttribute('code', body.code);
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      await lockLanguages(tx);
      const holder = await findByCode(tx, code);
      if (holder) throw valueInUse('code', body.code, { holder: String(holder.id) });
      if (body.isDefault) await clearDefaults(tx, undefined, now, by);
      const created = await tx.language.create({
        data: { code, label: body.label, isDefault: body.isDefault ?? false, createdAt: now, createdById: by, lastModifiedAt: now, lastModifiedById: by },
      });
      return (await findLanguages(tx, [created.id]))[0]!;
    },
    () => valueInUse('code', body.code, { holder: code }),
  );
  return (await present(ctx, [row], q))[0]!;
}

export async function editLanguages(ctx: ServiceContext, items: LanguageEdit) {
  const edits = items.map((item, i) => {
    const path = `language[${i}]`;
    return { id: BigInt(item.id), path, label: requiredText(item.label, `${path}.label`), isDefault: item.isDefault, token: readToken(item.lastModified, path) };
  });
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await checkedWrite(
    ctx,
    async (tx) => {
      await lockLanguages(tx);
      const ids = distinct(edits.map((e) => e.id));
      const rows = await findLanguages(tx, ids);
      requireAll(ids, rows);
      const stored = new Map(rows.map((r) => [r.id, r]));

      // Exactly one default (07 §14): one language may be made the default; the default cannot be unset otherwise.
      const current = (await findDefaults(tx))[0]?.id;
      const promoted = edits.filter((e) => e.isDefault === true);
      const conflicting = promoted.find((e) => e.id !== promoted[0]!.id);
      if (conflicting) throw Err.invalidAttribute(`${conflicting.path}.isDefault`, 'true');
      const nextDefault = promoted[0]?.id ?? current;
      const demoted = edits.find((e) => e.isDefault === false && e.id === nextDefault);
      if (demoted) throw Err.invalidAttribute(`${demoted.path}.isDefault`, 'false');

      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);

      // The previous default loses its flag before the new one gets it (the single-default index is immediate).
      if (nextDefault !== current && (current === undefined || !ids.includes(current))) await clearDefaults(tx, nextDefault, now, by);
      for (const id of [...ids].sort((a, b) => Number(b === current) - Number(a === current))) {
        const data: { label?: string; isDefault?: boolean } = {};
        for (const e of edits.filter((x) => x.id === id)) if (e.label !== undefined) data.label = e.label;
        if (id === nextDefault) data.isDefault = true;
        else if (id === current) data.isDefault = false;
        await tx.language.update({ where: { id }, data: { ...data, lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now), lastModifiedById: by } });
      }
    },
    () => Err.invalidAttribute('isDefault', 'true'),
  );
}
