// Runtime settings (07 §16). `name` is the key (an XML attribute); every value is written as a string; `source`
// is a plain string (not an enumeration) in the field table.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource } from '../../../representation/shape.ts';
import type { View } from '../../../representation/render.ts';
import type { EffectiveSetting } from '../../../settings/settings.ts';

export const settingPath = '/system/ws/v12/administration/setting';

export const settingShape = resource('setting', NS.administration('setting'), {
  name: f.text({ attr: true }),
  link: f.link(),
  value: f.text(),
  dataType: f.text(),
  defaultValue: f.text(),
  minimum: f.text(),
  maximum: f.text(),
  source: f.text(),
  description: f.text(),
});

export function presentSetting(s: EffectiveSetting): View {
  return {
    name: s.name,
    link: { rel: 'self', href: `${settingPath}/${s.name}` },
    value: String(s.value),
    dataType: 'integer',
    defaultValue: String(s.defaultValue),
    minimum: String(s.minimum),
    maximum: String(s.maximum),
    source: s.source,
    description: s.description,
  };
}
