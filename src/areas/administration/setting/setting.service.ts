// Settings (07 §16): the catalogue is fixed (config/settings-catalogue.ts); the API stores values that override
// ECE_SETTING_* and the defaults. Writes go through adminWrite, so the Settings cache drops at once on this
// instance (the next session check or login already uses the new value) and within a second on the others.
import { Err } from '../../../errors/app-error.ts';
import { authorize } from '../../../authz/permissions.ts';
import { settingsCatalogue, type SettingDefinition } from '../../../config/settings-catalogue.ts';
import type { View } from '../../../representation/render.ts';
import type { ServiceContext } from '../../service-context.ts';
import { actorUserId, adminWrite } from '../common.ts';
import { presentSetting } from './setting.presenter.ts';

/** Setting names compare case-insensitively; responses use the catalogue's spelling. */
const byLowerName = new Map(settingsCatalogue.map((s) => [s.name.toLowerCase(), s]));
export const findDefinition = (name: string): SettingDefinition | undefined => byLowerName.get(name.toLowerCase());

export async function listSettings(ctx: ServiceContext): Promise<View[]> {
  authorize(ctx.actor, 'admin.config.read');
  return (await ctx.settings.all()).map(presentSetting);
}

/** Settings by name, in the order asked; unknown names → 404-101 naming each. */
export async function getSettings(ctx: ServiceContext, names: readonly string[]): Promise<View[]> {
  authorize(ctx.actor, 'admin.config.read');
  const missing = names.filter((n) => !findDefinition(n));
  if (missing.length) throw Err.idsNotFound(missing);
  const all = new Map((await ctx.settings.all()).map((s) => [s.name, s]));
  const seen = new Set<string>();
  const out: View[] = [];
  for (const n of names) {
    const name = findDefinition(n)!.name;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(presentSetting(all.get(name)!));
  }
  return out;
}

export type SettingEdit = { name: string; value?: unknown };

/**
 * The stored value a request asks for: an integer (JSON number or numeric string, surrounding blanks ignored),
 * or null to remove the stored value (JSON null, an empty string, an empty or nil XML element). Undefined when
 * the value is not an integer.
 */
function requestedValue(value: unknown): number | null | undefined {
  if (value === null || (typeof value === 'string' && value.trim() === '')) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[+-]?\d{1,16}\s*$/.test(value)) {
    const n = Number(value.trim());
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Edits settings, all or nothing (07 §16). Order of checks (01 §7.2): each item's `value` is present (400-153) and
 * an integer within the setting's range (400-152; the catalogue is fixed, so the range is part of the request's
 * validation), then the permission (403-197), then unknown names (404-101, each listed, addressed like ids).
 * A name given twice: the last item wins.
 */
export async function updateSettings(ctx: ServiceContext, items: readonly SettingEdit[]): Promise<void> {
  if (items.length === 0) throw Err.missingAttribute('setting');
  const changes = new Map<string, number | null>();
  const unknown: string[] = [];
  items.forEach((item, i) => {
    const path = `setting[${i}].value`;
    if (item.value === undefined) throw Err.missingAttribute(path);
    const value = requestedValue(item.value);
    const shown = typeof item.value === 'object' ? '' : item.value;
    if (value === undefined) throw Err.invalidAttribute(path, shown);
    const def = findDefinition(item.name);
    if (!def) {
      if (!unknown.includes(item.name)) unknown.push(item.name);
      return;
    }
    if (value !== null && (value < def.minimum || value > def.maximum)) throw Err.invalidAttribute(path, shown);
    changes.set(def.name, value);
  });
  authorize(ctx.actor, 'admin.write');
  if (unknown.length) throw Err.idsNotFound(unknown);

  const now = ctx.now();
  const by = actorUserId(ctx);
  await adminWrite(ctx, async (tx) => {
    for (const [name, value] of changes) {
      if (value === null) await tx.setting.deleteMany({ where: { name } });
      else {
        const data = { value: String(value), lastModifiedAt: now, lastModifiedById: by };
        await tx.setting.upsert({ where: { name }, create: { name, ...data }, update: data });
      }
    }
  });
}
