// The user field table of 07 §3.1 and the view of a stored user. Namespaces (07 §1.3, 01 §4.2): the user's own
// elements in administration/user; enumeration values in common; `name` of department references in platform;
// the children of group and language references in the referenced resource's namespace (01 §4.2 rule 3).
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import { departmentRef, enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { stamp } from '../common.ts';
import type { LanguageRow, UserRow } from './user.queries.ts';

export const userNs = NS.administration('user');

export const userAttributes = [
  'emailAddress',
  'departments',
  'groups',
  'roles',
  'status',
  'availability',
  'maxLoad',
  'currentLoad',
  'language',
  'created',
] as const;
export type UserAttribute = (typeof userAttributes)[number];

const stateLabels = {
  enabled: { 'en-US': 'Enabled', 'es-ES': 'Habilitado' },
  disabled: { 'en-US': 'Disabled', 'es-ES': 'Deshabilitado' },
  deleted: { 'en-US': 'Deleted', 'es-ES': 'Eliminado' },
};
const statusLabels = {
  logged_in: { 'en-US': 'Logged in', 'es-ES': 'Conectado' },
  not_logged_in: { 'en-US': 'Not logged in', 'es-ES': 'No conectado' },
};
const availabilityLabels = {
  available: { 'en-US': 'Available', 'es-ES': 'Disponible' },
  unavailable: { 'en-US': 'Not available', 'es-ES': 'No disponible' },
};
const roleLabels = {
  administrator: { 'en-US': 'Administrator', 'es-ES': 'Administrador' },
  supervisor: { 'en-US': 'Supervisor', 'es-ES': 'Supervisor' },
  agent: { 'en-US': 'Agent', 'es-ES': 'Agente' },
};

const perChannel = (field: ReturnType<typeof f.number>) => f.object(shape(userNs, { chat: field, email: field }));

export const userShape = resource('user', userNs, {
  id: f.id(),
  link: f.link(),
  loginId: f.text(),
  screenName: f.text(),
  firstName: f.text(),
  lastName: f.text(),
  department: departmentRef(),
  state: enumeration(stateLabels),
  lastModified: timestamp(),
  emailAddress: f.text(),
  departments: f.list('department', f.object(shape(userNs, { id: f.id(), name: f.inNs(NS.platform, f.text()), home: f.text() })), userNs),
  // 07 §1.3 lists the only elements outside the resource namespace; the children of a group or language reference
  // are not among them, so they stay in the user namespace (the resource file wins, 01 §4.2 rule 5).
  groups: f.list('group', f.object(shape(userNs, { id: f.id(), name: f.text(), link: f.link() })), userNs),
  roles: f.list('role', enumeration(roleLabels), userNs),
  status: enumeration(statusLabels),
  availability: perChannel(enumeration(availabilityLabels)),
  maxLoad: perChannel(f.number()),
  maxActivitiesToPull: f.number(),
  currentLoad: perChannel(f.number()),
  language: f.object(shape(userNs, { id: f.id(), code: f.text(), label: f.text() })),
  created: timestamp(),
});

export const userHref = (id: bigint | string) => `/system/ws/v12/administration/user/${id}`;
const groupHref = (id: bigint | string) => `/system/ws/v12/administration/group/${id}`;

/** What the view needs besides the row: the attribute groups asked for and the data derived at request time. */
export type PresentContext = {
  wants: (group: UserAttribute) => boolean;
  refs: Map<string, UserRef>;
  loggedIn: Set<string>;
  load: Map<string, { chat: number; email: number }>;
  languages: LanguageRow[];
};

const byId = (a: { id: bigint }, b: { id: bigint }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const availability = (on: boolean) => (on ? 'available' : 'unavailable');

export function presentUser(u: UserRow, c: PresentContext) {
  const id = String(u.id);
  const language = u.languageId === null ? c.languages.find((l) => l.isDefault) : c.languages.find((l) => l.id === u.languageId);
  return {
    id,
    link: { rel: 'self', href: userHref(id) },
    loginId: u.loginId,
    screenName: u.screenName,
    firstName: u.firstName,
    lastName: u.lastName,
    department: { id: u.department.id, name: u.department.name },
    state: u.state,
    lastModified: stamp(u.lastModifiedAt, u.lastModifiedById, c.refs),
    emailAddress: c.wants('emailAddress') ? u.emailAddress : undefined,
    departments: c.wants('departments')
      ? {
          department: [
            { id: u.department.id, name: u.department.name, home: 'yes' },
            ...u.foreignDepartments.map((d) => d.department).sort(byId).map((d) => ({ id: d.id, name: d.name, home: 'no' })),
          ],
        }
      : undefined,
    groups: c.wants('groups')
      ? { group: u.groups.map((m) => m.group).sort(byId).map((g) => ({ id: g.id, name: g.name, link: { rel: 'group', href: groupHref(g.id) } })) }
      : undefined,
    roles: c.wants('roles') ? { role: u.roles } : undefined,
    status: c.wants('status') ? (c.loggedIn.has(id) ? 'logged_in' : 'not_logged_in') : undefined,
    availability: c.wants('availability') ? { chat: availability(u.availableChat), email: availability(u.availableEmail) } : undefined,
    maxLoad: c.wants('maxLoad') ? { chat: u.maxLoadChat, email: u.maxLoadEmail } : undefined,
    maxActivitiesToPull: c.wants('maxLoad') ? u.maxActivitiesToPull : undefined,
    currentLoad: c.wants('currentLoad') ? (c.load.get(id) ?? { chat: 0, email: 0 }) : undefined,
    language: c.wants('language') && language ? { id: language.id, code: language.code, label: language.label } : undefined,
    created: c.wants('created') ? stamp(u.createdAt, u.createdById, c.refs) : undefined,
  };
}
