// Shared helpers of the about (09 §3) and license (09 §4) tests.
import { readFileSync } from 'node:fs';
import type { CanonicalElement } from '../../helpers/xml-canonical.ts';

export const ABOUT = '/system/ws/v19/about';
export const LICENSE = '/system/ws/v11/general/about/license/all';
export const ABOUT_NS = 'http://bindings.egain.com/ws/model/v12/gen/general/about';
export const LICENSE_NS = 'http://bindings.egain.com/ws/model/v12/gen/general/license';

/** package.json's version, read here independently of the server code. */
export const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const PRODUCTS = ['ECE Agent', 'ECE Chat', 'ECE Mail', 'ECE Named User', 'ECE API Client Application'] as const;
export const POLICIES = ['concurrent', 'concurrent', 'concurrent', 'named', 'named'] as const;

/** A canonical element without its text: names (namespace-qualified), attributes and children, recursively. */
export function skeleton(el: CanonicalElement): unknown {
  return { name: el.name, attrs: el.attrs, children: el.children.map(skeleton) };
}

/** The child of `el` named `{ns}local`; fails when it is missing. */
export function child(el: CanonicalElement, ns: string, local: string): CanonicalElement {
  const found = el.children.find((c) => c.name === `{${ns}}${local}`);
  if (!found) throw new Error(`no {${ns}}${local} in ${el.name}: ${el.children.map((c) => c.name).join(', ')}`);
  return found;
}

export const names = (el: CanonicalElement) => el.children.map((c) => c.name);

export type LicenseEntryJson = { product: string; policy: string; unitsInstalled: number; usage: { available: number; used: number } };
export type LicensesJson = { callInfo: { timestamp: string }; license: LicenseEntryJson[] };

/** The license entries of 09 §4 as a JSON answer would hold them, read from the XML answer. */
export function licenseEntriesFromXml(licenses: CanonicalElement[]): LicenseEntryJson[] {
  return licenses.map((l) => ({
    product: child(l, LICENSE_NS, 'product').text ?? '',
    policy: child(l, LICENSE_NS, 'policy').text ?? '',
    unitsInstalled: Number(child(l, LICENSE_NS, 'unitsInstalled').text),
    usage: {
      available: Number(child(child(l, LICENSE_NS, 'usage'), LICENSE_NS, 'available').text),
      used: Number(child(child(l, LICENSE_NS, 'usage'), LICENSE_NS, 'used').text),
    },
  }));
}
