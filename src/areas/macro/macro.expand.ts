// Macro expansion (07 §11 "Expansion"; 05 §9.5 built-ins): a reference is two backticks followed by a name of
// `[A-Za-z0-9_.]+` (the name ends at the first other character). The name is looked up among the built-ins given,
// then among the context department's `active` macros, both case-insensitively; an unknown name stays as written,
// backticks included. One pass: text a macro produced is not scanned again.
//
// The email channel calls expandMacros with the full built-in set of 05 §9.5; knowledge reads (06 §5 K1, K2, K3,
// K14, K16 `expandMacros=yes`) call expandKnowledgeContent, which knows only the built-ins that need no activity.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { builtInMacroNames } from '../administration/macro/macro.schema.ts';
import type { ServiceContext } from '../service-context.ts';

const REFERENCE = /``([A-Za-z0-9_.]+)/g;

/** The macros of a department by lower-case name. */
export type DepartmentMacros = ReadonlyMap<string, string>;

/**
 * `text` with every reference replaced: built-ins first (keys compared case-insensitively), then `departmentMacros`
 * (keyed by lower-case name). Values are inserted as they are.
 */
export function expandMacros(text: string, builtins: Readonly<Record<string, string>>, departmentMacros: DepartmentMacros): string {
  if (!text.includes('``')) return text;
  const own = new Map(Object.entries(builtins).map(([k, v]) => [k.toLowerCase(), v]));
  return text.replace(REFERENCE, (whole, name: string) => {
    const key = name.toLowerCase();
    return own.get(key) ?? departmentMacros.get(key) ?? whole;
  });
}

type MacroReader = Pick<PrismaClient, 'macro'>;

/** The `active` macros of each department (07 §11), by lower-case name; every requested department has an entry. */
export async function activeMacros(db: MacroReader, departmentIds: readonly bigint[]): Promise<Map<bigint, Map<string, string>>> {
  const out = new Map<bigint, Map<string, string>>(departmentIds.map((id) => [id, new Map()]));
  if (departmentIds.length === 0) return out;
  const rows = await db.macro.findMany({
    where: { departmentId: { in: [...new Set(departmentIds)] }, state: 'active' },
    select: { departmentId: true, name: true, value: true },
  });
  for (const r of rows) out.get(r.departmentId)?.set(r.name.toLowerCase(), r.value);
  return out;
}

/** `YYYY-MM-DD` of an instant in UTC (05 §9.5 `current_date`). */
export const utcDate = (at: Date) => at.toISOString().slice(0, 10);

const reserved = new Set<string>(builtInMacroNames);

/**
 * Knowledge content with macros expanded (06 §5 K1 `expandMacros=yes`, 07 §11 rule 4): the built-ins `agent_name`,
 * `agent_first_name`, `agent_last_name` (the caller), `department_name` (the article's department) and
 * `current_date`; then the active macros of the article's department. The other built-ins (`case_id`,
 * `activity_id`, `customer_*`) stay as written, even if a department macro had such a name. One result per item,
 * in order; stored content is not touched.
 */
export async function expandKnowledgeContent(
  ctx: ServiceContext,
  items: readonly { departmentId: bigint; departmentName: string; text: string }[],
): Promise<string[]> {
  const withReferences = items.filter((i) => i.text.includes('``'));
  if (withReferences.length === 0) return items.map((i) => i.text);
  const macros = await activeMacros(ctx.db.prisma, [...new Set(withReferences.map((i) => i.departmentId))]);
  for (const byName of macros.values()) for (const name of reserved) byName.delete(name);
  const actor = ctx.actor.kind === 'user' ? ctx.actor.ref : undefined;
  const caller: Record<string, string> = actor ? { agent_name: actor.name, agent_first_name: actor.firstName, agent_last_name: actor.lastName ?? '' } : {};
  const today = utcDate(ctx.now());
  return items.map((i) =>
    expandMacros(i.text, { ...caller, department_name: i.departmentName, current_date: today }, macros.get(i.departmentId) ?? new Map()),
  );
}
