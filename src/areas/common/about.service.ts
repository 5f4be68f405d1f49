// About (09 §3): product and build information for staff sessions (permission `about.read`, 02 §7.2).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../common/project-root.ts';
import { authorize } from '../../authz/permissions.ts';
import type { ServiceContext } from '../service-context.ts';
import { licenseProducts, type AboutConfig } from './about.config.ts';
import { licenseUsage, type LicenseEntry } from './license.service.ts';

export const PRODUCT_NAME = 'Enterprise Chat and Email';

/** The `$attribute` groups of 09 §3 (`all` is added by the query grammar). */
export const aboutGroups = ['contactInfo', 'copyright', 'trademarks', 'installedProducts', 'licenses'] as const;
export type AboutGroup = (typeof aboutGroups)[number];

/** The server's own version, read once at start; never from git at request time. */
export const packageVersion = (JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** `build`: the package version, plus `+<git sha>` when the build recorded one. */
export function buildOf(config: Pick<AboutConfig, 'buildSha'>): string {
  const sha = config.buildSha?.trim();
  return sha ? `${packageVersion}+${sha}` : packageVersion;
}

export type About = {
  productName: string;
  productVersion: string;
  build: string;
  serverTime: Date;
  contactInfo?: { name: string; email: string; url: string };
  copyright?: string;
  trademarks?: string;
  installedProducts?: { product: { name: string; version: string }[] };
  licenses?: { license: LicenseEntry[] };
};

export async function readAbout(
  ctx: Pick<ServiceContext, 'actor' | 'db' | 'settings' | 'now'>,
  config: AboutConfig,
  wants: (group: AboutGroup) => boolean,
): Promise<About> {
  authorize(ctx.actor, 'about.read');
  const now = ctx.now();
  const about: About = { productName: PRODUCT_NAME, productVersion: config.productVersion, build: buildOf(config), serverTime: now };
  if (wants('contactInfo')) {
    about.contactInfo = { name: config.aboutContactName, email: config.aboutContactEmail, url: config.aboutContactUrl };
  }
  if (wants('copyright')) about.copyright = config.aboutCopyright || `Copyright (c) ${now.getUTCFullYear()}`;
  if (wants('trademarks')) about.trademarks = config.aboutTrademarks;
  if (wants('installedProducts')) {
    about.installedProducts = { product: licenseProducts.map(({ product }) => ({ name: product, version: config.productVersion })) };
  }
  if (wants('licenses')) about.licenses = { license: (await licenseUsage({ ...ctx, now: () => now }, config)).license };
  return about;
}
