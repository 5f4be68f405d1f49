// What the generator knows about the data it writes to (10 §3.3): the open activities and cases with their
// department, case, customer and queue, the pools drawn from, and the updates that follow from its own results.
// Pure bookkeeping: no I/O.
import { activityKey, caseKey, Locks, Pool, type Verdict } from './pools.ts';

export type ActivityStatus = 'waiting' | 'assigned' | 'completed';

export type ActivityState = {
  id: number;
  caseId: number;
  customerId: number;
  department: string;
  queueId: number | null;
  status: ActivityStatus;
  /** Login id of the benchmark user it is assigned to (other users' assignments: undefined). */
  assignedTo?: string;
};

export type CaseState = {
  id: number;
  customerId: number;
  department: string;
  open: boolean;
  openActivities: Set<number>;
  /** All activities of the case, open or not (a case left without any makes `?case=` answer 204). */
  activityCount: number;
};

export type Pair = { activity: number; caseA: number; caseB: number };

export type WorldInput = {
  /** Open activities. */
  activities: Omit<ActivityState, never>[];
  /** Open cases. */
  cases: { id: number; customerId: number; department: string; activityCount: number }[];
  queuePool: number[];
  assigned: Record<string, number[]>;
  pairs: Pair[];
  openCases: number[];
  closePool: number[];
  /** Activities and cases per customer, for the customers whose counts the run can lower. */
  customerActivities?: Map<number, number>;
  customerCases?: Map<number, number>;
  /** Cases without activities (`?case=` answers 204). */
  emptyCases?: number[];
};

const pairKey = (p: Pair) => `${p.activity}:${p.caseA}:${p.caseB}`;

export class World {
  readonly locks = new Locks();
  readonly activities = new Map<number, ActivityState>();
  readonly cases = new Map<number, CaseState>();
  readonly queuePool: Pool<number>;
  readonly assigned = new Map<string, Pool<number>>();
  readonly pairs: Pool<Pair, string>;
  readonly openCases: Pool<number>;
  readonly closePool: Pool<number>;
  private readonly customerActivities: Map<number, number>;
  private readonly customerCases: Map<number, number>;
  /** Cases that lost all their activities to Change Case of Activity. */
  readonly emptiedCases = new Set<number>();

  constructor(input: WorldInput) {
    for (const c of input.cases) {
      this.cases.set(c.id, { ...c, open: true, openActivities: new Set() });
    }
    for (const a of input.activities) {
      this.activities.set(a.id, { ...a });
      if (a.status !== 'completed') this.cases.get(a.caseId)?.openActivities.add(a.id);
    }
    const waiting = (id: number) => this.activities.get(id)?.status === 'waiting';
    this.queuePool = new Pool((id: number) => id, input.queuePool.filter(waiting));
    for (const [login, ids] of Object.entries(input.assigned)) {
      this.assigned.set(login, new Pool((id: number) => id, ids.filter((id) => this.activities.get(id)?.status === 'assigned')));
    }
    this.pairs = new Pool(pairKey, input.pairs);
    const open = (id: number) => this.cases.get(id)?.open === true;
    this.openCases = new Pool((id: number) => id, input.openCases.filter(open));
    this.closePool = new Pool((id: number) => id, input.closePool.filter(open));
    this.customerActivities = input.customerActivities ?? new Map();
    this.customerCases = input.customerCases ?? new Map();
    for (const id of input.emptyCases ?? []) this.emptiedCases.add(id);
  }

  assignedPool(login: string): Pool<number> {
    let pool = this.assigned.get(login);
    if (!pool) this.assigned.set(login, (pool = new Pool((id: number) => id)));
    return pool;
  }

  // ---- picks: a free target, or undefined (the request is skipped) ----------------------------------------------

  private activityVerdict(id: number, status: ActivityStatus | 'open', login?: string): Verdict {
    const a = this.activities.get(id);
    if (!a) return 'drop';
    if (status === 'open' ? a.status === 'completed' : a.status !== status) return 'drop';
    if (login !== undefined && a.assignedTo !== login) return 'drop';
    const c = this.cases.get(a.caseId);
    if (!c?.open) return 'drop';
    return this.locks.anyLocked([activityKey(id), caseKey(a.caseId)]) ? 'busy' : 'ok';
  }

  /** An email waiting in a queue (Change Customer of Activity, Transfer Activity). */
  pickQueued(random: () => number): ActivityState | undefined {
    const id = this.queuePool.pick(random, (id) => this.activityVerdict(id, 'waiting'));
    return id === undefined ? undefined : this.activities.get(id);
  }

  /** An email assigned to `login` (Complete Activity). */
  pickAssigned(login: string, random: () => number): ActivityState | undefined {
    const id = this.assignedPool(login).pick(random, (id) => this.activityVerdict(id, 'assigned', login));
    return id === undefined ? undefined : this.activities.get(id);
  }

  /** An open activity of open case A, and another open case B of the same customer (Change Case of Activity). */
  pickPair(random: () => number): Pair | undefined {
    return this.pairs.pick(random, (p) => {
      const a = this.activities.get(p.activity);
      const A = this.cases.get(p.caseA);
      const B = this.cases.get(p.caseB);
      if (!a || a.status === 'completed' || a.caseId !== p.caseA || !A?.open || !B?.open || p.caseA === p.caseB) return 'drop';
      if (A.customerId !== B.customerId) return 'drop';
      return this.locks.anyLocked([activityKey(p.activity), caseKey(p.caseA), caseKey(p.caseB)]) ? 'busy' : 'ok';
    });
  }

  /** An open case (Edit Case, Change Customer of Case). */
  pickOpenCase(random: () => number): CaseState | undefined {
    const id = this.openCases.pick(random, (id) => {
      const c = this.cases.get(id);
      if (!c?.open) return 'drop';
      return this.locks.isLocked(caseKey(id)) ? 'busy' : 'ok';
    });
    return id === undefined ? undefined : this.cases.get(id);
  }

  /** An open case whose open activities are all emails waiting or assigned (Close Case). */
  pickClosable(random: () => number): CaseState | undefined {
    const id = this.closePool.pick(random, (id) => {
      const c = this.cases.get(id);
      if (!c?.open) return 'drop';
      if (this.locks.isLocked(caseKey(id))) return 'busy';
      for (const a of c.openActivities) if (this.locks.isLocked(activityKey(a))) return 'busy';
      return 'ok';
    });
    return id === undefined ? undefined : this.cases.get(id);
  }

  /** Keys a write on this activity holds while in flight: the activity and its case. */
  activityLocks(a: ActivityState): string[] {
    return [activityKey(a.id), caseKey(a.caseId)];
  }

  closeLocks(c: CaseState): string[] {
    return [caseKey(c.id), ...[...c.openActivities].map(activityKey)];
  }

  // ---- read guards ---------------------------------------------------------------------------------------------

  /** False when the run left this customer without activities (`?customer=` would answer 204). */
  customerHasActivities(id: number): boolean {
    return (this.customerActivities.get(id) ?? 1) > 0;
  }

  customerHasCases(id: number): boolean {
    return (this.customerCases.get(id) ?? 1) > 0;
  }

  caseHasActivities(id: number): boolean {
    return !this.emptiedCases.has(id);
  }

  // ---- updates from results ------------------------------------------------------------------------------------

  private closeCase(c: CaseState): void {
    c.open = false;
    this.openCases.remove(c.id);
    this.closePool.remove(c.id);
    // Pairs naming the case go at their next draw (pickPair checks both cases).
  }

  private leaveCase(a: ActivityState): void {
    const c = this.cases.get(a.caseId);
    if (!c) return;
    c.openActivities.delete(a.id);
    if (c.open && c.openActivities.size === 0) this.closeCase(c);
  }

  private unpool(a: ActivityState): void {
    this.queuePool.remove(a.id);
    if (a.assignedTo) this.assigned.get(a.assignedTo)?.remove(a.id);
  }

  /** Complete Activity succeeded: the activity is done; a case left without open activity closes (04 §3.2). */
  completed(id: number): void {
    const a = this.activities.get(id);
    if (!a) return;
    this.unpool(a);
    a.status = 'completed';
    this.leaveCase(a);
  }

  /** Close Case succeeded: its open activities are completed, the case is closed (04 §3.3). */
  caseClosed(caseId: number): void {
    const c = this.cases.get(caseId);
    if (!c) return;
    for (const id of [...c.openActivities]) {
      const a = this.activities.get(id);
      if (a) {
        this.unpool(a);
        a.status = 'completed';
      }
    }
    c.openActivities.clear();
    this.closeCase(c);
  }

  /** Transfer to a user: from the queue pool to that user's assigned pool. */
  assignedToUser(id: number, login: string): void {
    const a = this.activities.get(id);
    if (!a || a.status === 'completed') return;
    this.unpool(a);
    a.status = 'assigned';
    a.assignedTo = login;
    this.assignedPool(login).add(id);
  }

  /** Transfer to a queue: waiting in that queue. */
  transferredToQueue(id: number, queueId: number): void {
    const a = this.activities.get(id);
    if (!a || a.status === 'completed') return;
    this.unpool(a);
    a.status = 'waiting';
    a.assignedTo = undefined;
    a.queueId = queueId;
    this.queuePool.add(id);
  }

  private bump(counts: Map<number, number>, id: number, by: number): void {
    const n = counts.get(id);
    if (n !== undefined) counts.set(id, n + by);
  }

  /** Change Customer of Activity succeeded. The activity leaves the pair pool (10 §3.3). */
  activityCustomerChanged(id: number, customerId: number): void {
    const a = this.activities.get(id);
    if (!a) return;
    this.bump(this.customerActivities, a.customerId, -1);
    this.bump(this.customerActivities, customerId, +1);
    a.customerId = customerId;
    for (const p of [...this.pairs.values()]) if (p.activity === id) this.pairs.remove(pairKey(p));
  }

  /** Change Customer of Case succeeded. The case leaves the pair pool. */
  caseCustomerChanged(caseId: number, customerId: number): void {
    const c = this.cases.get(caseId);
    if (!c) return;
    this.bump(this.customerCases, c.customerId, -1);
    this.bump(this.customerCases, customerId, +1);
    c.customerId = customerId;
    for (const p of [...this.pairs.values()]) if (p.caseA === caseId || p.caseB === caseId) this.pairs.remove(pairKey(p));
  }

  /** Change Case of Activity succeeded: the activity moved to `target` (an existing case, or the new one). */
  activityMoved(id: number, target: number, created: boolean): void {
    const a = this.activities.get(id);
    if (!a) return;
    const source = this.cases.get(a.caseId);
    for (const p of [...this.pairs.values()]) if (p.activity === id) this.pairs.remove(pairKey(p));
    this.leaveCase(a);
    if (source) {
      source.activityCount -= 1;
      if (source.activityCount <= 0) this.emptiedCases.add(source.id);
    }
    let t = this.cases.get(target);
    if (!t && created) {
      t = { id: target, customerId: a.customerId, department: a.department, open: true, openActivities: new Set(), activityCount: 0 };
      this.cases.set(target, t);
      this.bump(this.customerCases, a.customerId, +1);
    }
    a.caseId = target;
    if (t) {
      t.open = true;
      t.activityCount += 1;
      if (a.status !== 'completed') t.openActivities.add(id);
      this.emptiedCases.delete(t.id);
    }
  }

  /** Post Inbound Activity succeeded: a new email (normally waiting in a queue) in a new or existing case. */
  inboundCreated(a: ActivityState): void {
    this.activities.set(a.id, a);
    let c = this.cases.get(a.caseId);
    if (!c) {
      c = { id: a.caseId, customerId: a.customerId, department: a.department, open: true, openActivities: new Set(), activityCount: 0 };
      this.cases.set(c.id, c);
    }
    c.open = true;
    c.activityCount += 1;
    if (a.status !== 'completed') c.openActivities.add(a.id);
    if (a.status === 'waiting') this.queuePool.add(a.id);
    if (a.status === 'assigned' && a.assignedTo) this.assignedPool(a.assignedTo).add(a.id);
  }

  addPair(pair: Pair): void {
    if (pair.caseA !== pair.caseB) this.pairs.add(pair);
  }

  /** A write whose outcome is unknown (transport error, timeout, unexpected answer): its targets are not used again. */
  retireActivity(id: number): void {
    const a = this.activities.get(id);
    if (!a) return;
    this.unpool(a);
    a.status = 'completed';
    this.cases.get(a.caseId)?.openActivities.delete(id);
  }

  retireCase(id: number): void {
    const c = this.cases.get(id);
    if (!c) return;
    c.open = false;
    this.openCases.remove(id);
    this.closePool.remove(id);
  }

  poolSizes(): Record<string, number> {
    const sizes: Record<string, number> = {
      queue: this.queuePool.size,
      pair: this.pairs.size,
      openCase: this.openCases.size,
      close: this.closePool.size,
    };
    for (const [login, pool] of this.assigned) sizes[`assigned.${login}`] = pool.size;
    return sizes;
  }
}
