// License usage (09 §4): informational figures computed from the database at each call, never enforced.
import type { ServiceContext } from '../service-context.ts';
import { DEFAULT_LICENSE_UNITS, licenseProducts, type AboutConfig, type LicenseProduct } from './about.config.ts';

export type LicenseEntry = {
  product: LicenseProduct;
  policy: 'concurrent' | 'named';
  unitsInstalled: number;
  usage: { available: number; used: number };
};

export type LicenseUsage = { timestamp: Date; license: LicenseEntry[] };

type Counts = { agent: number; chat: number; mail: number; named: number; clients: number };

/**
 * One statement for the five figures. A live user session is one the session layer would still accept now: not
 * ended, used within the idle timeout and younger than the absolute lifetime (02 §6.2). "Available for chat" and
 * "for email" are the 07 §3.1 definitions: enabled, logged in (a live session), the channel's availability on and
 * its maximum load above 0.
 */
const countsSql = `
  WITH live AS (
    SELECT DISTINCT s.user_id
      FROM session s
     WHERE s.kind = 'user' AND s.user_id IS NOT NULL AND s.ended_at IS NULL
       AND s.last_seen_at > $1::timestamptz - make_interval(mins => $2::int)
       AND s.created_at > $1::timestamptz - make_interval(mins => $3::int)
  ), logged_in AS (
    SELECT u.state, u.available_chat, u.max_load_chat, u.available_email, u.max_load_email
      FROM app_user u JOIN live ON live.user_id = u.id
     WHERE u.state <> 'deleted'
  )
  SELECT
    (SELECT count(*) FROM logged_in)::int AS agent,
    (SELECT count(*) FROM logged_in WHERE state = 'enabled' AND available_chat AND max_load_chat > 0)::int AS chat,
    (SELECT count(*) FROM logged_in WHERE state = 'enabled' AND available_email AND max_load_email > 0)::int AS mail,
    (SELECT count(*) FROM app_user WHERE state = 'enabled')::int AS named,
    (SELECT count(*) FROM client_application WHERE state = 'active' AND deleted_at IS NULL)::int AS clients`;

const usedBy: Record<LicenseProduct, keyof Counts> = {
  'ECE Agent': 'agent',
  'ECE Chat': 'chat',
  'ECE Mail': 'mail',
  'ECE Named User': 'named',
  'ECE API Client Application': 'clients',
};

export async function licenseUsage(
  ctx: Pick<ServiceContext, 'db' | 'settings' | 'now'>,
  config: Pick<AboutConfig, 'licenseUnits'>,
): Promise<LicenseUsage> {
  const now = ctx.now();
  const [idle, lifetime] = await Promise.all([ctx.settings.get('sessionIdleTimeoutMinutes'), ctx.settings.get('sessionMaxLifetimeMinutes')]);
  const [row] = await ctx.db.query<Counts>(countsSql, [now, idle, lifetime]);
  const license = licenseProducts.map(({ product, policy }): LicenseEntry => {
    const unitsInstalled = config.licenseUnits[product] ?? DEFAULT_LICENSE_UNITS;
    const used = Number(row?.[usedBy[product]] ?? 0);
    return { product, policy, unitsInstalled, usage: { available: Math.max(0, unitsInstalled - used), used } };
  });
  return { timestamp: now, license };
}
