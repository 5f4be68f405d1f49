// Reading the conditions and actions of a workflow body (07 §10) into the stored form: the API's JSON form with ids
// as strings and nothing else (names of referenced objects are rendered at read time). What the body alone decides is
// checked here, before the permission (01 §7.2): exactly one route, one priority action, at least one action, the
// required `waitingMinutes`, keywords and BCC addresses. The references it finds are checked by the service in the
// write transaction; custom attribute names and values against the customer definitions.
import { Err } from '../../../errors/app-error.ts';
import { readAddress } from '../alias/alias.schema.ts';
import type { CustomerAttributesInput, WorkflowCreate, WorkflowKind } from './workflow.schema.ts';

type IdList<K extends string> = { [P in K]: { id: string }[] };

/** Conditions as stored (jsonb `workflow.conditions`); each kind uses its own groups of 07 §10.1–§10.3. */
export type StoredConditions = {
  aliases?: IdList<'alias'>;
  queues?: IdList<'queue'>;
  subjectKeywords?: { keyword: string[] };
  bodyKeywords?: { keyword: string[] };
  customerAttributes?: { customAttribute: { attribName: string; attribValues: { attribValue: { value: string }[] } }[] };
  types?: { type: { value: string }[] };
  statuses?: { status: { value: string }[] };
  waitingMinutes?: number;
  priorityAtMost?: number;
};

/** Actions as stored (jsonb `workflow.actions`). */
export type StoredActions = {
  route?: { queue: { id: string }; user?: undefined } | { user: { id: string }; queue?: undefined };
  priority?: number;
  appendMessage?: { message: { id: string } };
  bcc?: { address: string[] };
  setPriority?: number;
  raisePriorityBy?: number;
  transferToQueue?: { id: string };
  notify?: { users?: IdList<'user'>; groups?: IdList<'group'> };
};

export type ReferenceKind = 'alias' | 'queue' | 'user' | 'message' | 'group';
/** A referenced object the service must find in the workflow's department (else 400-152 on `path`). */
export type Reference = { kind: ReferenceKind; id: bigint; path: string };
/** A customer attribute condition the service checks against the definitions (names and values). */
export type AttributeCondition = { name: string; path: string; values: { raw: string; path: string }[] };

/** The most BCC addresses an outbound workflow adds (07 §10.2). */
export const MAX_BCC = 20;

type Obj = Record<string, unknown>;
const asList = <T>(v: T[] | T | null | undefined): T[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

class Reader {
  readonly references: Reference[] = [];
  readonly attributes: AttributeCondition[] = [];

  /** `{"<item>": [{"id"}]}` → the distinct ids as strings (omitted when empty), each noted as a reference. */
  ids<K extends string>(wrapper: Obj | null | undefined, item: K, kind: ReferenceKind, path: string): IdList<K> | undefined {
    const list = asList((wrapper?.[item] ?? undefined) as { id: string }[] | undefined);
    const ids: string[] = [];
    list.forEach((ref, j) => {
      if (ids.includes(ref.id)) return;
      ids.push(ref.id);
      this.references.push({ kind, id: BigInt(ref.id), path: `${path}.${item}[${j}].id` });
    });
    return ids.length ? ({ [item]: ids.map((id) => ({ id })) } as IdList<K>) : undefined;
  }

  /** One reference `{"id"}` (absent or null: undefined). */
  one(ref: { id: string } | null | undefined, kind: ReferenceKind, path: string): { id: string } | undefined {
    if (!ref) return undefined;
    this.references.push({ kind, id: BigInt(ref.id), path: `${path}.id` });
    return { id: ref.id };
  }

  /** A keyword list: blank keywords → 400-152; duplicates dropped; an empty list is no condition. */
  keywords(wrapper: { keyword?: string[] | undefined } | null | undefined, path: string): { keyword: string[] } | undefined {
    const list = asList(wrapper?.keyword);
    list.forEach((k, j) => {
      if (k.trim() === '') throw Err.invalidAttribute(`${path}.keyword[${j}]`, k);
    });
    const keyword = distinct(list);
    return keyword.length ? { keyword } : undefined;
  }

  /** Customer attribute conditions: names once each, at least one non-blank value each (checked by definition later). */
  customerAttributes(wrapper: CustomerAttributesInput | null | undefined, path: string) {
    const list = asList(wrapper?.customAttribute);
    const names = new Set<string>();
    const out: NonNullable<StoredConditions['customerAttributes']>['customAttribute'] = [];
    list.forEach((a, j) => {
      const at = `${path}.customAttribute[${j}]`;
      if (names.has(a.attribName)) throw Err.invalidAttribute(`${at}.attribName`, a.attribName);
      names.add(a.attribName);
      const values = asList(a.attribValues?.attribValue);
      if (!values.length) throw Err.missingAttribute(`${at}.attribValues`);
      const raw = values.map((v, k) => {
        const value = v.value ?? '';
        if (value.trim() === '') throw Err.missingAttribute(`${at}.attribValues.attribValue[${k}].value`);
        return { raw: value, path: `${at}.attribValues.attribValue[${k}].value` };
      });
      this.attributes.push({ name: a.attribName, path: at, values: raw });
      out.push({ attribName: a.attribName, attribValues: { attribValue: raw.map((r) => ({ value: r.raw })) } });
    });
    return out.length ? { customAttribute: out } : undefined;
  }
}

/** Drops the undefined properties (jsonb and the renderer both omit them anyway; this keeps the stored form tidy). */
function compact<T extends Obj>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}

type Conditions = NonNullable<WorkflowCreate['conditions']>;
type Actions = NonNullable<WorkflowCreate['actions']>;

function inboundConditions(r: Reader, c: Conditions, at: string): StoredConditions {
  return compact({
    aliases: r.ids(c.aliases, 'alias', 'alias', `${at}.aliases`),
    subjectKeywords: r.keywords(c.subjectKeywords, `${at}.subjectKeywords`),
    bodyKeywords: r.keywords(c.bodyKeywords, `${at}.bodyKeywords`),
    customerAttributes: r.customerAttributes(c.customerAttributes, `${at}.customerAttributes`),
  });
}

function outboundConditions(r: Reader, c: Conditions, at: string): StoredConditions {
  return compact({
    aliases: r.ids(c.aliases, 'alias', 'alias', `${at}.aliases`),
    queues: r.ids(c.queues, 'queue', 'queue', `${at}.queues`),
    subjectKeywords: r.keywords(c.subjectKeywords, `${at}.subjectKeywords`),
  });
}

/** `waitingMinutes` is required (07 §10.3): absent → 400-153. */
function alarmConditions(r: Reader, c: Conditions, at: string): StoredConditions {
  if (c.waitingMinutes === undefined || c.waitingMinutes === null) throw Err.missingAttribute(`${at}.waitingMinutes`);
  const types = distinct(asList(c.types?.type).map((t) => t.value));
  const statuses = distinct(asList(c.statuses?.status).map((s) => s.value));
  return compact({
    queues: r.ids(c.queues, 'queue', 'queue', `${at}.queues`),
    types: types.length ? { type: types.map((value) => ({ value })) } : undefined,
    statuses: statuses.length ? { status: statuses.map((value) => ({ value })) } : undefined,
    waitingMinutes: c.waitingMinutes,
    priorityAtMost: c.priorityAtMost ?? undefined,
  });
}

/** `route` is required and names exactly one of `queue` and `user` (07 §10.1). */
function inboundActions(r: Reader, a: Actions, at: string): StoredActions {
  const route = a.route;
  if (!route || (!route.queue && !route.user)) throw Err.missingAttribute(`${at}.route`);
  if (route.queue && route.user) throw Err.invalidAttribute(`${at}.route`, '');
  return compact({
    route: route.queue ? { queue: r.one(route.queue, 'queue', `${at}.route.queue`)! } : { user: r.one(route.user, 'user', `${at}.route.user`)! },
    priority: a.priority ?? undefined,
  }) as StoredActions;
}

/** At most 20 valid BCC addresses (duplicates, compared case-insensitively, dropped); at least one action (400-153). */
function outboundActions(r: Reader, a: Actions, at: string): StoredActions {
  if (a.appendMessage && !a.appendMessage.message) throw Err.missingAttribute(`${at}.appendMessage.message`);
  const sent = asList(a.bcc?.address);
  if (sent.length > MAX_BCC) throw Err.invalidAttribute(`${at}.bcc.address`, sent.length);
  const addresses: string[] = [];
  sent.forEach((value, k) => {
    const address = readAddress(value, `${at}.bcc.address[${k}]`);
    if (!addresses.some((x) => x.toLowerCase() === address.toLowerCase())) addresses.push(address);
  });
  const actions = compact({
    appendMessage: a.appendMessage ? { message: r.one(a.appendMessage.message, 'message', `${at}.appendMessage.message`)! } : undefined,
    bcc: addresses.length ? { address: addresses } : undefined,
  }) as StoredActions;
  if (!actions.appendMessage && !actions.bcc) throw Err.missingAttribute(at);
  return actions;
}

/** `setPriority` excludes `raisePriorityBy` (400-152 on the latter); at least one action (400-153). */
function alarmActions(r: Reader, a: Actions, at: string): StoredActions {
  const setPriority = a.setPriority ?? undefined;
  const raisePriorityBy = a.raisePriorityBy ?? undefined;
  if (setPriority !== undefined && raisePriorityBy !== undefined) throw Err.invalidAttribute(`${at}.raisePriorityBy`, raisePriorityBy);
  const users = r.ids(a.notify?.users, 'user', 'user', `${at}.notify.users`);
  const groups = r.ids(a.notify?.groups, 'group', 'group', `${at}.notify.groups`);
  const actions = compact({
    setPriority,
    raisePriorityBy,
    transferToQueue: r.one(a.transferToQueue, 'queue', `${at}.transferToQueue`),
    notify: users || groups ? compact({ users, groups }) : undefined,
  }) as StoredActions;
  if (!Object.keys(actions).length) throw Err.missingAttribute(at);
  return actions;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/**
 * Reads a body's `conditions` for `kind`; `path` is the item's path (`''` on create, `alarmWorkflow[0]` on edit).
 * Null or absent: no condition (07 §10: matches everything), except for alarms, which need `waitingMinutes`.
 */
export function readConditions(kind: WorkflowKind, conditions: WorkflowCreate['conditions'], path = '') {
  const r = new Reader();
  const at = join(path, 'conditions');
  const c = conditions ?? {};
  const read = kind === 'inbound' ? inboundConditions(r, c, at) : kind === 'outbound' ? outboundConditions(r, c, at) : alarmConditions(r, c, at);
  return { conditions: read, references: r.references, attributes: r.attributes };
}

/** Reads a body's `actions` for `kind` (required for every kind: absent or null → 400-153 on `actions`). */
export function readActions(kind: WorkflowKind, actions: WorkflowCreate['actions'], path = '') {
  const r = new Reader();
  const at = join(path, 'actions');
  if (!actions) throw Err.missingAttribute(at);
  const read = kind === 'inbound' ? inboundActions(r, actions, at) : kind === 'outbound' ? outboundActions(r, actions, at) : alarmActions(r, actions, at);
  return { actions: read, references: r.references };
}
