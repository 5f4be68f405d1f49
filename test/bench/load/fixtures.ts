// A small synthetic manifest and database state for the load generator's tests.
import type { Manifest } from '../../../bench/seed/manifest.ts';
import { Rng } from '../../../bench/seed/random.ts';
import { Catalog, emptyExtras, worldInput, type DbExtras } from '../../../bench/load/catalog.ts';
import { World } from '../../../bench/load/world.ts';

export const departments = [
  { id: '1', name: 'Service' },
  { id: '2', name: 'Sales' },
];

/**
 * Customers 100..109 (Service 100..104, Sales 105..109); cases 1000..1019 (open: 1010..1019, customer = 100 + case % 10);
 * activities 5000..5039 (emails, ids in creation order; open: 5030..5039, one per open case, 5030..5034 waiting,
 * 5035..5039 assigned to bench01).
 */
export function manifest(): Manifest {
  const cust = (ids: number[]) => ({
    id: ids,
    contactPersonId: ids.map((i) => i + 1000),
    emailContactPointId: ids.map((i) => i + 2000),
    email: ids.map((i) => `c${i}@example.com`),
    externalId: ids.map((i) => `EXT-${String(i).padStart(8, '0')}`),
  });
  return {
    format: 'ece-bench-manifest/1',
    T: '2026-01-01T00:00:00.000Z',
    seed: 1,
    scale: 0.001,
    dataSpan: { from: '2023-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
    seededAt: '2026-01-01T00:00:00.000Z',
    counts: { customers: 10, cases: 20, activities: 40, activityNotes: 1, caseNotes: 1 },
    departments,
    users: {
      passwordEnv: 'ECE_BENCH_PASSWORD',
      bench: [
        { id: '7', loginId: 'bench01', department: 'Service' },
        { id: '8', loginId: 'bench02', department: 'Sales' },
      ],
    },
    customers: {
      count: 10,
      hotFromId: 109,
      loyaltyTiers: { bronze: 6, silver: 2, gold: 1, platinum: 1 },
      platinumCount: 1,
      logins: 0,
      byDepartment: { Service: cust([100, 101, 102, 103, 104]), Sales: cust([105, 106, 107, 108, 109]) },
    },
    queues: {
      Service: { email: [1, 2, 3], chat: [4], entryPoints: [] },
      Sales: { email: [5, 6], chat: [7], entryPoints: [] },
    },
    cases: {
      count: 20,
      firstId: 1000,
      lastId: 1019,
      hotFromId: 1018,
      open: [1010, 1011, 1012, 1013, 1014, 1015, 1016, 1017, 1018, 1019],
      close: [1010, 1011, 1012, 1013, 1014, 1015, 1016, 1017, 1018, 1019],
      withNotes: [1001],
    },
    activities: {
      count: 40,
      firstId: 5000,
      lastId: 5039,
      hotEmailRanges: [[5036, 5039]],
      chat: [],
      calltrack: [],
      queuePool: [5030, 5031, 5032, 5033, 5034],
      queuePoolCap: 40000,
      assigned: { bench01: [5035, 5036, 5037, 5038, 5039], bench02: [] },
      pairs: { activity: [], caseA: [], caseB: [] },
      withNotes: [5001],
      emailsWithAttachments: [],
      emailsWithoutAttachments: [],
    },
    folders: [],
  };
}

/** Open cases 1010..1019: customer 100 + (id % 10), Service for customers 100..104 else Sales. */
export function extras(overrides: Partial<DbExtras> = {}): DbExtras {
  const e = emptyExtras();
  for (let c = 1010; c <= 1019; c++) {
    const customer = 100 + (c % 10);
    e.openCases.push({ id: c, customerId: customer, departmentId: customer < 105 ? '1' : '2', activityCount: 1 });
  }
  for (let a = 5030; a <= 5039; a++) {
    const c = a - 4020;
    const customer = 100 + (c % 10);
    e.openActivities.push({
      id: a,
      caseId: c,
      customerId: customer,
      departmentId: customer < 105 ? '1' : '2',
      queueId: a < 5035 ? (customer < 105 ? 1 : 5) : null,
      status: a < 5035 ? 'awaiting_assignment' : 'assigned',
      assignedUserId: a < 5035 ? null : '7',
    });
  }
  e.aliases = [
    { departmentId: '1', address: 'service@example.com' },
    { departmentId: '2', address: 'sales@example.com' },
  ];
  return { ...e, ...overrides };
}

export function setup(overrides: Partial<DbExtras> = {}) {
  const m = manifest();
  const x = extras(overrides);
  const rng = Rng.stream(42, 'test');
  const catalog = new Catalog(m, x, rng);
  const world = new World(worldInput(m, x, catalog.departmentName));
  return { manifest: m, extras: x, rng, catalog, world };
}
