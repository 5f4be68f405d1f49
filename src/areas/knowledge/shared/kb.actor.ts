// Every knowledge call needs a staff session (06 §1.1); a customer session is 403-197 everywhere in this area.
import type { StaffActor } from '../../../authz/actor.ts';
import { authorize, type Permission } from '../../../authz/permissions.ts';
import { Err } from '../../../errors/app-error.ts';
import type { ServiceContext } from '../../service-context.ts';

export type KbPermission = Extract<Permission, `kb.${string}`>;

export function kbStaff(ctx: ServiceContext, permission: KbPermission): StaffActor {
  const actor = ctx.actor;
  if (actor.kind !== 'user') throw Err.notAuthorized();
  authorize(actor, permission);
  return actor;
}
