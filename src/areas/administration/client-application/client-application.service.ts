// Client applications (07 §18): registered integrations that obtain Bearer tokens with OAuth client credentials
// (02 §4). Deleting is soft (deleted_at); deleting, deactivating and rotating the secrets end every token of the
// application (02 §6.4). `entryPoints` names chat entry points (07 §8) of any department and state: 07 §18 puts no
// department on an application, and an inactive entry point is refused when a conversation starts (08 §4.4), not here.
import { randomBytes } from 'node:crypto';
import { AppError, Err } from '../../../errors/app-error.ts';
import type { MessageParam } from '../../../errors/catalogue.ts';
import { authorize } from '../../../authz/permissions.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { criterion, wantsAttribute } from '../../../query/parse.ts';
import type { View } from '../../../representation/render.ts';
import type { Prisma } from '../../../generated/prisma/client.ts';
import { hashPassword } from '../../authentication/passwords.ts';
import type { ServiceContext } from '../../service-context.ts';
import { actorUserId, adminWrite, checkConcurrency, nextModified, userRefs, type Tx } from '../common.ts';
import { presentClientApplication, type ClientApplicationRow, type Secrets } from './client-application.presenter.ts';
import { entryPointsOf, lockEntryPointsToLink, removeEntryPoints, replaceEntryPoints } from './client-application.queries.ts';

type EnumIn = { value?: string | undefined } | null | undefined;
type EntryPointsIn = { entryPoint?: { id: string }[] | undefined } | null | undefined;

export type CreateInput = {
  name: string;
  description?: string | null | undefined;
  type?: EnumIn;
  state?: EnumIn;
  callbackUrl: string;
  entryPoints?: EntryPointsIn;
};

export type EditInput = {
  id: string;
  name?: string | null | undefined;
  description?: string | null | undefined;
  state?: EnumIn;
  callbackUrl?: string | null | undefined;
  callbackState?: EnumIn;
  entryPoints?: EntryPointsIn;
  lastModified?: { date?: string | undefined } | undefined;
};

const select = {
  id: true,
  name: true,
  description: true,
  type: true,
  clientKey: true,
  state: true,
  callbackUrl: true,
  callbackState: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} as const satisfies Prisma.ClientApplicationSelect;

const maxCallbackUrl = 2000;

/** An absolute http or https URL of at most 2,000 characters, without blanks (07 §18 `callbackUrl`). */
export function validCallbackUrl(value: string): boolean {
  if (Array.from(value).length > maxCallbackUrl || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The OAuth client id: 128 random bits as 32 lower-case hex digits. */
export const newClientKey = () => randomBytes(16).toString('hex');
/** 36 random bytes, base64url: 48 characters. */
export const newSecret = () => randomBytes(36).toString('base64url');

const blank = (v: unknown) => v === null || (typeof v === 'string' && v.trim() === '');

const inUse = (field: string): MessageParam => ({
  'en-US': `the value of '${field}' is already in use`,
  'es-ES': `el valor de '${field}' ya está en uso`,
});

/** 07 §1.4: a uniqueness violation is 409-102 naming the field; the message names the resource holding the value. */
const nameConflict = (holder: string, path: string, name: string) => new AppError('409-102', { id: holder, reason: inUse('name') }, [{ key: path, value: name }]);

/**
 * The entry points a body names, in order, each once; undefined when `entryPoints` is absent (an edit then keeps the
 * set). `null`, `{}` and an empty list all mean none: on create the default, on edit a cleared set (07 §18 "replaces").
 */
function entryPointIds(entryPoints: EntryPointsIn): bigint[] | undefined {
  if (entryPoints === undefined) return undefined;
  return [...new Set((entryPoints?.entryPoint ?? []).map((e) => BigInt(e.id)))];
}

/**
 * Every entry point the bodies name must exist (01 §5.7: else 400-152 on `<prefix>entryPoints.entryPoint[j].id`,
 * the first failing one in body order). They stay key-share locked until the write commits.
 */
async function resolveEntryPoints(tx: Tx, bodies: readonly { prefix: string; entryPoints: EntryPointsIn }[]): Promise<void> {
  const named = bodies.flatMap((b) => b.entryPoints?.entryPoint ?? []);
  if (!named.length) return;
  const found = await lockEntryPointsToLink(tx, [...new Set(named.map((e) => BigInt(e.id)))]);
  for (const { prefix, entryPoints } of bodies) {
    entryPoints?.entryPoint?.forEach((e, j) => {
      if (!found.has(BigInt(e.id))) throw Err.invalidAttribute(`${prefix}entryPoints.entryPoint[${j}].id`, e.id);
    });
  }
}

/** Ends every live token of the applications (02 §6.4). */
async function endTokens(tx: Tx, ids: readonly bigint[], now: Date): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE session SET ended_at = $2 WHERE client_application_id = ANY($1::bigint[]) AND ended_at IS NULL`,
    ids.map(String),
    now,
  );
}

/** Locks the live (not deleted) applications among `ids` for the rest of the transaction; any other id → 404-101. */
async function lockLive(tx: Tx, ids: readonly string[]): Promise<Map<string, ClientApplicationRow>> {
  await tx.$queryRawUnsafe(`SELECT id FROM client_application WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL FOR UPDATE`, ids);
  const rows = await tx.clientApplication.findMany({ where: { id: { in: ids.map(BigInt) }, deletedAt: null }, select });
  const found = new Map(rows.map((r) => [String(r.id), r]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw Err.idsNotFound(missing);
  return found;
}

const isUniqueViolation = (err: unknown): boolean => {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 'P2002' || e.code === '23505') return true;
  }
  return false;
};

async function present(ctx: ServiceContext, rows: ClientApplicationRow[], created: boolean, secrets?: Secrets): Promise<View[]> {
  const refs = await userRefs(ctx, rows.flatMap((r) => [r.lastModifiedById, created ? r.createdById : null]));
  const entryPoints = await entryPointsOf(ctx.db.prisma, rows.map((r) => r.id));
  return rows.map((r) => presentClientApplication(r, refs, { created, secrets, entryPoints: entryPoints.get(r.id) }));
}

/** The list (07 §18): filters `state` and `name` (exact, case-sensitive, 01 §10), sort `id` or `name`. */
export async function listClientApplications(ctx: ServiceContext, q: ParsedQuery): Promise<{ items: View[]; count: number }> {
  authorize(ctx.actor, 'admin.config.read');
  const state = criterion(q, 'state', 'enum')?.value;
  const name = criterion(q, 'name', 'string')?.value;
  const where: Prisma.ClientApplicationWhereInput = { deletedAt: null, ...(state ? { state } : {}), ...(name !== undefined ? { name } : {}) };
  const count = await ctx.db.prisma.clientApplication.count({ where });
  if (q.count || q.paging.offset >= count) return { items: [], count };
  const dir = q.sort.order;
  const rows = await ctx.db.prisma.clientApplication.findMany({
    where,
    select,
    orderBy: q.sort.field === 'name' ? [{ name: dir }, { id: dir }] : [{ id: dir }],
    skip: q.paging.offset,
    take: q.paging.limit,
  });
  return { items: await present(ctx, rows, wantsAttribute(q, 'created')), count };
}

export async function getClientApplications(ctx: ServiceContext, ids: readonly string[], q: ParsedQuery): Promise<View[]> {
  authorize(ctx.actor, 'admin.config.read');
  const rows = await ctx.db.prisma.clientApplication.findMany({ where: { id: { in: ids.map(BigInt) }, deletedAt: null }, select });
  const found = new Map(rows.map((r) => [String(r.id), r]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw Err.idsNotFound(missing);
  return present(ctx, ids.map((id) => found.get(id)!), wantsAttribute(q, 'created'));
}

/**
 * Creates an application (07 §18) and answers it with its secrets, the only time besides rotation they are shown.
 * Order of checks (01 §7.2): values (400-152), permission (403-197), entry points (400-152), name taken (409-102).
 */
export async function createClientApplication(ctx: ServiceContext, input: CreateInput, q: ParsedQuery): Promise<View> {
  if (!validCallbackUrl(input.callbackUrl)) throw Err.invalidAttribute('callbackUrl', input.callbackUrl);
  authorize(ctx.actor, 'admin.write');
  const entryPoints = entryPointIds(input.entryPoints) ?? [];

  const secrets: Secrets = { clientSecret: newSecret(), webhookSecret: newSecret() };
  const secretHash = await hashPassword(secrets.clientSecret);
  const now = ctx.now();
  const by = actorUserId(ctx);
  const taken = async (db: Pick<Tx, 'clientApplication'>) =>
    db.clientApplication.findFirst({ where: { name: { equals: input.name, mode: 'insensitive' }, deletedAt: null }, select: { id: true } });
  let row: ClientApplicationRow;
  try {
    row = await adminWrite(ctx, async (tx) => {
      await resolveEntryPoints(tx, [{ prefix: '', entryPoints: input.entryPoints }]);
      const holder = await taken(tx);
      if (holder) throw nameConflict(String(holder.id), 'name', input.name);
      const created = await tx.clientApplication.create({
        data: {
          name: input.name,
          description: blank(input.description) ? null : input.description!,
          type: input.type?.value ?? 'chat',
          clientKey: newClientKey(),
          secretHash,
          webhookSecret: secrets.webhookSecret,
          state: input.state?.value ?? 'active',
          callbackUrl: input.callbackUrl,
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        },
        select,
      });
      await replaceEntryPoints(tx, created.id, entryPoints);
      return created;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const holder = await taken(ctx.db.prisma);
    throw holder ? nameConflict(String(holder.id), 'name', input.name) : err;
  }
  return (await present(ctx, [row], wantsAttribute(q, 'created'), secrets))[0]!;
}

/**
 * Edits 1–75 applications, all or nothing (07 §1.4). Only the fields sent change; `name` and `callbackUrl` cannot
 * be cleared (400-152); `state` inactive ends the application's tokens; `callbackState` may only be set to
 * `active`; `entryPoints` replaces the whole set (07 §18); `type` and the generated fields are read-only (ignored).
 */
export async function editClientApplications(ctx: ServiceContext, items: readonly EditInput[]): Promise<void> {
  if (items.length === 0) throw Err.missingAttribute('clientApplication');
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const p = `clientApplication[${i}].`;
    if (seen.has(item.id)) throw Err.invalidAttribute(`${p}id`, item.id);
    seen.add(item.id);
    if (item.name !== undefined && blank(item.name)) throw Err.invalidAttribute(`${p}name`, item.name);
    if (item.callbackUrl !== undefined && (blank(item.callbackUrl) || !validCallbackUrl(item.callbackUrl!))) {
      throw Err.invalidAttribute(`${p}callbackUrl`, item.callbackUrl);
    }
    if (item.state === null) throw Err.invalidAttribute(`${p}state`, '');
    if (item.callbackState === null) throw Err.invalidAttribute(`${p}callbackState`, '');
  });
  authorize(ctx.actor, 'admin.write');

  const now = ctx.now();
  const by = actorUserId(ctx);
  const ids = items.map((i) => i.id);
  const write = () =>
    adminWrite(ctx, async (tx) => {
      const rows = await lockLive(tx, ids);
      await resolveEntryPoints(tx, items.map((item, i) => ({ prefix: `clientApplication[${i}].`, entryPoints: item.entryPoints })));

      // Names after the edit: unique among the edited applications (those not renamed keep theirs) and against
      // every other live application.
      const renamed = items.map((item, i) => ({ item, i })).filter(({ item }) => typeof item.name === 'string');
      const finalName = new Map<string, string>();
      for (const item of items) if (typeof item.name !== 'string') finalName.set(rows.get(item.id)!.name.toLowerCase(), item.id);
      for (const { item, i } of renamed) {
        const lower = item.name!.toLowerCase();
        const holder = finalName.get(lower);
        if (holder !== undefined && holder !== item.id) throw nameConflict(holder, `clientApplication[${i}].name`, item.name!);
        finalName.set(lower, item.id);
      }
      if (renamed.length) {
        const holders = await tx.$queryRawUnsafe<{ id: string; lname: string }[]>(
          `SELECT id::text AS id, lower(name) AS lname FROM client_application
            WHERE deleted_at IS NULL AND lower(name) = ANY($1::text[]) AND NOT (id = ANY($2::bigint[]))`,
          renamed.map(({ item }) => item.name!.toLowerCase()),
          ids,
        );
        const byName = new Map(holders.map((h) => [h.lname, h.id]));
        for (const { item, i } of renamed) {
          const holder = byName.get(item.name!.toLowerCase());
          if (holder) throw nameConflict(holder, `clientApplication[${i}].name`, item.name!);
        }
      }

      // State (uniqueness, 409-102) before the concurrency token (409-101), 01 §7.2 step 10.
      items.forEach((item, i) => checkConcurrency(item.id, item.lastModified?.date, rows.get(item.id)!.lastModifiedAt, `clientApplication[${i}].lastModified.date`));

      const deactivated: bigint[] = [];
      for (const item of items) {
        const row = rows.get(item.id)!;
        const data: Prisma.ClientApplicationUpdateInput = { lastModifiedAt: nextModified(row.lastModifiedAt, now), lastModifiedById: by };
        if (typeof item.name === 'string') data.name = item.name;
        if (item.description !== undefined) data.description = blank(item.description) ? null : item.description;
        if (item.callbackUrl) data.callbackUrl = item.callbackUrl;
        if (item.state?.value) {
          data.state = item.state.value;
          if (item.state.value === 'inactive' && row.state !== 'inactive') deactivated.push(row.id);
        }
        if (item.callbackState?.value) data.callbackState = item.callbackState.value;
        await tx.clientApplication.update({ where: { id: row.id }, data });
        const entryPoints = entryPointIds(item.entryPoints);
        if (entryPoints) await replaceEntryPoints(tx, row.id, entryPoints);
      }
      if (deactivated.length) await endTokens(tx, deactivated, now);
    });
  try {
    await write();
  } catch (err) {
    // Names swapped between edited applications in one request (each update meets the other's old name), or a
    // concurrent create: the unique index has the last word.
    if (!isUniqueViolation(err)) throw err;
    const i = items.findIndex((item) => typeof item.name === 'string');
    throw nameConflict(items[i]!.id, `clientApplication[${i}].name`, items[i]!.name!);
  }
}

/** Soft-deletes applications, all or none, and ends their tokens (07 §18). */
export async function deleteClientApplications(ctx: ServiceContext, ids: readonly string[]): Promise<void> {
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await adminWrite(ctx, async (tx) => {
    const rows = await lockLive(tx, ids);
    for (const row of rows.values()) {
      await tx.clientApplication.update({
        where: { id: row.id },
        data: { deletedAt: now, lastModifiedAt: nextModified(row.lastModifiedAt, now), lastModifiedById: by },
      });
    }
    const deleted = [...rows.values()].map((r) => r.id);
    await endTokens(tx, deleted, now);
    // The row stays for history, its entry point links do not: nothing can read them, and an application that is
    // gone should not count among an entry point's users.
    await removeEntryPoints(tx, deleted);
  });
}

/**
 * Rotates the secrets (07 §18): a new clientSecret and webhookSecret, every token ended, the lockout counter and
 * any lock cleared (as setting a password does, 02 §9.2). Answers the application with both new secrets.
 */
export async function rotateSecrets(ctx: ServiceContext, id: string, q: ParsedQuery): Promise<View> {
  authorize(ctx.actor, 'admin.write');
  const secrets: Secrets = { clientSecret: newSecret(), webhookSecret: newSecret() };
  const secretHash = await hashPassword(secrets.clientSecret);
  const now = ctx.now();
  const row = await adminWrite(ctx, async (tx) => {
    const current = (await lockLive(tx, [id])).get(id)!;
    await endTokens(tx, [current.id], now);
    return tx.clientApplication.update({
      where: { id: current.id },
      data: {
        secretHash,
        webhookSecret: secrets.webhookSecret,
        failedLogins: 0,
        firstFailureAt: null,
        lockedUntil: null,
        lastModifiedAt: nextModified(current.lastModifiedAt, now),
        lastModifiedById: actorUserId(ctx),
      },
      select,
    });
  });
  return (await present(ctx, [row], wantsAttribute(q, 'created'), secrets))[0]!;
}
