// One request of the mix (10 §3.2): its target (§3.3), path, body, expected statuses, and the pool updates its
// result brings. `plan` returns undefined when the API's pool has no free target: the request is skipped.
import { departmentProfiles, productLines, regions } from '../seed/reference.ts';
import { femaleFirstNames, jobTitles, lastNames, maleFirstNames } from '../seed/lists.ts';
import type { Rng } from '../seed/random.ts';
import type { ApiDef, Method, Wrapper } from './apis.ts';
import {
  activityListBody,
  changeCaseBody,
  changeCustomerOfActivityBody,
  changeCustomerOfCaseBody,
  createCustomerBody,
  editCaseBody,
  editCustomerEmailBody,
  editCustomerRegionBody,
  inboundBody,
  multipartBody,
  noteBody,
  type CaseChange,
  type Format,
} from './bodies.ts';
import type { Catalog, CustomerRef } from './catalog.ts';
import type { ContentFactory } from './content.ts';
import { idFromLocation, refId, statusValue, type Outcome } from './outcome.ts';
import { activityKey, caseKey, customerKey } from './pools.ts';
import { instantBefore, spanDay } from './sampling.ts';
import type { ActivityStatus, World } from './world.ts';

const A = '/system/ws/v12/interaction/activity';
const C = '/system/ws/v12/interaction/case';
const U = '/system/ws/v12/interaction/customer';
const K = '/system/ws/v12/kb/article';

export type UserContext = {
  index: number;
  login: string;
  /** The user's id (Transfer Activity `?user=`). */
  id: string;
  /** The sender and result of this user's previous inbound email (10 §3.2 #11). */
  lastInbound?: { from: string; department: string; activityId: number; caseId: number | undefined };
};

export type Planned = {
  api: ApiDef;
  method: Method;
  path: string;
  body?: string | Buffer;
  contentType?: string;
  /** Statuses that succeed: every status of the API's Success column (10 §3.2, §3.4), whatever the variant. */
  expect: readonly number[];
  /**
   * The status(es) this variant normally gets (an unknown address: 204), when narrower than `expect`. A diagnostic
   * only: another status of `expect` still succeeds and is merely counted (driver.ts, `Sink.atypical`).
   */
  typical?: { statuses: readonly number[]; variant: string };
  wrapper?: Wrapper;
  /** Targets held while the request is in flight (released by the driver). */
  locks: string[];
  onSuccess?: (o: Outcome) => void;
  /** The request failed or its outcome is unknown. */
  onFailure?: (o: Outcome) => void;
};

const contentTypes: Record<Format, string> = { json: 'application/json', xml: 'application/xml' };
const tiers: readonly (readonly [string, number])[] = [
  ['bronze', 60],
  ['silver', 25],
  ['gold', 12],
  ['platinum', 3],
];
const severities = ['low', 'medium', 'high', 'urgent'];

export class Planner {
  private serial = 0;
  private readonly departmentWeights: [string, number][];

  constructor(
    private readonly catalog: Catalog,
    private readonly world: World,
    private readonly rng: Rng,
    private readonly content: ContentFactory,
    /** Embedded in every new unique value (10 §3.3) so that runs never collide. */
    private readonly runId: string,
  ) {
    this.departmentWeights = catalog.departments.map((d) => [d.name, departmentProfiles.find((p) => p.name === d.name)?.share ?? 1]);
  }

  private next(): number {
    return ++this.serial;
  }

  /** Takes the locks; false if one of them is held (the pick raced with another request). */
  private lock(keys: string[]): boolean {
    return this.world.locks.acquire(keys);
  }

  plan(api: ApiDef, user: UserContext, format: Format): Planned | undefined {
    const rng = this.rng;
    const cat = this.catalog;
    const world = this.world;
    const typical = (statuses: readonly number[], variant: string) => ({ statuses, variant });
    const get = (path: string, usual?: Planned['typical']): Planned => ({ api, method: 'GET', path, expect: api.success, typical: usual, wrapper: api.wrapper, locks: [] });
    const write = (p: Omit<Planned, 'api' | 'method' | 'wrapper' | 'contentType'> & { wrapper?: Wrapper; contentType?: string }): Planned | undefined => {
      if (!this.lock(p.locks)) return undefined;
      return { api, method: api.method, contentType: p.body === undefined ? undefined : contentTypes[format], ...p };
    };

    switch (api.no) {
      case 1:
        return get(`${A}/${cat.hotEmail(rng)}${rng.chance(0.7) ? '?$attribute=all' : ''}`);
      case 2: {
        const ids = new Set<number>();
        for (let i = 0; ids.size < 10 && i < 100; i++) ids.add(cat.hotEmail(rng));
        return get(`${A}/${[...ids].join(rng.chance(0.5) ? ',' : '%2C')}`);
      }
      case 3: {
        for (let i = 0; i < 10; i++) {
          const id = cat.hotCase(rng);
          if (world.caseHasActivities(id)) return get(`${A}?case=${id}`);
        }
        return undefined;
      }
      case 4: {
        const c = cat.hotCustomer(rng, (c) => world.customerHasActivities(c.id));
        return c && get(`${A}?customer=${c.id}&$pagesize=25&$pagenum=1`);
      }
      case 5: {
        const d = spanDay(rng, cat.spanFrom, cat.spanTo);
        return get(
          `${A}?status=completed&type=email&lastModifiedDate=[${d}T00:00:00.000Z,${d}T23:59:59.999Z]&$sort=lastModifiedDate&$pagesize=20&$pagenum=${rng.between(1, 5)}`,
        );
      }
      case 6:
        return cat.chats.length ? get(`${A}/${rng.pick(cat.chats)}?$attribute=payload,contactPointData,created,userLastWorked`) : undefined;
      case 7: {
        const from = instantBefore(rng, cat.T, 90);
        return get(`${A}?status=completed&type=chat&lastModifiedDate=[${from},]&$sort=lastModifiedDate&$pagesize=20&$pagenum=1`);
      }
      case 8: {
        // 200 or 204 (the Success column) either way; the usual one per variant is a diagnostic.
        if (rng.chance(0.9)) {
          return cat.emailsWithAttachments.length
            ? get(`${A}/${rng.pick(cat.emailsWithAttachments)}/attachment`, typical([200], 'an email with attachments'))
            : undefined;
        }
        const id = cat.hotEmailWithoutAttachments(rng);
        return id === undefined ? undefined : get(`${A}/${id}/attachment`, typical([204], 'an email without attachments'));
      }
      case 9: {
        if (!cat.attachments.length) return undefined;
        const a = rng.pick(cat.attachments);
        return get(`${A}/${a.activityId}/attachment/${a.id}${rng.chance(0.1) ? '?$attribute=contentUrl' : ''}`);
      }
      case 10: {
        if (rng.chance(0.6) && cat.activitiesWithNotes.length) return get(`${A}/${rng.pick(cat.activitiesWithNotes)}/note`, typical([200], 'an activity with notes'));
        const id = cat.hotEmail(rng);
        return get(`${A}/${id}/note`, cat.activityHasNotes(id) ? typical([200], 'an activity with notes') : undefined);
      }
      case 11:
        return this.inbound(api, user, format);
      case 12: {
        const a = world.pickQueued(() => rng.float());
        if (!a) return undefined;
        const target = cat.otherCustomer(rng, a.department, a.customerId);
        if (!target) return undefined;
        return write({
          path: `${A}/changecustomer`,
          body: changeCustomerOfActivityBody(format, a.id, target.emailPointId),
          expect: api.success,
          locks: world.activityLocks(a),
          onSuccess: () => world.activityCustomerChanged(a.id, target.id),
          onFailure: () => world.retireActivity(a.id),
        });
      }
      case 13: {
        const pair = world.pickPair(() => rng.float());
        if (!pair) return undefined;
        const existing = rng.chance(0.7);
        return write({
          path: `${A}/${pair.activity}/changecase`,
          body: changeCaseBody(format, existing ? pair.caseB : undefined),
          expect: api.success,
          typical: existing ? typical([204], 'to an existing case') : typical([201], 'to a new case'),
          wrapper: api.wrapper,
          locks: [activityKey(pair.activity), caseKey(pair.caseA), caseKey(pair.caseB)],
          onSuccess: (o) => {
            // Where the activity went follows from the answer: 201 names a new case, 204 (asked for case B) is B.
            const created = o.status === 201 ? idFromLocation(o.location) : undefined;
            if (created !== undefined) world.activityMoved(pair.activity, created, true);
            else if (o.status === 204 && existing) world.activityMoved(pair.activity, pair.caseB, false);
            else world.retireActivity(pair.activity);
          },
          onFailure: () => world.retireActivity(pair.activity),
        });
      }
      case 14: {
        const a = world.pickQueued(() => rng.float());
        if (!a) return undefined;
        const toUser = rng.chance(2 / 3);
        let path = `${A}/transfer?user=${user.id}`;
        let queue: number | undefined;
        if (!toUser) {
          // Another queue of the department: the queue it waits in is 409-102 (05 §9.11).
          const queues = (cat.emailQueues.get(a.department) ?? []).filter((q) => q !== a.queueId);
          if (!queues.length) return undefined;
          queue = rng.pick(queues);
          path = `${A}/transfer?queue=${queue}`;
        }
        return write({
          path,
          body: activityListBody(format, [a.id]),
          expect: api.success,
          locks: world.activityLocks(a),
          onSuccess: () => (queue === undefined ? world.assignedToUser(a.id, user.login) : world.transferredToQueue(a.id, queue)),
          onFailure: () => world.retireActivity(a.id),
        });
      }
      case 15: {
        const a = world.pickAssigned(user.login, () => rng.float());
        if (!a) return undefined;
        return write({
          path: `${A}/complete`,
          body: activityListBody(format, [a.id]),
          expect: api.success,
          wrapper: api.wrapper,
          locks: world.activityLocks(a),
          onSuccess: () => world.completed(a.id),
          onFailure: () => world.retireActivity(a.id),
        });
      }
      case 16: {
        const id = cat.hotEmail(rng);
        return write({
          path: `${A}/${id}/note`,
          body: noteBody(format, this.content.note()),
          expect: api.success,
          wrapper: api.wrapper,
          locks: [],
          onSuccess: () => cat.noteAddedToActivity(id),
        });
      }
      case 17:
        return get(`${C}/${cat.hotCase(rng)}`);
      case 18: {
        const c = cat.hotCustomer(rng, (c) => world.customerHasCases(c.id));
        return c && get(`${C}?customer=${c.id}&$pagesize=25&$pagenum=1`);
      }
      case 19:
        return get(`${C}?status=${rng.chance(0.7) ? 'open' : 'closed'}&$sort=lastModifiedDate&$order=desc&$pagesize=25&$pagenum=${rng.between(1, 4)}`);
      case 20: {
        const c = world.pickOpenCase(() => rng.float());
        if (!c) return undefined;
        const due = new Date(Date.now() + rng.between(1, 30) * 86_400_000 + rng.int(86_400_000)).toISOString();
        const kind = rng.int(3);
        const change: CaseChange =
          kind === 0 ? { subject: this.content.subject() } : kind === 1 ? { severity: rng.pick(severities) } : { productLine: rng.pick(productLines) };
        return write({
          path: C,
          body: editCaseBody(format, c.id, due, change),
          expect: api.success,
          locks: [caseKey(c.id)],
          onFailure: () => world.retireCase(c.id),
        });
      }
      case 21: {
        const c = world.pickOpenCase(() => rng.float());
        if (!c) return undefined;
        const other = cat.otherCustomer(rng, c.department, c.customerId);
        if (!other) return undefined;
        return write({
          path: `${C}/${c.id}/changecustomer`,
          body: changeCustomerOfCaseBody(format, other.id),
          expect: api.success,
          locks: [caseKey(c.id)],
          onSuccess: () => world.caseCustomerChanged(c.id, other.id),
          onFailure: () => world.retireCase(c.id),
        });
      }
      case 22: {
        const c = world.pickClosable(() => rng.float());
        if (!c) return undefined;
        const activities = [...c.openActivities];
        return write({
          path: `${C}/${c.id}/close`,
          expect: api.success,
          locks: world.closeLocks(c),
          onSuccess: () => world.caseClosed(c.id),
          onFailure: () => {
            for (const id of activities) world.retireActivity(id);
            world.retireCase(c.id);
          },
        });
      }
      case 23: {
        const id = cat.hotCase(rng);
        return write({
          path: `${C}/${id}/note`,
          body: noteBody(format, this.content.note()),
          expect: api.success,
          wrapper: api.wrapper,
          locks: [],
          onSuccess: () => cat.noteAddedToCase(id),
        });
      }
      case 24: {
        if (rng.chance(0.6) && cat.casesWithNotes.length) return get(`${C}/${rng.pick(cat.casesWithNotes)}/note`, typical([200], 'a case with notes'));
        return get(`${C}/${cat.hotCase(rng)}/note`);
      }
      case 25:
        return this.createCustomer(api, format);
      case 26: {
        const c = cat.hotCustomer(rng);
        return c && get(`${U}/${c.id}?$attribute=all`);
      }
      case 27: {
        if (rng.chance(0.1)) {
          return get(`${U}?email=${encodeURIComponent(`nobody.${this.runId}.${this.next()}@unknown.example.org`)}&$attribute=all`, typical([204], 'an unknown address'));
        }
        const c = this.anyCustomer((c) => c.email !== undefined && !world.locks.isLocked(customerKey(c.id)));
        return c && get(`${U}?email=${encodeURIComponent(c.email!)}&$attribute=all`, typical([200], 'an existing address'));
      }
      case 28: {
        const pages = Math.min(3, Math.ceil(cat.platinumCount / 25));
        if (rng.chance(0.2) && pages > 0) return get(`${U}?custom.loyalty_tier=platinum&$pagesize=25&$pagenum=${rng.between(1, pages)}`);
        const c = this.anyCustomer();
        return c && get(`${U}?custom.external_id=${encodeURIComponent(c.externalId)}`);
      }
      case 29:
        return this.editCustomer(api, format);
      case 30: {
        const id = cat.article(rng);
        return id === undefined ? undefined : get(`${K}/${id}?$attribute=all`);
      }
      case 31:
        return cat.folders.length ? get(`${K}?folder=${rng.pick(cat.folders)}&$pagesize=25&$pagenum=1`) : undefined;
      default:
        throw new Error(`no request for API #${api.no}`);
    }
  }

  private anyCustomer(accept: (c: CustomerRef) => boolean = () => true): CustomerRef | undefined {
    const list = this.catalog.customers;
    for (let i = 0; i < 10 && list.length; i++) {
      const c = this.rng.pick(list);
      if (accept(c)) return c;
    }
    return undefined;
  }

  /** Post Inbound Activity (10 §3.2 #11). */
  private inbound(api: ApiDef, user: UserContext, format: Format): Planned | undefined {
    const rng = this.rng;
    const cat = this.catalog;
    let department: string;
    let from: string;
    let reused = false;
    const existing = rng.chance(0.7);
    if (existing && user.lastInbound && rng.chance(0.4)) {
      ({ department, from } = user.lastInbound);
      reused = true;
    } else if (existing) {
      const c = this.anyCustomer((c) => c.email !== undefined && !this.world.locks.isLocked(customerKey(c.id)));
      if (!c) return undefined;
      department = c.department;
      from = c.email!;
    } else {
      department = rng.pickWeighted(this.departmentWeights);
      from = `sender.${this.runId}.${this.next()}@mail.example.net`;
    }
    const aliases = cat.aliases.get(department);
    if (!aliases?.length) return undefined;
    const text = this.content.emailText();
    const email = { department, subject: this.content.subject(), text, html: this.content.emailHtml(text, from), from, receiver: rng.pick(aliases) };
    const data = inboundBody(format, email);
    let body: string | Buffer = data;
    let contentType = contentTypes[format];
    if (rng.chance(0.2)) {
      const boundary = `----ece-bench-${this.runId}-${this.next()}`;
      body = multipartBody(format, data, this.content.attachment(this.serial), boundary);
      contentType = `multipart/form-data; boundary=${boundary}`;
    }
    const previous = reused ? user.lastInbound : undefined;
    return {
      api,
      method: 'POST',
      path: A,
      body,
      contentType,
      expect: api.success,
      wrapper: api.wrapper,
      locks: [],
      onSuccess: (o) => {
        const id = idFromLocation(o.location);
        if (id === undefined) return;
        const item = o.items?.[0];
        const caseId = refId(item, 'case');
        const customerId = refId(item, 'customer');
        const status = statusValue(item);
        user.lastInbound = { from, department, activityId: id, caseId };
        if (caseId === undefined || customerId === undefined) return;
        const st: ActivityStatus = status === 'assigned' ? 'assigned' : status === 'completed' ? 'completed' : 'waiting';
        this.world.inboundCreated({ id, caseId, customerId, department, queueId: refId(item, 'queue') ?? null, status: st });
        // Two new emails of one user from the same sender: a pair for Change Case of Activity (10 §3.3).
        if (previous?.caseId !== undefined && previous.caseId !== caseId) this.world.addPair({ activity: id, caseA: caseId, caseB: previous.caseId });
      },
    };
  }

  /** Create Individual Customer (10 §3.2 #25, 03 §7.3 example A2). */
  private createCustomer(api: ApiDef, format: Format): Planned {
    const rng = this.rng;
    const n = this.next();
    const female = rng.chance(0.5);
    const firstName = rng.pick(female ? femaleFirstNames : maleFirstNames);
    const lastName = rng.pick(lastNames);
    const body = createCustomerBody(format, {
      department: rng.pickWeighted(this.departmentWeights),
      salutation: female ? 'Ms.' : 'Mr.',
      firstName,
      lastName,
      gender: female ? 'female' : 'male',
      jobTitle: rng.pick(jobTitles),
      phoneType: rng.pick(['home', 'mobile', 'office'] as const),
      phoneNo: `555${rng.digits(7)}`,
      email: `${firstName}.${lastName}.${this.runId}.${n}@example.net`.toLowerCase(),
      externalId: `RUN-${this.runId}-${n}`,
      loyaltyTier: rng.pickWeighted(tiers),
      region: rng.pick(regions),
    });
    return { api, method: 'POST', path: U, body, contentType: contentTypes[format], expect: api.success, wrapper: api.wrapper, locks: [] };
  }

  /** Edit Customer (10 §3.2 #29): `region`, or a new unique address on the customer's email contact point. */
  private editCustomer(api: ApiDef, format: Format): Planned | undefined {
    const rng = this.rng;
    const c = this.catalog.hotCustomer(rng, (c) => !this.world.locks.isLocked(customerKey(c.id)));
    if (!c) return undefined;
    const locks = [customerKey(c.id)];
    if (!this.lock(locks)) return undefined;
    if (rng.chance(0.5) || c.email === undefined) {
      return { api, method: 'PUT', path: U, body: editCustomerRegionBody(format, c.id, rng.pick(regions)), contentType: contentTypes[format], expect: api.success, locks };
    }
    const old = c.email;
    const email = `changed.${this.runId}.${this.next()}@example.org`;
    // While the change is in flight neither address is certain: searches and senders leave the customer alone.
    c.email = undefined;
    return {
      api,
      method: 'PUT',
      path: U,
      body: editCustomerEmailBody(format, c.id, c.contactPersonId, c.emailPointId, email),
      contentType: contentTypes[format],
      expect: api.success,
      locks,
      onSuccess: () => (c.email = email),
      // Refused by the server (a status): the old address stands; no answer at all: it is unknown, leave it out.
      onFailure: (o) => (c.email = o.status > 0 ? old : undefined),
    };
  }
}
