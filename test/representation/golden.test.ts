// Golden tests of the representation engine: one view per sample shape, rendered to JSON and XML and compared
// with hand-checked files (XML namespace-aware). UPDATE_GOLDEN=1 rewrites the files; review the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJson, renderXml, type Document } from '../../src/representation/render.ts';
import type { Lang } from '../../src/errors/catalogue.ts';
import { activityShape, caseShape, customerShape, sampleActivity } from '../fixtures/sample-shapes.ts';
import { canonicalXml } from '../helpers/xml-canonical.ts';

const golden = (name: string) => new URL(`../fixtures/golden/${name}`, import.meta.url);

function check(name: string, doc: Document, lang: Lang = 'en-US') {
  const json = renderJson(doc, lang);
  const xml = renderXml(doc, lang);
  if (process.env.UPDATE_GOLDEN || !existsSync(golden(`${name}.json`))) {
    writeFileSync(golden(`${name}.json`), JSON.stringify(JSON.parse(json), null, 2) + '\n');
    writeFileSync(golden(`${name}.xml`), xml + '\n');
  }
  expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(golden(`${name}.json`), 'utf8')));
  expect(canonicalXml(xml)).toEqual(canonicalXml(readFileSync(golden(`${name}.xml`), 'utf8')));
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
}

describe('representation engine golden files', () => {
  it('activity search page: references, enumerations with substatus, timestamps, custom attributes, pagination', () => {
    check('activity-list', {
      kind: 'list',
      shape: activityShape,
      items: [sampleActivity(1011), sampleActivity(1012)],
      self: '/system/ws/v12/interaction/activity?case=1001&$pagenum=2&$pagesize=2',
      pagination: {
        count: 5,
        pagenum: 2,
        pagesize: 2,
        link: [
          { rel: 'prev', href: '/system/ws/v12/interaction/activity?case=1001&$pagenum=1&$pagesize=2' },
          { rel: 'next', href: '/system/ws/v12/interaction/activity?case=1001&$pagenum=3&$pagesize=2&$cursor=abc' },
        ],
      },
    });
  });

  it('activity in es-ES: displayValues are localised, values are not', () => {
    check('activity-es', { kind: 'list', shape: activityShape, items: [sampleActivity(1011)] }, 'es-ES');
  });

  it('customer: nested lists of contact persons and contact points, booleans, calendar dates', () => {
    check('customer', {
      kind: 'list',
      shape: customerShape,
      items: [
        {
          id: 1002,
          link: { rel: 'self', href: '/system/ws/v12/interaction/customer/1002' },
          customerName: 'Jack Lee',
          type: 'individual',
          contactPersons: {
            contactPerson: [
              {
                id: 2001,
                firstName: 'Jack',
                lastName: 'Lee',
                dateOfBirth: '1980-02-29',
                contactPoints: {
                  contactPoint: [
                    { id: 3001, type: { value: 'email', email: { emailAddress: 'jack@example.com' } }, priority: 1, isPrimary: true },
                    { id: 3002, type: { value: 'phone', phoneNo: '5551234' }, priority: 2, isPrimary: false },
                  ],
                },
              },
            ],
          },
          lastModified: { date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) },
        },
      ],
    });
  });

  it('case: an always-present empty owner, a link list, omitted empty values', () => {
    check('case', {
      kind: 'list',
      shape: caseShape,
      items: [
        {
          id: 1001,
          link: { rel: 'self', href: '/system/ws/v12/interaction/case/1001' },
          status: 'open',
          severity: 'urgent',
          owner: {},
          relatedCases: { link: [{ rel: 'case', href: '/system/ws/v12/interaction/case/1005' }] },
          summary: '',
        },
      ],
    });
  });

  it('$count=yes: only paginationInfo with a first link', () => {
    check('activity-count', {
      kind: 'count',
      shape: activityShape,
      pagination: { count: 1234, link: [{ rel: 'first', href: '/system/ws/v12/interaction/activity?status=completed&$pagenum=1&$pagesize=25' }] },
    });
  });
});
