// The role resource on the wire (07 §6): every role of src/authz/permissions.ts with the permissions it holds, in the
// order of the permission table. Read-only and generated, so it has no created/lastModified.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource } from '../../../representation/shape.ts';
import type { Lang } from '../../../errors/catalogue.ts';
import { permissionsOf, roles, staffRoles, type Role } from '../../../authz/permissions.ts';

const ROLE_NS = NS.administration('role');

export const roleShape = resource('role', ROLE_NS, {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  displayName: f.text(),
  description: f.text(),
  assignable: f.boolean(),
  permissions: f.list('permission', f.text(), ROLE_NS),
});

/** Labels of 07 §3.1 (`roles.role`) and §6. */
const displayNames: Record<Role, Record<Lang, string>> = {
  administrator: { 'en-US': 'Administrator', 'es-ES': 'Administrador' },
  supervisor: { 'en-US': 'Supervisor', 'es-ES': 'Supervisor' },
  agent: { 'en-US': 'Agent', 'es-ES': 'Agente' },
  customer: { 'en-US': 'Customer', 'es-ES': 'Cliente' },
  clientApplication: { 'en-US': 'Client application', 'es-ES': 'Aplicación cliente' },
};

const descriptions: Record<Role, string> = {
  administrator: 'Configures the system and manages users',
  supervisor: 'Supervises agents, queues and interactions',
  agent: 'Handles customer interactions',
  customer: 'A customer signed in to self-service',
  clientApplication: 'An application using the messaging API',
};

/** Role ids: 1 administrator, 2 supervisor, 3 agent, 4 customer, 5 clientApplication (07 §6). */
export const roleIds = roles.map((_, i) => BigInt(i + 1));

export function presentRole(id: bigint, lang: Lang) {
  const role = roles[Number(id) - 1]!;
  return {
    id,
    link: { rel: 'self', href: `/system/ws/v12/administration/role/${id}` },
    name: role,
    displayName: displayNames[role][lang],
    description: descriptions[role],
    assignable: (staffRoles as readonly Role[]).includes(role),
    permissions: { permission: permissionsOf(role) },
  };
}
