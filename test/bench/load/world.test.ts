import { describe, expect, it } from 'vitest';
import { Locks, Pool } from '../../../bench/load/pools.ts';
import { World, type WorldInput } from '../../../bench/load/world.ts';
import { Rng } from '../../../bench/seed/random.ts';
import { setup } from './fixtures.ts';

const random = (() => {
  const rng = Rng.stream(3, 'world');
  return () => rng.float();
})();

describe('Pool', () => {
  it('adds, removes and draws in O(1), keeping its index right after swaps', () => {
    const pool = new Pool((n: number) => n, [1, 2, 3, 4, 5]);
    expect(pool.remove(2)).toBe(true);
    expect(pool.remove(2)).toBe(false);
    expect(pool.add(5)).toBe(false);
    expect(pool.remove(5)).toBe(true);
    expect(pool.has(4)).toBe(true);
    expect([...pool.values()].sort()).toEqual([1, 3, 4]);
    expect(pool.size).toBe(3);
  });

  it('drops what the check calls dead, skips what is busy, and finds the one free item by scanning', () => {
    const pool = new Pool((n: number) => n, Array.from({ length: 100 }, (_, i) => i));
    const busy = new Set(Array.from({ length: 99 }, (_, i) => i + 1));
    expect(pool.pick(random, (n) => (busy.has(n) ? 'busy' : 'ok'))).toBe(0);
    expect(pool.pick(random, (n) => (n < 50 ? 'drop' : 'busy'))).toBeUndefined();
    expect(pool.size).toBe(50);
    expect(new Pool((n: number) => n).pick(random)).toBeUndefined();
  });
});

describe('Locks', () => {
  it('takes all keys or none', () => {
    const locks = new Locks();
    expect(locks.acquire(['a:1', 'c:2'])).toBe(true);
    expect(locks.acquire(['a:3', 'c:2'])).toBe(false);
    expect(locks.isLocked('a:3')).toBe(false);
    locks.release(['a:1', 'c:2']);
    expect(locks.acquire(['a:3', 'c:2'])).toBe(true);
  });
});

describe('World: the pools of 10 §3.3 and their updates', () => {
  it('starts from the manifest pools with the database state of each target', () => {
    const { world } = setup();
    expect(world.poolSizes()).toEqual({ queue: 5, pair: 0, openCase: 10, close: 10, 'assigned.bench01': 5, 'assigned.bench02': 0 });
    const a = world.activities.get(5030)!;
    expect(a).toMatchObject({ caseId: 1010, customerId: 100, department: 'Service', queueId: 1, status: 'waiting' });
    expect(world.activities.get(5035)).toMatchObject({ status: 'assigned', assignedTo: 'bench01' });
  });

  it('keeps a target to one request at a time', () => {
    const { world } = setup();
    const seen = new Set<number>();
    for (let i = 0; i < 5; i++) {
      const a = world.pickQueued(random)!;
      expect(seen.has(a.id)).toBe(false);
      seen.add(a.id);
      expect(world.locks.acquire(world.activityLocks(a))).toBe(true);
    }
    expect(world.pickQueued(random)).toBeUndefined();
    // The cases of the locked activities are busy for Close Case too.
    expect(world.pickClosable(random)?.id).toBeGreaterThanOrEqual(1015);
  });

  it('moves a transfer to the caller from the queue pool to its assigned pool, and back with a transfer to a queue', () => {
    const { world } = setup();
    world.assignedToUser(5031, 'bench02');
    expect(world.queuePool.has(5031)).toBe(false);
    expect(world.assignedPool('bench02').has(5031)).toBe(true);
    expect(world.pickAssigned('bench02', random)?.id).toBe(5031);
    world.transferredToQueue(5031, 2);
    expect(world.queuePool.has(5031)).toBe(true);
    expect(world.assignedPool('bench02').has(5031)).toBe(false);
    expect(world.activities.get(5031)).toMatchObject({ status: 'waiting', queueId: 2 });
  });

  it('closes a case whose last open activity is completed, and drops it from every case pool', () => {
    const { world } = setup();
    world.completed(5035);
    expect(world.assignedPool('bench01').has(5035)).toBe(false);
    expect(world.cases.get(1015)!.open).toBe(false);
    expect(world.openCases.has(1015)).toBe(false);
    expect(world.closePool.has(1015)).toBe(false);
  });

  it('Close Case completes the open activities: they leave the queue and assigned pools', () => {
    const { world } = setup();
    world.caseClosed(1010);
    expect(world.queuePool.has(5030)).toBe(false);
    expect(world.activities.get(5030)!.status).toBe('completed');
    expect(world.openCases.has(1010)).toBe(false);
  });

  it('Post Inbound adds the new email to the queue pool; a pair joins two emails of one sender', () => {
    const { world } = setup();
    world.inboundCreated({ id: 9001, caseId: 9101, customerId: 100, department: 'Service', queueId: 3, status: 'waiting' });
    world.inboundCreated({ id: 9002, caseId: 9102, customerId: 100, department: 'Service', queueId: 3, status: 'waiting' });
    expect(world.queuePool.has(9001)).toBe(true);
    world.addPair({ activity: 9002, caseA: 9102, caseB: 9101 });
    const pair = world.pickPair(random);
    expect(pair).toEqual({ activity: 9002, caseA: 9102, caseB: 9101 });
    // Change Case to B: the activity moves, its old case is left empty and closes, the pair is gone.
    world.activityMoved(9002, 9101, false);
    expect(world.cases.get(9102)!.open).toBe(false);
    expect(world.caseHasActivities(9102)).toBe(false);
    expect(world.cases.get(9101)!.openActivities.has(9002)).toBe(true);
    expect(world.pickPair(random)).toBeUndefined();
    expect(world.pairs.size).toBe(0);
  });

  it('drops pairs that are no longer valid when drawn, and pairs touched by Change Customer', () => {
    const input: WorldInput = {
      activities: [
        { id: 1, caseId: 10, customerId: 7, department: 'Service', queueId: 1, status: 'waiting' },
        { id: 2, caseId: 11, customerId: 7, department: 'Service', queueId: 1, status: 'waiting' },
        { id: 3, caseId: 12, customerId: 7, department: 'Service', queueId: 1, status: 'waiting' },
      ],
      cases: [10, 11, 12].map((id) => ({ id, customerId: 7, department: 'Service', activityCount: 1 })),
      queuePool: [1, 2, 3],
      assigned: {},
      pairs: [
        { activity: 1, caseA: 10, caseB: 11 },
        { activity: 2, caseA: 11, caseB: 12 },
        { activity: 3, caseA: 12, caseB: 10 },
      ],
      openCases: [10, 11, 12],
      closePool: [10, 11, 12],
      customerActivities: new Map([
        [7, 3],
        [8, 0],
      ]),
      customerCases: new Map([[7, 3]]),
    };
    const world = new World(input);
    world.activityCustomerChanged(1, 8);
    expect(world.customerHasActivities(8)).toBe(true);
    expect(world.pairs.values().map((p) => p.activity)).toEqual(expect.not.arrayContaining([1]));
    world.caseCustomerChanged(12, 9);
    // pair 2 (B = 12) and pair 3 (A = 12) went with the case
    expect(world.pairs.size).toBe(0);
    world.completed(1);
    world.completed(2);
    world.completed(3);
    expect(world.openCases.size).toBe(0);
  });

  it('counts customers the run leaves without activities or cases', () => {
    const { world } = setup({ customerActivities: new Map([[100, 1]]), customerCases: new Map([[100, 1]]) });
    expect(world.customerHasActivities(100)).toBe(true);
    world.activityCustomerChanged(5030, 101);
    expect(world.customerHasActivities(100)).toBe(false);
    world.caseCustomerChanged(1010, 101);
    expect(world.customerHasCases(100)).toBe(false);
    // customers never counted are assumed to have some
    expect(world.customerHasCases(555)).toBe(true);
  });

  it('retires targets whose outcome is unknown', () => {
    const { world } = setup();
    world.retireActivity(5032);
    expect(world.queuePool.has(5032)).toBe(false);
    world.retireCase(1013);
    expect(world.openCases.has(1013)).toBe(false);
    expect(world.pickOpenCase(random)?.id).not.toBe(1013);
  });
});
