// XML namespace URIs of 01 §4.1 and the prefixes the writer declares them with (prefixes carry no meaning).
const base = 'http://bindings.egain.com/ws/model/v12/gen';

export const NS = {
  activity: `${base}/interaction/activity`,
  case: `${base}/interaction/case`,
  customer: `${base}/interaction/customer`,
  contactPerson: `${base}/interaction/contactperson`,
  contactPoint: `${base}/interaction/contactpoint`,
  attachment: `${base}/interaction/attachment`,
  notes: `${base}/interaction/notes`,
  folder: `${base}/interaction/folder`,
  common: `${base}/common`,
  platform: `${base}/platform`,
  kb: `${base}/kb`,
  kbTopic: `${base}/kb/topic`,
  alias: `${base}/mail/alias`,
  entryPoint: `${base}/live/entrypoint`,
  about: `${base}/general/about`,
  license: `${base}/general/license`,
  composite: `${base}/composite`,
  chat: 'http://bindings.egain.com/chat',
  administration: (resource: string) => `${base}/administration/${resource}`,
  messaging: (resource: string) => `${base}/messaging/${resource}`,
} as const;

const knownPrefixes = new Map<string, string>([
  [NS.activity, 'act'],
  [NS.case, 'cas'],
  [NS.customer, 'cus'],
  [NS.contactPerson, 'cpe'],
  [NS.contactPoint, 'cpt'],
  [NS.attachment, 'att'],
  [NS.notes, 'not'],
  [NS.folder, 'fld'],
  [NS.common, 'cmn'],
  [NS.platform, 'plt'],
  [NS.kb, 'kb'],
  [NS.kbTopic, 'kbt'],
  [NS.alias, 'als'],
  [NS.entryPoint, 'ent'],
]);

/** A prefix for a namespace, unique within one document (`used` holds the prefixes taken so far). */
export function prefixFor(uri: string, used: Set<string>): string {
  let prefix = knownPrefixes.get(uri) ?? uri.slice(uri.lastIndexOf('/') + 1).replace(/[^A-Za-z]/g, '').slice(0, 3) ?? 'ns';
  if (!prefix) prefix = 'ns';
  for (let i = 2; used.has(prefix); i++) prefix = `${prefix.replace(/\d+$/, '')}${i}`;
  used.add(prefix);
  return prefix;
}
