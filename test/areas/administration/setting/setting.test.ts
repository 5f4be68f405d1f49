// 07 §16 settings: list and by names (value, dataType, defaultValue, minimum, maximum, source, description), edit
// (string or number values, null removes the stored value, unknown name 404-101, out of range 400-152, all or
// nothing), POST/DELETE → 405-100; a change applies at once (the session limit of 02 §6.3) and on a second
// instance within about a second (07 §1.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../../src/app.ts';
import { settingsCatalogue } from '../../../../src/config/settings-catalogue.ts';
import { getTestApp, testConfig, type TestApp } from '../../../helpers/app.ts';
import { createUser, loginAs, testPassword, type Login } from '../../../helpers/auth.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { FORMATS, acceptOf, expectError, type Fmt } from '../../../conformance/support.ts';

const BASE = '/system/ws/v12/administration/setting';
const NS = 'http://bindings.egain.com/ws/model/v12/gen/administration/setting';

let t: TestApp;
let admin: Awaited<ReturnType<typeof loginAs>>;
let supervisor: Login;
let agent: Login;

// webhookMaxAttempts comes from the environment of this app (ECE_SETTING_WEBHOOK_MAX_ATTEMPTS).
beforeAll(async () => {
  t = await getTestApp({ ECE_SETTING_WEBHOOK_MAX_ATTEMPTS: '12' });
  admin = await loginAs(t.app, t.db, ['administrator']);
  supervisor = await loginAs(t.app, t.db, ['supervisor']);
  agent = await loginAs(t.app, t.db, ['agent']);
});
afterAll(async () => t?.close());

type Stored = { name: string; value: string; last_modified_at: Date; last_modified_by_id: string | null };

/** Runs `fn` and puts the stored values of `names` back as they were, whatever happens (other files share the database). */
async function preserving(names: string[], fn: () => Promise<void>): Promise<void> {
  const before = await t.db.query<Stored>(
    'SELECT name, value, last_modified_at, last_modified_by_id::text AS last_modified_by_id FROM setting WHERE name = ANY($1::text[])',
    [names],
  );
  try {
    await fn();
  } finally {
    await t.db.query('DELETE FROM setting WHERE name = ANY($1::text[])', [names]);
    for (const s of before) {
      await t.db.query('INSERT INTO setting (name, value, last_modified_at, last_modified_by_id) VALUES ($1, $2, $3, $4)', [
        s.name,
        s.value,
        s.last_modified_at,
        s.last_modified_by_id,
      ]);
    }
    await t.db.query('UPDATE config_version SET value = value + 1');
    t.app.configVersion.changedHere();
  }
}

/** Starts each test from the stored layer being empty for `names` (restored afterwards by preserving). */
async function clear(names: string[]): Promise<void> {
  await t.db.query('DELETE FROM setting WHERE name = ANY($1::text[])', [names]);
  await t.db.query('UPDATE config_version SET value = value + 1');
  t.app.configVersion.changedHere();
}

type Opts = { session?: Login | null; fmt?: Fmt; lang?: string; body?: unknown; xml?: string; app?: FastifyInstance };
function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, o: Opts = {}): Promise<LightMyRequestResponse> {
  const session = o.session === undefined ? admin : o.session;
  const headers: Record<string, string> = { accept: acceptOf(o.fmt ?? 'json') };
  if (session) headers['x-egain-session'] = session.sessionId;
  if (o.lang) headers['accept-language'] = o.lang;
  let payload: string | undefined;
  if (o.xml !== undefined) {
    headers['content-type'] = 'application/xml';
    payload = o.xml;
  } else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(o.body);
  }
  return (o.app ?? t.app).inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
}

type SettingView = {
  name: string;
  link: { rel: string; href: string };
  value: string;
  dataType: string;
  defaultValue: string;
  minimum: string;
  maximum: string;
  source: string;
  description: string;
};
const settings = (res: LightMyRequestResponse): SettingView[] => {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { setting: SettingView[] }).setting;
};
const one = async (name: string, app?: FastifyInstance) => settings(await call('GET', `${BASE}/${name}`, app ? { app } : {}))[0]!;
const put = (body: unknown, o: Opts = {}) => call('PUT', BASE, { ...o, body });

describe('07 §16 list and by names', () => {
  it('lists every setting of the catalogue, in catalogue order, with its definition and effective value', async () => {
    await preserving(['sessionIdleTimeoutMinutes', 'chatAssignmentSweepSeconds'], async () => {
      await clear(['sessionIdleTimeoutMinutes', 'chatAssignmentSweepSeconds']);
      expect((await put({ setting: [{ name: 'chatAssignmentSweepSeconds', value: '7' }] })).statusCode).toBe(204);
      const res = await call('GET', BASE);
      const body = res.json() as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['setting']); // no paging envelope: the catalogue is fixed
      const list = settings(res);
      expect(list.map((s) => s.name)).toEqual(settingsCatalogue.map((s) => s.name));
      for (const s of list) {
        const def = settingsCatalogue.find((d) => d.name === s.name)!;
        expect(s).toMatchObject({
          link: { rel: 'self', href: `${BASE}/${s.name}` },
          dataType: 'integer',
          defaultValue: String(def.defaultValue),
          minimum: String(def.minimum),
          maximum: String(def.maximum),
          description: def.description,
        });
        expect(Object.keys(s)).toEqual(['name', 'link', 'value', 'dataType', 'defaultValue', 'minimum', 'maximum', 'source', 'description']);
      }
      expect(list.find((s) => s.name === 'sessionIdleTimeoutMinutes')).toMatchObject({ value: '30', source: 'default' });
      expect(list.find((s) => s.name === 'webhookMaxAttempts')).toMatchObject({ value: '12', source: 'environment' });
      expect(list.find((s) => s.name === 'chatAssignmentSweepSeconds')).toMatchObject({ value: '7', source: 'administration' });
    });
  });

  it('matches the 07 §16 JSON and XML examples', async () => {
    await preserving(['sessionIdleTimeoutMinutes'], async () => {
      expect((await put({ setting: [{ name: 'sessionIdleTimeoutMinutes', value: '45' }] })).statusCode).toBe(204);
      const json = await call('GET', `${BASE}/sessionIdleTimeoutMinutes`);
      expect(json.json()).toEqual({
        setting: [
          {
            name: 'sessionIdleTimeoutMinutes',
            link: { rel: 'self', href: '/system/ws/v12/administration/setting/sessionIdleTimeoutMinutes' },
            value: '45',
            dataType: 'integer',
            defaultValue: '30',
            minimum: '5',
            maximum: '1440',
            source: 'administration',
            description: 'Minutes of inactivity after which a session expires',
          },
        ],
      });
      const xml = await call('GET', `${BASE}/sessionIdleTimeoutMinutes`, { fmt: 'xml' });
      expect(xml.statusCode).toBe(200);
      expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(canonicalXml(xml.body)).toEqual(
        canonicalXml(`<settings xmlns="http://bindings.egain.com/ws/model/v12/gen/administration/setting">
  <setting name="sessionIdleTimeoutMinutes">
    <link rel="self" href="/system/ws/v12/administration/setting/sessionIdleTimeoutMinutes"/>
    <value>45</value><dataType>integer</dataType><defaultValue>30</defaultValue>
    <minimum>5</minimum><maximum>1440</maximum><source>administration</source>
    <description>Minutes of inactivity after which a session expires</description>
  </setting>
</settings>`),
      );
    });
  });

  it('XML list: settings root, one setting element per setting with its name attribute', async () => {
    const res = await call('GET', BASE, { fmt: 'xml' });
    const root = canonicalXml(res.body);
    expect(root.name).toBe(`{${NS}}settings`);
    expect(root.children.map((c) => c.attrs.name)).toEqual(settingsCatalogue.map((s) => s.name));
    expect(root.children.every((c) => c.name === `{${NS}}setting`)).toBe(true);
  });

  it('by names: the order asked, duplicates removed, names compared case-insensitively', async () => {
    const res = await call('GET', `${BASE}/loginLockoutMinutes,maxSessionsPerUser%2Cloginlockoutminutes`);
    expect(settings(res).map((s) => s.name)).toEqual(['loginLockoutMinutes', 'maxSessionsPerUser']);
  });

  it('unknown names → 404-101 naming each (en-US, es-ES)', async () => {
    for (const fmt of FORMATS) {
      expectError(await call('GET', `${BASE}/maxSessionsPerUser,noSuchSetting,other`, { fmt }), '404-101', {
        format: fmt,
        details: [
          { key: 'id', value: 'noSuchSetting' },
          { key: 'id', value: 'other' },
        ],
        message: 'The following IDs were not found: noSuchSetting, other.',
      });
    }
    expectError(await call('GET', `${BASE}/nope`, { lang: 'es-ES' }), '404-101', {
      format: 'json',
      lang: 'es-ES',
      message: 'No se encontraron los siguientes ID: nope.',
    });
  });

  it('400-102 for an empty name in the list, 400-160 for more than 75 names, 400-101 for paging parameters', async () => {
    expectError(await call('GET', `${BASE}/maxSessionsPerUser,,x`), '400-102', { format: 'json', details: [{ key: 'names', value: 'maxSessionsPerUser,,x' }] });
    const many = Array.from({ length: 76 }, () => 'maxSessionsPerUser').join(',');
    expectError(await call('GET', `${BASE}/${many}`), '400-160', { format: 'json' });
    expectError(await call('GET', `${BASE}?$pagesize=5`), '400-101', { format: 'json', details: [{ key: '$pagesize', value: '5' }] });
    expectError(await call('GET', `${BASE}/maxSessionsPerUser?$pagenum=1`), '400-101', { format: 'json' });
  });

  it('callers: supervisor reads; agent → 403-197; no session → 401-101', async () => {
    expect((await call('GET', BASE, { session: supervisor })).statusCode).toBe(200);
    expect((await call('GET', `${BASE}/maxSessionsPerUser`, { session: supervisor })).statusCode).toBe(200);
    for (const fmt of FORMATS) {
      expectError(await call('GET', BASE, { session: agent, fmt }), '403-197', { format: fmt });
      expectError(await call('GET', `${BASE}/maxSessionsPerUser`, { session: agent, fmt }), '403-197', { format: fmt });
    }
    expectError(await call('GET', BASE, { session: null }), '401-101', { format: 'json' });
  });
});

describe('07 §16 edit', () => {
  const names = ['alarmEvaluationIntervalSeconds', 'webhookTimeoutSeconds', 'webhookMaxAttempts', 'kbAttachmentMaxBytes'];

  it('string and number values, wrapped or bare; 204; stored with the editing user', async () => {
    await preserving(names, async () => {
      const res = await put({ setting: [{ name: 'alarmEvaluationIntervalSeconds', value: '120' }, { name: 'webhookTimeoutSeconds', value: 9 }] });
      expect(res.statusCode).toBe(204);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(await one('alarmEvaluationIntervalSeconds')).toMatchObject({ value: '120', source: 'administration' });
      expect(await one('webhookTimeoutSeconds')).toMatchObject({ value: '9', source: 'administration' });
      expect((await put({ name: 'webhookTimeoutSeconds', value: ' 10 ' })).statusCode).toBe(204);
      expect((await one('webhookTimeoutSeconds')).value).toBe('10');
      expect((await put({ setting: { name: 'kbAttachmentMaxBytes', value: 1024 } })).statusCode).toBe(204);
      expect((await one('kbAttachmentMaxBytes')).value).toBe('1024');
      const rows = await t.db.query<{ value: string; by: string }>(`SELECT value, last_modified_by_id::text AS by FROM setting WHERE name = 'kbAttachmentMaxBytes'`);
      expect(rows).toEqual([{ value: '1024', by: String(admin.user.id) }]);
    });
  });

  it('the bounds of the range are accepted; a name in another letter case edits the setting', async () => {
    await preserving(names, async () => {
      expect((await put({ setting: [{ name: 'alarmEvaluationIntervalSeconds', value: '10' }, { name: 'WEBHOOKTIMEOUTSECONDS', value: 30 }] })).statusCode).toBe(204);
      expect((await one('alarmEvaluationIntervalSeconds')).value).toBe('10');
      expect((await one('webhookTimeoutSeconds')).value).toBe('30');
    });
  });

  it('null (JSON), an empty string, an empty or nil XML element remove the stored value: environment, then default, again', async () => {
    await preserving(names, async () => {
      for (const remove of [
        () => put({ setting: [{ name: 'webhookMaxAttempts', value: null }, { name: 'webhookTimeoutSeconds', value: null }] }),
        () => put({ setting: [{ name: 'webhookMaxAttempts', value: '' }, { name: 'webhookTimeoutSeconds', value: '' }] }),
        () =>
          call('PUT', BASE, {
            xml: `<settings xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><setting name="webhookMaxAttempts"><value xsi:nil="true"/></setting><setting name="webhookTimeoutSeconds"><value/></setting></settings>`,
          }),
      ]) {
        expect((await put({ setting: [{ name: 'webhookMaxAttempts', value: 3 }, { name: 'webhookTimeoutSeconds', value: 3 }] })).statusCode).toBe(204);
        expect(await one('webhookMaxAttempts')).toMatchObject({ value: '3', source: 'administration' });
        expect((await remove()).statusCode).toBe(204);
        expect(await one('webhookMaxAttempts')).toMatchObject({ value: '12', source: 'environment' });
        expect(await one('webhookTimeoutSeconds')).toMatchObject({ value: '5', source: 'default' });
      }
      // Removing a value that is not stored is not an error.
      expect((await put({ name: 'webhookTimeoutSeconds', value: null })).statusCode).toBe(204);
    });
  });

  it('XML bodies: a settings list and a bare setting (name as attribute or element)', async () => {
    await preserving(names, async () => {
      const list = await call('PUT', BASE, {
        xml: `<settings xmlns="${NS}"><setting name="alarmEvaluationIntervalSeconds"><value>300</value></setting><setting name="webhookTimeoutSeconds"><value>11</value></setting></settings>`,
      });
      expect(list.statusCode, list.body).toBe(204);
      expect((await one('alarmEvaluationIntervalSeconds')).value).toBe('300');
      expect((await one('webhookTimeoutSeconds')).value).toBe('11');
      expect((await call('PUT', BASE, { fmt: 'xml', xml: `<setting><name>webhookTimeoutSeconds</name><value>12</value></setting>` })).statusCode).toBe(204);
      expect((await one('webhookTimeoutSeconds')).value).toBe('12');
    });
  });

  it.each([
    ['below the minimum', 'alarmEvaluationIntervalSeconds', '9'],
    ['above the maximum', 'webhookTimeoutSeconds', 31],
    ['not an integer', 'webhookTimeoutSeconds', 'ten'],
    ['a fraction', 'webhookTimeoutSeconds', 1.5],
    ['a decimal string', 'webhookTimeoutSeconds', '10.0'],
    ['a boolean', 'webhookTimeoutSeconds', true],
    ['an object', 'webhookTimeoutSeconds', { v: 1 }],
  ])('400-152 for a value %s; nothing changed', async (_n, name, value) => {
    await preserving(names, async () => {
      await clear(names);
      for (const fmt of FORMATS) {
        const res = await put({ setting: [{ name: 'webhookMaxAttempts', value: 2 }, { name, value }] }, { fmt });
        const shown = typeof value === 'object' ? '' : String(value);
        expectError(res, '400-152', { format: fmt, details: [{ key: 'setting[1].value', value: shown }], message: "Invalid value of attribute 'setting[1].value'." });
      }
      expect(await one('webhookMaxAttempts')).toMatchObject({ value: '12', source: 'environment' });
    });
  });

  it('400-152 in es-ES; a value out of range is reported before an unknown name (validation before existence)', async () => {
    const res = await put({ setting: [{ name: 'noSuchSetting', value: 1 }, { name: 'maxSessionsPerUser', value: 51 }] }, { lang: 'es-ES' });
    expectError(res, '400-152', {
      format: 'json',
      lang: 'es-ES',
      details: [{ key: 'setting[1].value', value: '51' }],
      message: "Valor no válido del atributo 'setting[1].value'.",
    });
  });

  it('400-153 for a missing name or value, and for an empty list', async () => {
    expectError(await put({ setting: [{ value: 5 }] }), '400-153', { format: 'json', details: [{ key: 'setting[0].name', value: '' }] });
    expectError(await put({ setting: [{ name: 'maxSessionsPerUser' }] }), '400-153', {
      format: 'json',
      details: [{ key: 'setting[0].value', value: '' }],
      message: "Required attribute 'setting[0].value' is missing.",
    });
    expectError(await put({ setting: [] }), '400-153', { format: 'json', details: [{ key: 'setting', value: '' }] });
  });

  it('unknown names → 404-101 naming each; nothing changed (all or nothing)', async () => {
    await preserving(names, async () => {
      await clear(names);
      for (const fmt of FORMATS) {
        const res = await put({ setting: [{ name: 'webhookTimeoutSeconds', value: 20 }, { name: 'noSuchSetting', value: 1 }, { name: 'otherUnknown', value: null }] }, { fmt });
        expectError(res, '404-101', {
          format: fmt,
          details: [
            { key: 'id', value: 'noSuchSetting' },
            { key: 'id', value: 'otherUnknown' },
          ],
          message: 'The following IDs were not found: noSuchSetting, otherUnknown.',
        });
      }
      expect(await one('webhookTimeoutSeconds')).toMatchObject({ value: '5', source: 'default' });
    });
  });

  it('callers: supervisor and agent → 403-197 (after validation); nothing changed', async () => {
    await preserving(names, async () => {
      await clear(names);
      for (const s of [supervisor, agent]) {
        for (const fmt of FORMATS) expectError(await put({ name: 'webhookTimeoutSeconds', value: 20 }, { session: s, fmt }), '403-197', { format: fmt });
        expectError(await put({ name: 'webhookTimeoutSeconds', value: 99 }, { session: s }), '400-152', { format: 'json' });
        expectError(await put({ name: 'noSuchSetting', value: 1 }, { session: s }), '403-197', { format: 'json' });
      }
      expect((await one('webhookTimeoutSeconds')).source).toBe('default');
    });
  });

  it('POST and DELETE → 405-100 with Allow', async () => {
    for (const fmt of FORMATS) {
      const post = await call('POST', BASE, { fmt, body: { name: 'maxSessionsPerUser', value: 5 } });
      expectError(post, '405-100', { format: fmt, message: "Method 'POST' is not allowed for this resource." });
      expect(post.headers.allow).toBe('GET, HEAD, PUT');
      const del = await call('DELETE', `${BASE}/maxSessionsPerUser`, { fmt });
      expectError(del, '405-100', { format: fmt, message: "Method 'DELETE' is not allowed for this resource." });
      expect(del.headers.allow).toBe('GET, HEAD');
    }
  });
});

describe('07 §16 changes apply at once', () => {
  const login = (loginId: string, forceLogin?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/system/ws/v12/authentication/user/login${forceLogin ? `?forceLogin=${forceLogin}` : ''}`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      payload: { userName: loginId, password: testPassword },
    });

  it('lowering maxSessionsPerUser: the next login over the new limit is refused (400-170), removing it restores the default', async () => {
    await preserving(['maxSessionsPerUser'], async () => {
      const user = await createUser(t.db, { roles: ['agent'] });
      expect((await login(user.loginId)).statusCode).toBe(204);
      expect((await login(user.loginId)).statusCode).toBe(204);
      expect((await put({ name: 'maxSessionsPerUser', value: 2 })).statusCode).toBe(204);
      expectError(await login(user.loginId), '400-170', {
        format: 'json',
        message: 'The maximum number of concurrent sessions (2) has been reached. Use forceLogin=yes to end the oldest session.',
      });
      expect((await put({ name: 'maxSessionsPerUser', value: null })).statusCode).toBe(204);
      expect((await login(user.loginId)).statusCode).toBe(204);
    });
  });

  it('a second instance sharing the database uses the new value within about a second', async () => {
    const second = await buildApp(testConfig(), { db: t.db, logger: false });
    try {
      const s = await loginAs(second, t.db, ['administrator']);
      await preserving(['chatAssignmentSweepSeconds'], async () => {
        await clear(['chatAssignmentSweepSeconds']);
        const read = async () =>
          ((await second.inject({ method: 'GET', url: `${BASE}/chatAssignmentSweepSeconds`, headers: s.headers })).json() as { setting: SettingView[] }).setting[0]!;
        expect((await read()).value).toBe('5'); // read (and cached) before the change
        const started = Date.now();
        expect((await put({ name: 'chatAssignmentSweepSeconds', value: 42 })).statusCode).toBe(204);
        let seen = false;
        while (!seen && Date.now() - started < 3000) {
          seen = (await read()).value === '42';
          if (!seen) await new Promise((r) => setTimeout(r, 50));
        }
        expect(seen).toBe(true);
        expect(Date.now() - started).toBeLessThanOrEqual(1500);
      });
    } finally {
      await second.close();
    }
  });
});

