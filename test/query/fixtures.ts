// Shared fixtures of the query grammar tests: route specs shaped like the ones the areas will write, a resolver, a
// codec, and an assertion on thrown AppErrors.
import { expect } from 'vitest';
import { AppError, type ErrorDetail } from '../../src/errors/app-error.ts';
import { CursorCodec } from '../../src/query/cursor.ts';
import type { CustomAttributeResolver } from '../../src/query/parse.ts';
import type { QuerySpec } from '../../src/query/spec.ts';

export const secret = Buffer.alloc(32, 7);
export const codec = new CursorCodec(secret);

/** Custom attributes defined for every object type in these tests. */
export const resolver: CustomAttributeResolver & { calls: { objectType: string; names: string[] }[] } = {
  calls: [],
  async definedNames(objectType, names) {
    this.calls.push({ objectType, names: [...names] });
    const defined = new Set(['external_id', 'customer_rating', 'Tier']);
    return new Set(names.filter((n) => defined.has(n)));
  },
};

/** 05 §9.2 V2. */
export const activitySearch: QuerySpec = {
  mode: 'search',
  criteria: [
    { name: 'customer', kind: 'id' },
    { name: 'case', kind: 'id' },
    {
      name: 'status',
      kind: 'status',
      statuses: {
        open: [],
        assigned: ['in_progress', 'waiting'],
        completed: ['done', 'abandoned'],
        new: [],
      },
    },
    { name: 'mode', kind: 'enum', values: ['inbound', 'outbound'] },
    { name: 'type', kind: 'enum', values: ['email', 'chat', 'social', 'calltrack', 'task'] },
    { name: 'assignedTo', kind: 'id' },
    { name: 'assignedUserName', kind: 'string' },
    { name: 'queue', kind: 'id' },
    { name: 'department', kind: 'id' },
    { name: 'createdDate', kind: 'instant' },
    { name: 'lastModifiedDate', kind: 'instant' },
    { name: 'completionDate', kind: 'instant' },
  ],
  customAttributes: 'activity',
  sort: ['createdDate', 'lastModifiedDate', 'completionDate'],
  attributes: ['payload', 'contactPointData', 'created', 'userLastWorked', 'custom'],
  notEnough: ['type'],
};

/** 03 §7.2 U2. */
export const customerSearch: QuerySpec = {
  mode: 'search',
  criteria: [
    { name: 'email', kind: 'email' },
    { name: 'phone', kind: 'string' },
    { name: 'customerName', kind: 'string' },
    { name: 'type', kind: 'enum', values: ['individual', 'group', 'corporate'] },
    { name: 'department', kind: 'id' },
    { name: 'createdDate', kind: 'instant' },
    { name: 'lastModifiedDate', kind: 'instant' },
  ],
  customAttributes: 'customer',
  sort: ['customerName', 'type', 'createdDate', 'lastModifiedDate'],
  attributes: ['contactPointData', 'created', 'custom'],
};

/** An administration list (07 §1.4): criteria optional. */
export const queueList: QuerySpec = { mode: 'list', criteria: [{ name: 'name', kind: 'string' }], sort: ['name'], attributes: ['created'] };

/** Get-by-ids (05 V1). */
export const activityGet: QuerySpec = { mode: 'get', attributes: ['payload', 'created', 'custom'], customAttributes: 'activity' };

/** An action (05 transfer): exclusive targets. */
export const transfer: QuerySpec = {
  mode: 'action',
  criteria: [
    { name: 'user', kind: 'id' },
    { name: 'queue', kind: 'id' },
    { name: 'keepOwner', kind: 'boolean' },
  ],
  exclusive: [['user', 'queue']],
};

/** 06 K3: required `q`, `relevance` default sort without direction, `$lang`. */
export const articleSearch: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'q', kind: 'string' },
    { name: 'folder', kind: 'id' },
    { name: 'articleState', kind: 'enum', values: ['published', 'expired', 'draft', 'transient'] },
  ],
  sort: ['relevance', 'name', 'lastModifiedDate'],
  defaultSort: 'relevance',
  sortWithoutOrder: ['relevance'],
  attributes: ['keywords', 'summary'],
  required: ['q'],
  lang: true,
};

/** 06 K31: exactly one of two criteria, `$level`. */
export const folderSearch: QuerySpec = {
  mode: 'search',
  criteria: [
    { name: 'department', kind: 'id' },
    { name: 'parent', kind: 'id' },
  ],
  sort: ['name'],
  defaultSort: 'name',
  exclusive: [['department', 'parent']],
  level: true,
  lang: true,
};

/** 03 U7: `$attribute` required. */
export const customerAttributes: QuerySpec = { mode: 'get', attributes: ['contactPerson', 'custom'], required: ['$attribute'] };

/** Runs `fn` and returns the AppError it throws (failing when it does not throw one). */
export async function appError(fn: () => unknown): Promise<AppError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

/** Asserts the wire code and, when given, the exact details of the error `fn` throws. */
export async function expectError(fn: () => unknown, key: string, details?: ErrorDetail[]): Promise<AppError> {
  const err = await appError(fn);
  expect(err.key).toBe(key);
  if (details) expect(err.details).toEqual(details);
  return err;
}
