// The about and license routes as app.ts registers them (no mock): with no configuration variable set they answer
// with the defaults of 09 §3 and §4.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';
import { ABOUT, LICENSE, PACKAGE_VERSION, PRODUCTS, type LicensesJson } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

describe('09 §3, §4 as registered by buildApp', () => {
  it('GET /system/ws/v19/about answers a staff session with the defaults', async () => {
    const { headers } = await loginAs(t.app, t.db, ['agent']);
    const res = await t.app.inject({ method: 'GET', url: `${ABOUT}?$attribute=all`, headers });
    expect(res.statusCode, res.body).toBe(200);
    const about = (res.json() as { about: Record<string, unknown>[] }).about[0]!;
    expect(about).toMatchObject({
      productName: 'Enterprise Chat and Email',
      productVersion: '12.6.1',
      build: PACKAGE_VERSION,
      contactInfo: { name: '', email: '', url: '' },
      copyright: `Copyright (c) ${new Date().getUTCFullYear()}`,
    });
    expect(about.trademarks).toBeUndefined();
  });

  it('GET /system/ws/v11/general/about/license/all answers without a session, 1000 units per product', async () => {
    const res = await t.app.inject({ method: 'GET', url: LICENSE, headers: { accept: 'application/json' } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as LicensesJson;
    expect(body.license.map((l) => [l.product, l.unitsInstalled])).toEqual(PRODUCTS.map((p) => [p, 1000]));
  });
});
