// The targets of the reads and the fixed data of the writes (10 §3.2, §3.3): built from the manifest the seeder
// wrote, completed from the database where the manifest lacks something (aliases, attachment ids, articles, and
// the department, case, customer and queue of each open activity). Pure: the queries are in db.ts.
import type { Manifest } from '../seed/manifest.ts';
import type { Rng } from '../seed/random.ts';
import { hot, RangeSet } from './sampling.ts';
import type { WorldInput } from './world.ts';

export type CustomerRef = {
  id: number;
  contactPersonId: number;
  emailPointId: number;
  /** The address of `emailPointId`; Edit Customer changes it. Undefined while an edit of it is in flight. */
  email: string | undefined;
  externalId: string;
  department: string;
};

export type OpenActivityRow = {
  id: number;
  caseId: number;
  customerId: number;
  departmentId: string;
  queueId: number | null;
  status: string;
  assignedUserId: string | null;
};

/** What the database adds to the manifest (db.ts). */
export type DbExtras = {
  openActivities: OpenActivityRow[];
  openCases: { id: number; customerId: number; departmentId: string; activityCount: number }[];
  customerActivities: Map<number, number>;
  customerCases: Map<number, number>;
  /** Cases without any activity (left so by an earlier run). */
  emptyCases: number[];
  /** Current address of the manifest's email contact points (absent: removed); empty: use the manifest's. */
  emails: Map<number, string>;
  aliases: { departmentId: string; address: string }[];
  attachments: { activityId: number; id: number }[];
  articles: number[];
  folders: number[];
};

export const emptyExtras = (): DbExtras => ({
  openActivities: [],
  openCases: [],
  customerActivities: new Map(),
  customerCases: new Map(),
  emptyCases: [],
  emails: new Map(),
  aliases: [],
  attachments: [],
  articles: [],
  folders: [],
});

export class CatalogError extends Error {}

export class Catalog {
  readonly T: Date;
  readonly spanFrom: Date;
  readonly spanTo: Date;
  readonly departments: { id: string; name: string }[];
  readonly departmentName = new Map<string, string>();
  readonly benchUsers: { id: string; loginId: string; department: string }[];
  /** Every seeded customer, oldest first. */
  readonly customers: CustomerRef[] = [];
  readonly customersByDepartment = new Map<string, CustomerRef[]>();
  readonly customerById = new Map<number, CustomerRef>();
  /** Index in `customers` of the first hot one (the newest 10 %, manifest `hotFromId`). */
  private readonly hotCustomerStart: number;
  readonly platinumCount: number;
  readonly cases: { firstId: number; lastId: number; hotFromId: number };
  readonly casesWithNotes: number[];
  private readonly casesWithNotesSet: Set<number>;
  readonly hotEmails: RangeSet;
  readonly activityRange: { firstId: number; lastId: number };
  private readonly notEmail: Set<number>;
  readonly chats: number[];
  readonly activitiesWithNotes: number[];
  private readonly activitiesWithNotesSet: Set<number>;
  readonly emailsWithAttachments: number[];
  private readonly emailsWithoutAttachments: number[];
  private readonly withAttachments: Set<number>;
  readonly attachments: { activityId: number; id: number }[];
  readonly emailQueues = new Map<string, number[]>();
  readonly aliases = new Map<string, string[]>();
  /** Article ids: the manifest's consecutive range (knowledge step), else the database's ids. */
  private readonly articleRange: { first: number; last: number } | undefined;
  readonly articles: number[];
  /** The "most-read 20 %" of the articles (10 §3.2 #30): the manifest's, else a fixed random fifth of the database's. */
  readonly popularArticles: number[];
  readonly folders: number[];

  constructor(manifest: Manifest, extras: DbExtras, rng: Rng) {
    if (!manifest.customers || !manifest.cases || !manifest.activities || !manifest.users || !manifest.departments || !manifest.queues) {
      throw new CatalogError('the manifest lacks customers, cases, activities, users, departments or queues: seed with npm run bench:seed');
    }
    this.T = new Date(manifest.T);
    this.spanFrom = new Date(manifest.dataSpan.from);
    this.spanTo = new Date(manifest.dataSpan.to);
    this.departments = manifest.departments;
    for (const d of this.departments) this.departmentName.set(d.id, d.name);
    this.benchUsers = manifest.users.bench;

    for (const [department, cols] of Object.entries(manifest.customers.byDepartment)) {
      const list: CustomerRef[] = [];
      for (let k = 0; k < cols.id.length; k++) {
        const c: CustomerRef = {
          id: cols.id[k]!,
          contactPersonId: cols.contactPersonId[k]!,
          emailPointId: cols.emailContactPointId[k]!,
          email: extras.emails.size ? extras.emails.get(cols.emailContactPointId[k]!) : cols.email[k]!,
          externalId: cols.externalId[k]!,
          department,
        };
        list.push(c);
        this.customers.push(c);
        this.customerById.set(c.id, c);
      }
      this.customersByDepartment.set(department, list);
    }
    this.customers.sort((a, b) => a.id - b.id);
    const hotFrom = this.customers.findIndex((c) => c.id >= (manifest.customers!.hotFromId ?? Infinity));
    this.hotCustomerStart = hotFrom >= 0 ? hotFrom : Math.floor(this.customers.length * 0.9);
    this.platinumCount = manifest.customers.platinumCount;

    const { firstId, lastId, hotFromId } = manifest.cases;
    this.cases = { firstId, lastId, hotFromId };
    this.casesWithNotes = [...manifest.cases.withNotes];
    this.casesWithNotesSet = new Set(this.casesWithNotes);

    const acts = manifest.activities;
    this.hotEmails = new RangeSet(acts.hotEmailRanges);
    this.activityRange = { firstId: acts.firstId, lastId: acts.lastId };
    this.notEmail = new Set([...acts.chat, ...acts.calltrack]);
    this.chats = [...acts.chat];
    this.activitiesWithNotes = [...acts.withNotes];
    this.activitiesWithNotesSet = new Set(this.activitiesWithNotes);
    this.attachments = extras.attachments;
    this.emailsWithAttachments = acts.emailsWithAttachments.length
      ? [...acts.emailsWithAttachments]
      : [...new Set(extras.attachments.map((a) => a.activityId))];
    this.withAttachments = new Set(this.emailsWithAttachments);
    this.emailsWithoutAttachments = [...acts.emailsWithoutAttachments];

    for (const [department, q] of Object.entries(manifest.queues)) this.emailQueues.set(department, q.email);
    for (const a of extras.aliases) {
      const name = this.departmentName.get(a.departmentId);
      if (!name) continue;
      this.aliases.set(name, [...(this.aliases.get(name) ?? []), a.address]);
    }
    const kb = manifest.knowledge;
    if (kb && kb.articles > 0 && kb.lastArticleId >= kb.firstArticleId) {
      this.articleRange = { first: kb.firstArticleId, last: kb.lastArticleId };
      this.articles = [];
      this.popularArticles = kb.mostRead.length ? [...kb.mostRead] : [kb.firstArticleId];
    } else {
      this.articles = extras.articles;
      const shuffled = rng.shuffle([...this.articles]);
      this.popularArticles = shuffled.slice(0, Math.max(this.articles.length ? 1 : 0, Math.ceil(shuffled.length / 5)));
    }
    this.folders = manifest.folders?.length ? manifest.folders : extras.folders;
  }

  /** A hot seeded customer accepted by `accept` (a few draws), else undefined. */
  hotCustomer(rng: Rng, accept: (c: CustomerRef) => boolean = () => true): CustomerRef | undefined {
    const n = this.customers.length;
    if (n === 0) return undefined;
    for (let i = 0; i < 10; i++) {
      const c = hot(
        rng,
        () => this.customers[this.hotCustomerStart + rng.int(n - this.hotCustomerStart)]!,
        () => this.customers[rng.int(n)]!,
      );
      if (accept(c)) return c;
    }
    return undefined;
  }

  hotCase(rng: Rng): number {
    const { firstId, lastId, hotFromId } = this.cases;
    return hot(
      rng,
      () => rng.between(hotFromId, lastId),
      () => rng.between(firstId, lastId),
    );
  }

  /** A hot email activity: 80 % from the newest 10 % of the emails, 20 % uniform over all emails. */
  hotEmail(rng: Rng): number {
    return hot(
      rng,
      () => this.hotEmails.pick(rng),
      () => {
        for (let i = 0; i < 10; i++) {
          const id = rng.between(this.activityRange.firstId, this.activityRange.lastId);
          if (!this.notEmail.has(id)) return id;
        }
        return this.hotEmails.pick(rng);
      },
    );
  }

  /**
   * A hot email that has no attachment (10 §3.2 #8, "hot" as §3.2 defines it): 80 % from the newest 10 % of the emails
   * (the manifest's list of them without attachments, else draws from the hot ranges), 20 % uniform over all emails
   * without attachments (draws over the activity ids, rejecting chats, calltracks and emails with attachments).
   * Undefined when no such email is found in a few draws.
   */
  hotEmailWithoutAttachments(rng: Rng): number | undefined {
    const without = (id: number) => !this.withAttachments.has(id);
    const newest = (): number | undefined => {
      if (this.emailsWithoutAttachments.length) return rng.pick(this.emailsWithoutAttachments);
      for (let i = 0; i < 20 && this.hotEmails.size > 0; i++) {
        const id = this.hotEmails.pick(rng);
        if (without(id)) return id;
      }
      return undefined;
    };
    const any = (): number | undefined => {
      const { firstId, lastId } = this.activityRange;
      for (let i = 0; i < 20; i++) {
        const id = rng.between(firstId, lastId);
        if (!this.notEmail.has(id) && without(id)) return id;
      }
      return undefined;
    };
    return hot(rng, newest, any);
  }

  activityHasNotes(id: number): boolean {
    return this.activitiesWithNotesSet.has(id);
  }

  noteAddedToActivity(id: number): void {
    if (!this.activitiesWithNotesSet.has(id)) {
      this.activitiesWithNotesSet.add(id);
      this.activitiesWithNotes.push(id);
    }
  }

  noteAddedToCase(id: number): void {
    if (!this.casesWithNotesSet.has(id)) {
      this.casesWithNotesSet.add(id);
      this.casesWithNotes.push(id);
    }
  }

  get hasArticles(): boolean {
    return this.articleRange !== undefined || this.articles.length > 0;
  }

  /** 80 % from the most-read fifth, 20 % uniform over all articles (10 §3.2 #30). */
  article(rng: Rng): number | undefined {
    if (!this.hasArticles) return undefined;
    if (rng.chance(0.8)) return rng.pick(this.popularArticles);
    return this.articleRange ? rng.between(this.articleRange.first, this.articleRange.last) : rng.pick(this.articles);
  }

  /** A seeded customer of `department` other than `not`. */
  otherCustomer(rng: Rng, department: string, not: number): CustomerRef | undefined {
    const list = this.customersByDepartment.get(department) ?? [];
    for (let i = 0; i < 10 && list.length > 0; i++) {
      const c = rng.pick(list);
      if (c.id !== not) return c;
    }
    return undefined;
  }
}

/** The pools of 10 §3.3 with the state of each target (world.ts). */
export function worldInput(manifest: Manifest, extras: DbExtras, departmentName: Map<string, string>): WorldInput {
  const acts = manifest.activities!;
  const loginOf = new Map((manifest.users?.bench ?? []).map((u) => [u.id, u.loginId]));
  const status = (s: string) => (s === 'awaiting_assignment' ? 'waiting' : s === 'assigned' ? 'assigned' : s === 'completed' ? 'completed' : undefined);
  return {
    activities: extras.openActivities.flatMap((r) => {
      const st = status(r.status);
      if (!st) return [];
      return [
        {
          id: r.id,
          caseId: r.caseId,
          customerId: r.customerId,
          department: departmentName.get(r.departmentId) ?? r.departmentId,
          queueId: r.queueId,
          status: st,
          assignedTo: r.assignedUserId ? loginOf.get(r.assignedUserId) : undefined,
        },
      ];
    }),
    cases: extras.openCases.map((c) => ({
      id: c.id,
      customerId: c.customerId,
      department: departmentName.get(c.departmentId) ?? c.departmentId,
      activityCount: c.activityCount,
    })),
    queuePool: acts.queuePool,
    assigned: acts.assigned,
    pairs: acts.pairs.activity.map((activity, k) => ({ activity, caseA: acts.pairs.caseA[k]!, caseB: acts.pairs.caseB[k]! })),
    openCases: manifest.cases!.open,
    closePool: manifest.cases!.close,
    customerActivities: extras.customerActivities,
    customerCases: extras.customerCases,
    emptyCases: extras.emptyCases,
  };
}
