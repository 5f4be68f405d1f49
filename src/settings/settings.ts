// Effective runtime settings (07 §16): the value stored through the API, else ECE_SETTING_<NAME>, else the
// default. Stored values are cached until config_version changes, so a change applies on every instance within
// a second and at once on the instance that made it.
import type { Database } from '../db/database.ts';
import { settingsCatalogue, type SettingDefinition } from '../config/settings-catalogue.ts';
import { VersionedCache, type ConfigVersion } from '../platform/config-version.ts';

export type SettingName = (typeof settingsCatalogue)[number]['name'];
export type SettingSource = 'administration' | 'environment' | 'default';
export type EffectiveSetting = SettingDefinition & { value: number; source: SettingSource };

export class Settings {
  private readonly stored: VersionedCache<Map<string, number>>;

  constructor(
    db: Database,
    version: ConfigVersion,
    private readonly environment: Readonly<Record<string, number>>,
  ) {
    this.stored = new VersionedCache(version, async () => {
      const rows = await db.query<{ name: string; value: string }>('SELECT name, value FROM setting');
      return new Map(rows.map((r) => [r.name, Number(r.value)]));
    });
  }

  async all(): Promise<EffectiveSetting[]> {
    const stored = await this.stored.get();
    return settingsCatalogue.map((s) => {
      const fromDb = stored.get(s.name);
      if (fromDb !== undefined) return { ...s, value: fromDb, source: 'administration' as const };
      const fromEnv = this.environment[s.name];
      if (fromEnv !== undefined) return { ...s, value: fromEnv, source: 'environment' as const };
      return { ...s, value: s.defaultValue, source: 'default' as const };
    });
  }

  async get(name: SettingName): Promise<number> {
    const stored = (await this.stored.get()).get(name);
    if (stored !== undefined) return stored;
    return this.environment[name] ?? settingsCatalogue.find((s) => s.name === name)!.defaultValue;
  }
}
