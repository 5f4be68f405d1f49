// Roles and permissions, read-only (07 §6): the list and get by ids, generated from src/authz/permissions.ts.
import { authorize } from '../../../authz/permissions.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { requireAll } from '../shared/admin-edit.ts';
import { presentRole, roleIds } from './role.presenter.ts';

export function listRoles(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const ordered = q.sort.order === 'desc' ? [...roleIds].reverse() : roleIds;
  const { offset, limit } = q.paging;
  const items = q.count ? [] : ordered.slice(offset, offset + limit).map((id) => presentRole(id, ctx.lang));
  return { items, count: roleIds.length };
}

export function getRoles(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.read');
  requireAll(
    ids,
    roleIds.map((id) => ({ id })),
  );
  return ids.map((id) => presentRole(id, ctx.lang));
}
