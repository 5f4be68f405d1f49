// The entry checks of every knowledge call, in the one order 01 §7.2 gives them:
//
//   step 7  the request as written: the query parser checks each parameter's syntax (a malformed `$lang` such as
//           `$lang=12` → 400-102), the route its path ids, the service its body — all before anything below;
//   step 8  the caller's permission (06 §1.1): no staff session or a role without it → 403-197;
//   then    whether `$lang` names a configured language (06 §1.6, 400-102): it needs stored data, and 01 §7.2 puts
//           checks that need stored data after the permission — so an agent who may not act gets 403-197 whatever
//           `$lang` it sends, and one who may gets 400-102 for an unknown code before any 404-101 or 409.
//
// Every knowledge service starts with kbAccess (or kbListAccess); none checks `$lang` or the role on its own.
import type { StaffActor } from '../../../authz/actor.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { kbStaff, type KbPermission } from './kb.actor.ts';
import { callerLanguage, explicitLanguage, type KbLanguage } from './kb.language.ts';

export type KbAccess = {
  actor: StaffActor;
  /** The language `$lang` names, when it was sent (id-based calls and writes accept and ignore it). */
  lang: KbLanguage | undefined;
};

/** Permission, then `$lang` (see above). */
export async function kbAccess(ctx: ServiceContext, permission: KbPermission, q: Pick<ParsedQuery, 'lang'>): Promise<KbAccess> {
  const actor = kbStaff(ctx, permission);
  const lang = q.lang === undefined ? undefined : await explicitLanguage(ctx, q.lang);
  return { actor, lang };
}

/** List and search calls (06 §1.6): as kbAccess, with the language they restrict to — `$lang`, else the caller's. */
export async function kbListAccess(ctx: ServiceContext, permission: KbPermission, q: Pick<ParsedQuery, 'lang'>): Promise<KbAccess & { language: KbLanguage }> {
  const access = await kbAccess(ctx, permission, q);
  return { ...access, language: access.lang ?? (await callerLanguage(ctx)) };
}
