// SQL conditions of criteria that several searches share (01 §10).
import { Prisma } from '../generated/prisma/client.ts';
import { Err } from '../errors/app-error.ts';
import type { ParsedQuery } from './parse.ts';

const decoded = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/**
 * The conditions of a date range criterion on `column`. The interaction searches take only the range forms
 * `[a,b]`, `[a,]`, `[,b]` (03 §7.2, 05 §9.2): a bare instant is a missing bracket, 400-102 (01 §10).
 */
export function rangeOn(column: Prisma.Sql, q: ParsedQuery, name: string): Prisma.Sql[] {
  const c = q.criteria.get(name);
  if (!c) return [];
  if (c.kind !== 'range') {
    const raw = q.link.params.find((p) => p.name === name)?.raw ?? '';
    throw Err.invalidParam(name, decoded(raw.slice(raw.indexOf('=') + 1).replace(/\+/g, ' ')));
  }
  return [...(c.from ? [Prisma.sql`${column} >= ${c.from}`] : []), ...(c.to ? [Prisma.sql`${column} <= ${c.to}`] : [])];
}
