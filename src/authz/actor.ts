// Who is calling: the principal a session or token authenticates, read fresh with every request (02 §6.4).
import type { Role, StaffRole } from './permissions.ts';

export type UserRef = { id: string; name: string; firstName: string; lastName?: string | undefined };

export type StaffActor = {
  kind: 'user';
  sessionId: string;
  userId: bigint;
  roles: StaffRole[];
  homeDepartmentId: bigint;
  /** Home and foreign departments. */
  departmentIds: bigint[];
  /** For `lastModified.user` and `created.user`. */
  ref: UserRef;
};

export type CustomerActor = { kind: 'customer'; sessionId: string; contactPersonId: bigint; customerId: bigint; roles: ['customer'] };

export type ClientActor = { kind: 'client'; sessionId: string; clientApplicationId: bigint; roles: ['clientApplication'] };

export type Actor = StaffActor | CustomerActor | ClientActor;

export const rolesOf = (actor: Actor): readonly Role[] => actor.roles;
