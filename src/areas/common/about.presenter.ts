// 09 §3: JSON list key `about`, XML root `aboutDetails` holding one `about`, in the general/about namespace.
import { NS } from '../../representation/namespaces.ts';
import { f, resource, shape } from '../../representation/shape.ts';
import type { Document } from '../../representation/render.ts';
import { licenseEntryShape } from './license.presenter.ts';
import type { About } from './about.service.ts';

// "empty strings when unset": contactInfo, when asked for, always carries its three members (a field-table
// exception to the omission of empty strings, 01 §5.2).
const contactInfoShape = shape(NS.about, {
  name: f.text({ keepEmpty: true }),
  email: f.text({ keepEmpty: true }),
  url: f.text({ keepEmpty: true }),
});

const productShape = shape(NS.about, { name: f.text(), version: f.text() });

export const aboutShape = resource(
  'about',
  NS.about,
  {
    productName: f.text(),
    productVersion: f.text(),
    build: f.text(),
    serverTime: f.instant(),
    contactInfo: f.object(contactInfoShape),
    copyright: f.text(),
    trademarks: f.text(),
    installedProducts: f.list('product', f.object(productShape), NS.about),
    // `licenses` and `license` are about's elements; the members of each license are declared by the license type
    // of 09 §4 and so stay in its namespace (01 §4.2 rule 3).
    licenses: f.list('license', f.object(licenseEntryShape), NS.about),
  },
  'aboutDetails',
);

export function presentAbout(about: About): Document {
  return { kind: 'list', shape: aboutShape, items: [about] };
}
