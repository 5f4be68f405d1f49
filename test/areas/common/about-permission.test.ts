// 09 §3: customer sessions → 403-197 (permission `about.read`, 02 §7.2 / 07 §6). No customer session can be opened
// through the API yet, so the rule is tested on the role table and on the about service with a customer actor.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import { authorize, holds, permissionTable, roles, type Role } from '../../../src/authz/permissions.ts';
import type { Actor } from '../../../src/authz/actor.ts';
import type { ServiceContext } from '../../../src/areas/service-context.ts';
import { defaultAboutConfig, licenseProducts } from '../../../src/areas/common/about.config.ts';
import { buildOf, packageVersion, readAbout } from '../../../src/areas/common/about.service.ts';
import { PACKAGE_VERSION, PRODUCTS } from './support.ts';

/** A database and settings that fail the test if touched. */
const untouchable = new Proxy(
  {},
  {
    get(_t, prop) {
      throw new Error(`touched ${String(prop)}`);
    },
  },
) as never;

const now = new Date('2031-03-04T05:06:07.089Z');
const ctxOf = (actor: Actor): Pick<ServiceContext, 'actor' | 'db' | 'settings' | 'now'> => ({ actor, db: untouchable, settings: untouchable, now: () => now });

const staff = (role: 'administrator' | 'supervisor' | 'agent'): Actor => ({
  kind: 'user',
  sessionId: 's',
  userId: 1n,
  roles: [role],
  homeDepartmentId: 1n,
  departmentIds: [1n],
  ref: { id: '1', name: 'u', firstName: 'U' },
});
const customer: Actor = { kind: 'customer', sessionId: 'c', contactPersonId: 1n, customerId: 1n, roles: ['customer'] };
const client: Actor = { kind: 'client', sessionId: 'x', clientApplicationId: 1n, roles: ['clientApplication'] };

async function expect403(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).key).toBe('403-197');
  expect((err as AppError).status).toBe(403);
}

describe('about.read on the role table (07 §6)', () => {
  it('is held by exactly administrator, supervisor and agent', () => {
    expect([...permissionTable['about.read']]).toEqual(['administrator', 'supervisor', 'agent']);
    expect(roles.filter((r: Role) => holds([r], 'about.read'))).toEqual(['administrator', 'supervisor', 'agent']);
  });

  it('authorize: staff roles pass; customer and clientApplication → 403-197', () => {
    for (const r of ['administrator', 'supervisor', 'agent'] as const) expect(() => authorize({ roles: [r] }, 'about.read')).not.toThrow();
    for (const r of ['customer', 'clientApplication'] as const) {
      let thrown: unknown;
      try {
        authorize({ roles: [r] }, 'about.read');
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).key).toBe('403-197');
    }
  });
});

describe('readAbout (the service behind GET /system/ws/v19/about)', () => {
  it('a customer session → 403-197 before any data is read, whatever groups are asked for', async () => {
    await expect403(readAbout(ctxOf(customer), defaultAboutConfig, () => false));
    await expect403(readAbout(ctxOf(customer), defaultAboutConfig, () => true));
  });

  it('a client application → 403-197 as well', async () => {
    await expect403(readAbout(ctxOf(client), defaultAboutConfig, () => true));
  });

  it.each(['administrator', 'supervisor', 'agent'] as const)('%s: the default set, without touching the database', async (role) => {
    expect(await readAbout(ctxOf(staff(role)), defaultAboutConfig, () => false)).toEqual({
      productName: 'Enterprise Chat and Email',
      productVersion: '12.6.1',
      build: PACKAGE_VERSION,
      serverTime: now,
    });
  });

  it('every group but licenses needs no database', async () => {
    const about = await readAbout(ctxOf(staff('agent')), defaultAboutConfig, (g) => g !== 'licenses');
    expect(about.installedProducts?.product.map((p) => p.name)).toEqual([...PRODUCTS]);
    expect(about.copyright).toBe('Copyright (c) 2031');
    expect(about.licenses).toBeUndefined();
  });
});

describe('configuration defaults (09 §3, §4)', () => {
  it('no variable set: productVersion 12.6.1, empty contact and trademarks, copyright from the year, 1000 units each', () => {
    expect(defaultAboutConfig).toEqual({
      productVersion: '12.6.1',
      buildSha: undefined,
      aboutContactName: '',
      aboutContactEmail: '',
      aboutContactUrl: '',
      aboutCopyright: undefined,
      aboutTrademarks: '',
      licenseUnits: {},
    });
    expect(licenseProducts.map((p) => p.product)).toEqual([...PRODUCTS]);
  });

  it('build: the package version, plus +<sha> when the sha is known', () => {
    expect(packageVersion).toBe(PACKAGE_VERSION);
    expect(buildOf({})).toBe(PACKAGE_VERSION);
    expect(buildOf({ buildSha: undefined })).toBe(PACKAGE_VERSION);
    expect(buildOf({ buildSha: '  ' })).toBe(PACKAGE_VERSION);
    expect(buildOf({ buildSha: '3f9a1c0' })).toBe(`${PACKAGE_VERSION}+3f9a1c0`);
    expect(buildOf({ buildSha: ' 3f9a1c0e8b7d4a6f9e2b1c3d4e5f6a7b8c9d0e1f\n' })).toBe(`${PACKAGE_VERSION}+3f9a1c0e8b7d4a6f9e2b1c3d4e5f6a7b8c9d0e1f`);
  });
});
