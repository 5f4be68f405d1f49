// 07 §16 settings: list, by names, edit. No paging (the catalogue is fixed); POST and DELETE → 405-100 (no route).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Err } from '../../../errors/app-error.ts';
import { B } from '../../../platform/body-schema.ts';
import { MAX_IDS } from '../../../query/ids.ts';
import { contextOf } from '../../service-context.ts';
import { settingPath, settingShape } from './setting.presenter.ts';
import { getSettings, listSettings, updateSettings } from './setting.service.ts';

const tags = ['administration'];
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** The `{names}` path list: comma-separated, no empty element (400-102), at most 75 (400-160). */
export function parseNames(raw: string): string[] {
  const names = raw.split(',');
  if (names.some((n) => n.trim() === '' || notXmlChar.test(n))) throw Err.invalidParam('names', raw);
  if (names.length > MAX_IDS) throw Err.tooManyItems(names.length);
  return names.map((n) => n.trim());
}

// `value`: a JSON string or number; null (or an empty value) removes the stored value. Its type is checked by the
// service (setting.service.ts), which reads it as an integer within the setting's range.
const SettingBody = B.list(Type.Object({ name: B.text(), value: Type.Optional(Type.Unknown()) }));

export const settingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    settingPath,
    { config: { query: { mode: 'get', attributes: [] } }, schema: { tags, summary: 'List the settings (07 §16)' } },
    async (request, reply) => reply.represent({ kind: 'list', shape: settingShape, items: await listSettings(contextOf(request)) }),
  );

  app.get(
    `${settingPath}/:names`,
    {
      config: { query: { mode: 'get', attributes: [] } },
      schema: { tags, summary: 'Settings by names (07 §16)', params: Type.Object({ names: Type.String() }) },
    },
    async (request, reply) => {
      const names = parseNames(request.params.names);
      return reply.represent({ kind: 'list', shape: settingShape, items: await getSettings(contextOf(request), names) });
    },
  );

  app.put(
    settingPath,
    {
      config: { body: { resource: { key: 'setting', mode: 'list' } } },
      schema: { tags, summary: 'Edit settings (07 §16)', body: SettingBody },
    },
    async (request, reply) => {
      await updateSettings(contextOf(request), request.body);
      return reply.noContent();
    },
  );
};
