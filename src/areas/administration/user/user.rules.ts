// The rules a user write must keep (07 §3.1, §3.5, §3.6): references resolve (400-152), login ids and screen names
// stay unique among users not deleted (409-102), groups belong to the user's departments, and at least one enabled
// administrator remains (409-102). A write first turns each body into a Plan, the user as it will be stored.
import { AppError, Err } from '../../../errors/app-error.ts';
import type { MessageParam } from '../../../errors/catalogue.ts';
import type { StaffRole } from '../../../authz/permissions.ts';
import type { Tx } from '../common.ts';
import { defaults, type Ref, type UserInput } from './user.schema.ts';
import { countEnabledAdministrators, holdersOf, type LanguageRow, type UserRow } from './user.queries.ts';

export const reasons = {
  inUse: (field: string): MessageParam => ({
    'en-US': `the value of '${field}' is already in use`,
    'es-ES': `el valor de '${field}' ya está en uso`,
  }),
  lastAdministrator: { 'en-US': 'the last enabled administrator cannot be removed', 'es-ES': 'no se puede quitar el último administrador habilitado' },
  notDeletable: { 'en-US': 'this user cannot be deleted', 'es-ES': 'este usuario no se puede eliminar' },
  hasActivities: { 'en-US': 'the user still has assigned activities', 'es-ES': 'el usuario todavía tiene actividades asignadas' },
  notEnabled: { 'en-US': 'the user is not enabled', 'es-ES': 'el usuario no está habilitado' },
} satisfies Record<string, MessageParam | ((field: string) => MessageParam)>;

/** 409-102 naming every id concerned (01 §7.1). */
export function conflict(ids: readonly string[], reason: MessageParam): AppError {
  return new AppError('409-102', { id: ids.join(', '), reason }, ids.map((id) => ({ key: 'id', value: id })));
}

/** The user as a write will leave it. `groupIds` undefined = memberships unchanged (but see departments). */
export type Plan = {
  id?: string;
  existing?: UserRow;
  loginId: string;
  screenName: string;
  firstName: string;
  lastName: string | null;
  emailAddress: string | null;
  departmentId: bigint;
  foreignIds: bigint[];
  groupIds: bigint[];
  groupsChanged: boolean;
  roles: StaffRole[];
  state: string;
  availableChat: boolean;
  availableEmail: boolean;
  maxLoadChat: number;
  maxLoadEmail: number;
  maxActivitiesToPull: number;
  languageId: bigint | null;
};

async function department(tx: Tx, r: Ref): Promise<bigint> {
  const rows = r.id
    ? await tx.$queryRawUnsafe<{ id: bigint }[]>('SELECT id FROM department WHERE id = $1::bigint', r.id)
    : await tx.$queryRawUnsafe<{ id: bigint }[]>('SELECT id FROM department WHERE lower(name) = lower($1) ORDER BY id LIMIT 1', r.key);
  const found = rows[0];
  if (!found) throw Err.invalidAttribute(r.path, r.raw);
  return BigInt(found.id);
}

function language(languages: LanguageRow[], r: Ref | null): bigint | null {
  if (r === null) return null;
  const wanted = r.key?.toLowerCase().replace(/_/g, '-');
  const found = languages.find((l) => (r.id ? String(l.id) === r.id : l.code.toLowerCase() === wanted));
  if (!found) throw Err.invalidAttribute(r.path, r.raw);
  return found.id;
}

const unique = (ids: bigint[]) => [...new Set(ids.map(String))].map(BigInt);

/** Resolves the references of one body against the stored user (edit) or the defaults (create). */
export async function plan(tx: Tx, input: UserInput, languages: LanguageRow[], existing?: UserRow): Promise<Plan> {
  const departmentId = input.department ? await department(tx, input.department) : existing!.departmentId;
  let foreignIds = existing ? existing.foreignDepartments.map((d) => d.department.id) : [];
  if (input.departments) {
    foreignIds = [];
    for (const r of input.departments) foreignIds.push(await department(tx, r));
  }
  // The home department is listed with the others on output; it is never also a foreign one.
  foreignIds = unique(foreignIds).filter((id) => id !== departmentId);
  const mine = new Set([departmentId, ...foreignIds].map(String));

  let groupIds = existing ? existing.groups.map((m) => m.group) : [];
  let groupsChanged = false;
  if (input.groups) {
    const ids = unique(input.groups.map((g) => BigInt(g.id)));
    const rows = await tx.userGroup.findMany({ where: { id: { in: ids } }, select: { id: true, departmentId: true } });
    for (const g of input.groups) {
      const row = rows.find((r) => String(r.id) === g.id);
      // Unknown, or of a department that is not the user's (§3.1: "groups of the user's departments only").
      if (!row || !mine.has(String(row.departmentId))) throw Err.invalidAttribute(g.path, g.raw);
    }
    groupIds = rows.map((r) => ({ id: r.id, name: '', departmentId: r.departmentId }));
    groupsChanged = true;
  } else if (groupIds.some((g) => !mine.has(String(g.departmentId)))) {
    // A department the user leaves takes its groups with it.
    groupIds = groupIds.filter((g) => mine.has(String(g.departmentId)));
    groupsChanged = true;
  }

  const loginId = input.loginId ?? existing!.loginId;
  const maxLoad = input.maxLoad ?? {};
  const availability = input.availability ?? {};
  return {
    ...(existing ? { id: String(existing.id), existing } : {}),
    loginId,
    screenName: input.screenName === null ? loginId : (input.screenName ?? existing?.screenName ?? loginId),
    firstName: input.firstName ?? existing!.firstName,
    lastName: input.lastName === undefined ? (existing?.lastName ?? null) : input.lastName,
    emailAddress: input.emailAddress === undefined ? (existing?.emailAddress ?? null) : input.emailAddress,
    departmentId,
    foreignIds,
    groupIds: groupIds.map((g) => g.id),
    groupsChanged,
    roles: input.roles ?? (existing?.roles as StaffRole[] | undefined) ?? ['agent'],
    state: input.state ?? existing?.state ?? 'enabled',
    availableChat: availability.chat ?? existing?.availableChat ?? false,
    availableEmail: availability.email ?? existing?.availableEmail ?? false,
    maxLoadChat: maxLoad.chat ?? existing?.maxLoadChat ?? defaults.maxLoadChat,
    maxLoadEmail: maxLoad.email ?? existing?.maxLoadEmail ?? defaults.maxLoadEmail,
    maxActivitiesToPull: input.maxActivitiesToPull ?? existing?.maxActivitiesToPull ?? defaults.maxActivitiesToPull,
    languageId: input.language === undefined ? (existing?.languageId ?? null) : language(languages, input.language),
  };
}

/**
 * Login ids and screen names are unique case-insensitively among users not deleted (§3.1): against the stored
 * users outside the batch and within the batch. 409-102 with the field as details key (07 §1.4).
 */
export async function checkUnique(tx: Tx, plans: Plan[]): Promise<void> {
  const batch = plans.flatMap((p) => (p.id ? [p.id] : []));
  const lower = (s: string) => s.toLowerCase();
  const holders = await holdersOf(tx, plans.map((p) => lower(p.loginId)), plans.map((p) => lower(p.screenName)), batch);
  for (const p of plans) {
    for (const [field, value, column] of [
      ['loginId', p.loginId, 'login'],
      ['screenName', p.screenName, 'screen'],
    ] as const) {
      const other = holders.find((h) => h[column] === lower(value));
      const twin = plans.find((q) => q !== p && lower(column === 'login' ? q.loginId : q.screenName) === lower(value));
      if (other || twin) throw new AppError('409-102', { id: p.id ?? other?.id ?? twin?.id ?? '', reason: reasons.inUse(field) }, [{ key: field, value }]);
    }
  }
}

const enabledAdministrator = (u: { state: string; roles: string[] }) => u.state === 'enabled' && u.roles.includes('administrator');

/** §3.6, §3.7: a write that would leave no enabled administrator → 409-102 naming the users it takes away. */
export async function checkAdministrators(tx: Tx, plans: Pick<Plan, 'id' | 'existing' | 'state' | 'roles'>[]): Promise<void> {
  const losing = plans.filter((p) => p.existing && enabledAdministrator(p.existing) && !enabledAdministrator(p));
  if (!losing.length) return;
  const batch = plans.flatMap((p) => (p.id ? [p.id] : []));
  const remaining = (await countEnabledAdministrators(tx, batch)) + plans.filter(enabledAdministrator).length;
  if (remaining === 0) throw conflict(losing.map((p) => p.id!), reasons.lastAdministrator);
}

/** A concurrent write that got past checkUnique hits the partial unique indexes: the same 409-102. */
export function uniqueViolation(err: unknown, plans: Plan[]): AppError | undefined {
  let text: string;
  try {
    text = `${(err as Error)?.message ?? ''} ${JSON.stringify(err, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`;
  } catch {
    text = String((err as Error)?.message ?? '');
  }
  const field = text.includes('app_user_login_id_live_key') ? 'loginId' : text.includes('app_user_screen_name_live_key') ? 'screenName' : undefined;
  if (!field) return undefined;
  const p = plans[0];
  const value = p ? (field === 'loginId' ? p.loginId : p.screenName) : '';
  return new AppError('409-102', { id: p?.id ?? '', reason: reasons.inUse(field) }, [{ key: field, value }]);
}
