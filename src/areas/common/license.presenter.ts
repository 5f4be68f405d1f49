// 09 §4: `{"callInfo":{…},"license":[…]}` / `<licenses>` in the general/license namespace. The license entry shape
// is also the `licenses/license` item of the about call (09 §3), where its children keep this namespace.
import { NS } from '../../representation/namespaces.ts';
import { f, shape } from '../../representation/shape.ts';
import type { Document } from '../../representation/render.ts';
import type { LicenseUsage } from './license.service.ts';

export const licenseEntryShape = shape(NS.license, {
  product: f.text(),
  policy: f.text(),
  unitsInstalled: f.number(),
  // Member order of the 09 §4 examples.
  usage: f.object(shape(NS.license, { available: f.number(), used: f.number() })),
});

const licensesShape = shape(NS.license, {
  callInfo: f.object(shape(NS.license, { timestamp: f.instant() })),
  license: f.array(f.object(licenseEntryShape)),
});

/** Not a list response (it carries callInfo beside the items), so a bare document under the `licenses` root. */
export function presentLicenseUsage(usage: LicenseUsage): Document {
  return { kind: 'bare', root: 'licenses', shape: licensesShape, value: { callInfo: { timestamp: usage.timestamp }, license: usage.license } };
}
