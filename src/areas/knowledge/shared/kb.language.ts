// `$lang` on knowledge calls (06 §1.6): accepted on every call, an unknown code is 400-102 even where the value is
// then ignored; list and search calls restrict to it, or to the caller's default language when it is absent. When
// it is checked relative to the permission is kb.access.ts's business (01 §7.2).
import { Err } from '../../../errors/app-error.ts';
import type { ServiceContext } from '../../service-context.ts';

export type KbLanguage = { id: bigint; code: string; label: string };

type Row = { id: bigint; code: string; label: string };

/** `en_US`, `EN-us` → `en-us` (the parser already does this for `$lang`; bodies use it for `language.code`). */
export const normaliseLanguageCode = (code: string) => code.trim().toLowerCase().replace(/_/g, '-');

export async function languageByCode(ctx: ServiceContext, code: string): Promise<KbLanguage | undefined> {
  const rows = await ctx.db.prisma.$queryRaw<Row[]>`SELECT id, code, label FROM language WHERE lower(code) = ${normaliseLanguageCode(code)}`;
  return rows[0];
}

export async function languageById(ctx: ServiceContext, id: bigint): Promise<KbLanguage | undefined> {
  return (await ctx.db.prisma.language.findUnique({ where: { id }, select: { id: true, code: true, label: true } })) ?? undefined;
}

/** The language a list or search call restricts to when no `$lang` is sent: the caller's, else the default one. */
export async function callerLanguage(ctx: ServiceContext): Promise<KbLanguage> {
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  const rows = await ctx.db.prisma.$queryRaw<Row[]>`
    SELECT l.id, l.code, l.label FROM language l
    LEFT JOIN app_user u ON u.id = ${userId}::bigint AND u.language_id = l.id
    WHERE u.id IS NOT NULL OR l.is_default
    ORDER BY (u.id IS NOT NULL) DESC, l.id
    LIMIT 1`;
  if (!rows[0]) throw new Error('no default language configured');
  return rows[0];
}

/** The configured language `$lang` names (400-102 when none). Callers go through kbAccess (kb.access.ts), which
 * runs it after the permission check (01 §7.2). */
export async function explicitLanguage(ctx: ServiceContext, code: string): Promise<KbLanguage> {
  const found = await languageByCode(ctx, code);
  if (!found) throw Err.invalidParam('$lang', code);
  return found;
}
