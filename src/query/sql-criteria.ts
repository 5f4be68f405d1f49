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

/** 400-102 for a date criterion sent as a bare instant, with the value as sent (decoded). */
export function notARange(q: ParsedQuery, name: string): never {
  const raw = q.link.params.find((p) => p.name === name)?.raw ?? '';
  throw Err.invalidParam(name, decoded(raw.slice(raw.indexOf('=') + 1).replace(/\+/g, ' ')));
}

/**
 * The conditions of a date range criterion on `column`. The interaction searches take only the range forms
 * `[a,b]`, `[a,]`, `[,b]` (03 §7.2, 05 §9.2): a bare instant is a missing bracket, 400-102 (01 §10).
 */
export function rangeOn(column: Prisma.Sql, q: ParsedQuery, name: string): Prisma.Sql[] {
  const c = q.criteria.get(name);
  if (!c) return [];
  if (c.kind !== 'range') notARange(q, name);
  return [...(c.from ? [Prisma.sql`${column} >= ${c.from}`] : []), ...(c.to ? [Prisma.sql`${column} <= ${c.to}`] : [])];
}
