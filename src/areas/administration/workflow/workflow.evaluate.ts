// Inbound and outbound workflow evaluation (07 §10.1, §10.2; 05 §9.3 step 5, §9.6), called by the email channel inside
// its own transaction.
//
// Inbound (V3, the hot path): the department's active inbound workflows come from an in-memory cache of all of them,
// dropped whenever config_version changes (07 §1.1: every workflow write is an administration write), read before the
// transaction opens (`inboundWorkflows`). `routingNeeds` says what else the first match may ask for (the customer's
// attribute values, the state of the users and queues the workflows route to), which the email channel reads in the
// statement that resolves the department, alias and customer; `decideInbound` then decides in memory.
// `routeInbound` is the same decision reading everything from the database (one indexed query for the workflows, then
// the customer's values and the routed user's state only when a workflow asks for them).
//
// Outbound (V5): one indexed query for the department's active outbound workflows in evaluation order (index
// (department_id, kind, state, sort_order)), then the appended standard message.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { Database } from '../../../db/database.ts';
import { VersionedCache, type ConfigVersion } from '../../../platform/config-version.ts';
import type { Db } from '../shared/admin-list.queries.ts';
import { normaliseByType } from '../../custom-attributes/normalise.ts';
import type { DataType } from '../../custom-attributes/definition.ts';
import type { StoredActions, StoredConditions } from './workflow.input.ts';

export type InboundEmail = {
  departmentId: bigint;
  aliasId: bigint;
  aliasQueueId: bigint;
  subject: string;
  text: string | null;
  html: string | null;
  customerId: bigint;
};
export type InboundRoute =
  | { queueId: bigint; userId?: undefined; priority?: number }
  | { userId: bigint; queueId?: undefined; priority?: number };

export type OutboundEmail = { departmentId: bigint; aliasId: bigint | null; queueId: bigint | null; subject: string };

export type Candidate = { id: bigint; conditions: StoredConditions; actions: StoredActions };
type WorkflowRow = { id: string; conditions: StoredConditions | null; actions: StoredActions | null };
const candidate = (r: WorkflowRow): Candidate => ({ id: BigInt(r.id), conditions: r.conditions ?? {}, actions: r.actions ?? {} });

/** The active workflows of `kind` in a department, in ascending `order`, ties by id (07 §10). */
async function activeWorkflows(tx: Db, departmentId: bigint, kind: 'inbound' | 'outbound'): Promise<Candidate[]> {
  const rows = await tx.$queryRaw<WorkflowRow[]>`
    SELECT id::text AS id, conditions, actions FROM workflow
     WHERE department_id = CAST(${String(departmentId)} AS bigint) AND kind = ${kind} AND state = 'active'
     ORDER BY sort_order, id`;
  return rows.map(candidate);
}

/** Every active inbound workflow by department id, in evaluation order; one cache per configuration counter. */
const inboundCaches = new WeakMap<ConfigVersion, VersionedCache<Map<string, Candidate[]>>>();

/**
 * The active inbound workflows by department id, each department's in evaluation order (ascending `order`, ties by
 * id), from the cache of all of them (07 §1.1: dropped on every configuration change, on this instance at once, on
 * the others within a second). Call it before opening a transaction: on the embedded PGlite a load inside one would
 * wait for it.
 */
export async function inboundWorkflows(ctx: { db: Pick<Database, 'query'>; configVersion: ConfigVersion }): Promise<ReadonlyMap<string, Candidate[]>> {
  let cache = inboundCaches.get(ctx.configVersion);
  if (!cache) {
    const db = ctx.db;
    cache = new VersionedCache(ctx.configVersion, async () => {
      const rows = await db.query<WorkflowRow & { department_id: string }>(
        `SELECT id::text AS id, department_id::text AS department_id, conditions, actions FROM workflow
          WHERE kind = 'inbound' AND state = 'active' ORDER BY department_id, sort_order, id`,
      );
      const byDepartment = new Map<string, Candidate[]>();
      for (const r of rows) {
        const list = byDepartment.get(r.department_id) ?? [];
        list.push(candidate(r));
        byDepartment.set(r.department_id, list);
      }
      return byDepartment;
    });
    inboundCaches.set(ctx.configVersion, cache);
  }
  return cache.get();
}

// ---------------------------------------------------------------------------------------------------------------
// Text helpers (also used to derive the missing content type of an appended message)
// ---------------------------------------------------------------------------------------------------------------

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the predefined entities, `&nbsp;` and numeric character references; others stay as written. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

/**
 * HTML to plain text by removing tags (07 §10.1, §10.2): comments, `script` and `style` elements go entirely; `<br>`
 * and the ends of block elements become line breaks; other tags are removed; entities are decoded.
 */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|pre|table|ul|ol)\s*>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  ).replace(/\n+$/, '');
}

/** Plain text to HTML by escaping (07 §10.2): `& < > " '` as entities, line breaks as `<br/>`. */
export function textToHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\r\n?|\n/g, '<br/>');
}

/** Case-insensitive substring matching: a list matches when any keyword occurs (07 §10). */
function containsAny(haystack: string, keywords: { keyword: string[] } | undefined): boolean {
  if (!keywords?.keyword.length) return true;
  const lower = haystack.toLowerCase();
  return keywords.keyword.some((k) => lower.includes(k.toLowerCase()));
}

const inList = (list: { id: string }[] | undefined, id: bigint | null): boolean => !list?.length || (id !== null && list.some((x) => x.id === String(id)));

// ---------------------------------------------------------------------------------------------------------------
// Inbound (07 §10.1)
// ---------------------------------------------------------------------------------------------------------------

export type CustomerValues = Map<string, { dataType: DataType; keys: Set<string> }>;

export type CustomerValueRow = { name: string; data_type: string; key: string };

/** The customer's custom attribute values by attribute name: normalised keys, lower-cased. */
export async function customerValues(tx: Db, customerId: bigint): Promise<CustomerValues> {
  const rows = await tx.$queryRaw<CustomerValueRow[]>(Prisma.sql`
    SELECT d.name, d.data_type, v.key FROM customer_attribute_value v JOIN custom_attribute_definition d ON d.id = v.definition_id
     WHERE v.customer_id = CAST(${String(customerId)} AS bigint)`);
  return customerValuesOf(rows);
}

/** Rows (attribute name, data type, key) as the matcher reads them. */
export function customerValuesOf(rows: readonly CustomerValueRow[]): CustomerValues {
  const out: CustomerValues = new Map();
  for (const r of rows) {
    const entry = out.get(r.name) ?? { dataType: r.data_type as DataType, keys: new Set<string>() };
    entry.keys.add(r.key.toLowerCase());
    out.set(r.name, entry);
  }
  return out;
}

/** For every listed attribute, one of the customer's values equals (case-insensitively) one of the listed values. */
function attributesMatch(conditions: StoredConditions['customerAttributes'], values: CustomerValues): boolean {
  return (conditions?.customAttribute ?? []).every((c) => {
    const stored = values.get(c.attribName);
    if (!stored) return false;
    return c.attribValues.attribValue.some((v) => {
      const key = normaliseByType(stored.dataType, v.value)?.key ?? v.value;
      return stored.keys.has(key.toLowerCase());
    });
  });
}

/** What deciding may need besides the email: how the first match learns the customer's values and a user's state. */
export type RoutingFacts = {
  customerValues: () => CustomerValues | Promise<CustomerValues>;
  userEnabled: (userId: bigint) => boolean | Promise<boolean>;
};

/**
 * The routing of a new inbound email (05 §9.3 step 5): the first matching workflow among `workflows` (active, of the
 * department, in evaluation order) routes to its queue or user, with its priority when it sets one; a user who is not
 * `enabled` is replaced by the alias's queue (keeping the workflow's priority). No match → the alias's queue.
 */
export async function decideInbound(workflows: readonly Candidate[], email: InboundEmail, facts: RoutingFacts): Promise<InboundRoute> {
  let body: string | undefined;
  let values: CustomerValues | undefined;
  for (const w of workflows) {
    const c = w.conditions;
    if (!inList(c.aliases?.alias, email.aliasId)) continue;
    if (!containsAny(email.subject, c.subjectKeywords)) continue;
    if (c.bodyKeywords?.keyword.length) {
      body ??= email.text ?? (email.html === null ? '' : htmlToText(email.html));
      if (!containsAny(body, c.bodyKeywords)) continue;
    }
    if (c.customerAttributes?.customAttribute.length) {
      values ??= await facts.customerValues();
      if (!attributesMatch(c.customerAttributes, values)) continue;
    }
    const route = w.actions.route;
    const priority = typeof w.actions.priority === 'number' ? { priority: w.actions.priority } : {};
    if (route?.user) {
      const userId = BigInt(route.user.id);
      return (await facts.userEnabled(userId)) ? { userId, ...priority } : { queueId: email.aliasQueueId, ...priority };
    }
    if (route?.queue) return { queueId: BigInt(route.queue.id), ...priority };
    return { queueId: email.aliasQueueId, ...priority };
  }
  return { queueId: email.aliasQueueId };
}

/** What deciding may ask about in one department (see routingNeeds). */
export type RoutingNeeds = { departmentId: bigint; customerValues: boolean; userIds: bigint[]; queueIds: bigint[] };

/**
 * What `decideInbound` may ask about, per department with workflows among `byDepartment` (all of them, or only
 * `departmentId`'s), to be read up front: whether any workflow needs the customer's attribute values, and the users
 * (their state) and queues (their state, 05 T1/T3) they route to.
 */
export function routingNeeds(byDepartment: ReadonlyMap<string, readonly Candidate[]>, departmentId?: bigint): RoutingNeeds[] {
  const out: RoutingNeeds[] = [];
  for (const [department, workflows] of byDepartment) {
    if (departmentId !== undefined && department !== String(departmentId)) continue;
    const users = new Set<string>();
    const queues = new Set<string>();
    let values = false;
    for (const w of workflows) {
      if (w.conditions.customerAttributes?.customAttribute.length) values = true;
      if (w.actions.route?.user) users.add(w.actions.route.user.id);
      if (w.actions.route?.queue) queues.add(w.actions.route.queue.id);
    }
    out.push({ departmentId: BigInt(department), customerValues: values, userIds: [...users].map(BigInt), queueIds: [...queues].map(BigInt) });
  }
  return out;
}

/** decideInbound reading the department's workflows, then what the first match asks for, from the database. */
export async function routeInbound(tx: Db, email: InboundEmail): Promise<InboundRoute> {
  const workflows = await activeWorkflows(tx, email.departmentId, 'inbound');
  return decideInbound(workflows, email, {
    customerValues: () => customerValues(tx, email.customerId),
    userEnabled: async (id) => (await tx.user.findUnique({ where: { id }, select: { state: true } }))?.state === 'enabled',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Outbound (07 §10.2)
// ---------------------------------------------------------------------------------------------------------------

/**
 * The actions of the first matching active outbound workflow of the department (05 §9.6): the standard message to
 * append, both types (a missing type derived from the other), and the BCC addresses. No match: no append, no BCC.
 */
export async function outboundActions(tx: Db, email: OutboundEmail): Promise<{ append?: { text: string; html: string }; bcc: string[] }> {
  const workflows = await activeWorkflows(tx, email.departmentId, 'outbound');
  const match = workflows.find(
    (w) => inList(w.conditions.aliases?.alias, email.aliasId) && inList(w.conditions.queues?.queue, email.queueId) && containsAny(email.subject, w.conditions.subjectKeywords),
  );
  if (!match) return { bcc: [] };
  const bcc = [...(match.actions.bcc?.address ?? [])];
  const messageId = match.actions.appendMessage?.message.id;
  if (messageId === undefined) return { bcc };
  const message = await tx.standardMessage.findUnique({ where: { id: BigInt(messageId) }, select: { text: true, html: true } });
  if (!message || (message.text === null && message.html === null)) return { bcc };
  const text = message.text ?? htmlToText(message.html!);
  const html = message.html ?? textToHtml(message.text!);
  return { append: { text, html }, bcc };
}
