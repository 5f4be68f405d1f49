// The one definition of roles and permissions (07 §6, 02 §7.2). Services call `authorize(actor, permission)` near
// the top of each use case; nothing else decides who may do what.
import { Err } from '../errors/app-error.ts';

export const staffRoles = ['administrator', 'supervisor', 'agent'] as const;
export type StaffRole = (typeof staffRoles)[number];
export const roles = [...staffRoles, 'customer', 'clientApplication'] as const;
export type Role = (typeof roles)[number];

const A = 'administrator';
const S = 'supervisor';
const G = 'agent';
const C = 'customer';
const X = 'clientApplication';

/** Permission → the roles holding it, in the order of the 07 §6 table (the role resource lists them in this order). */
export const permissionTable = {
  'kb.read': [A, S, G],
  'kb.author': [A, S, G],
  'kb.publish': [A, S],
  'kb.structure': [A, S],
  'interaction.read': [A, S, G, C],
  'interaction.work': [A, S, G],
  'interaction.inbound': [A, S],
  'interaction.supervise': [A, S],
  'customer.read': [A, S, G, C],
  'customer.create': [A, S, G],
  'customer.write': [A, S, G, C],
  'customer.self': [C],
  'customer.grant': [A, S],
  'chat.handle': [A, S, G],
  'chat.supervise': [A, S],
  'admin.read': [A, S, G],
  'admin.config.read': [A, S],
  'admin.write': [A],
  'availability.self': [A, S, G],
  'availability.department': [A, S],
  'password.self': [A, S, G],
  'about.read': [A, S, G],
  'messaging.client': [X],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionTable;

export function holds(actorRoles: readonly Role[], permission: Permission): boolean {
  const holders: readonly Role[] = permissionTable[permission];
  return actorRoles.some((r) => holders.includes(r));
}

/** The permissions of one role, in table order (07 §6 `permissions`). */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(permissionTable) as Permission[]).filter((p) => (permissionTable[p] as readonly Role[]).includes(role));
}

/** Throws 403-197 unless one of the actor's roles holds the permission (02 §7.1). */
export function authorize(actor: { roles: readonly Role[] }, permission: Permission): void {
  if (!holds(actor.roles, permission)) throw Err.notAuthorized();
}
