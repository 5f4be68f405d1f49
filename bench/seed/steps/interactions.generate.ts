// The cases and activities of 10 §2.3/§2.4 (with the chat transcripts of §2.5 and the notes of §2.1), generated
// without a database: the same seed, scale, T and inputs always give the same data (the test compares two
// generations). Everything is column-wise (typed arrays) because at scale 1.0 there are 590,925 cases and 1,030,019
// activities. Users are codes: agent k of department d is `agentOffset[d] + k`, benchmark user b is
// `totalAgents + b`, -1 none; queues are global indexes into the queue plan (email queues of a department, busiest
// first, then its chat queues), entry points likewise. interactions.ts maps codes to ids and writes the rows.
//
// How it is made:
// 1. cases per customer from §2.4's table, scaled to exactly the case count; heavier customers tend to be the older
//    ones, so that every case can come after its customer's creation (§2.3);
// 2. case times from the time shape of §2.3 (timeline.ts), each handed to a random customer created before it;
// 3. activities per case from §2.4's table, adjusted on multi-activity cases to exactly the activity count; the first
//    activity is a chat, a calltrack, a composed email (10 %) or an inbound email, later ones alternate replies and
//    follow the previous one after a log-normal gap in shape time (timeline.ts), so they have §2.3's shape too;
// 4. open cases (exactly 10 %, 70 % of them with their last activity in the last 90 days) hold the open emails as
//    their last activities; every other activity is completed, after a log-normal handling time;
// 5. agents with the 20/80 skew, benchmark users' assigned emails, queues (Zipf-like), priorities, attributes;
// 6. activities get their ids in creation order, cases too (a case's created = its first activity's).
import { words } from '../lists.ts';
import { apportion, chooseExactly, Rng } from '../random.ts';
import {
  activitiesAtScale1, activitiesPerCase, activityNotesAtScale1, calltracksAtScale1, caseNotesAtScale1, casesAtScale1,
  casesPerCustomer, chatsAtScale1, dataSpanMonths, interactionProfile as P, queueTopShare, scaled,
} from '../reference.ts';
import { fromShapeTime, Timeline, toShapeTime } from '../timeline.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

export const TYPE = { email: 0, chat: 1, calltrack: 2 } as const;
export const typeNames = ['email', 'chat', 'calltrack'] as const;
/** Activity status codes. */
export const STATUS = { completed: 0, assigned: 1, waiting: 2 } as const;
/** Contact point of an activity: the customer's first or second email address, or its phone (else the first email). */
export const POINT = { email: 0, secondEmail: 1, phone: 2 } as const;

export type InteractionInput = {
  seed: number;
  scale: number;
  now: Date;
  customers: { count: number; department: Uint8Array; createdAt: Float64Array; hasSecondEmail: Uint8Array };
  /** Agents per department (the users step's order). */
  agents: readonly number[];
  benchUsers: number;
  /** Email queues and chat entry points per department (each entry point has its own chat queue). */
  emailQueues: readonly number[];
  entryPoints: readonly number[];
};

export type ChatScript = {
  /** Activity index (id order). */
  activity: number;
  /** Per message: ms after the activity's creation, sender 's' system / 'c' customer / 'a' agent, the agent (1 or 2). */
  at: number[];
  sender: ('s' | 'c' | 'a')[];
  agent: number[];
  /** Text of customer and agent lines; for system lines the event: 'assigned' or 'transferred' (names added later). */
  text: string[];
  /** User codes of agent 1 and agent 2 (-1: no second agent). */
  users: [number, number];
};

export type Interactions = {
  caseCount: number;
  activityCount: number;
  /** Cases in id order. */
  cases: {
    customer: Uint32Array;
    created: Float64Array;
    createdBy: Int32Array;
    /** Index of the first activity in id order, and the number of activities. */
    firstActivity: Uint32Array;
    activities: Uint16Array;
    open: Uint8Array;
    /** Index into interactionProfile.severities. */
    severity: Uint8Array;
    /** NaN: none. */
    dueDate: Float64Array;
    owner: Int32Array;
    lastModified: Float64Array;
    lastModifiedBy: Int32Array;
    /** NaN: never closed. */
    lastClosed: Float64Array;
    lastClosedBy: Int32Array;
    subject: string[];
    /** Type of the first activity (TYPE). */
    channel: Uint8Array;
    /** 0 none, else the case number (1-based, id order) that makes `CASE-` + 9 digits. */
    externalCaseId: Uint32Array;
    /** -1 none, else an index into productLines. */
    productLine: Int8Array;
  };
  /** Activities in id order (ascending creation time). */
  activities: {
    case: Uint32Array;
    /** Position in its case (0 = the first activity). */
    position: Uint16Array;
    type: Uint8Array;
    /** 1: compose (outbound), 0: general (inbound). */
    compose: Uint8Array;
    status: Uint8Array;
    /** The assigned user (assigned) or the user who worked and completed it (completed); -1 for waiting. */
    user: Int32Array;
    createdBy: Int32Array;
    lastModifiedBy: Int32Array;
    created: Float64Array;
    lastModified: Float64Array;
    /** NaN: not completed. */
    completed: Float64Array;
    /** Global queue index, -1 none. */
    queue: Int16Array;
    /** Global entry point index, -1 none. */
    entryPoint: Int16Array;
    priority: Uint8Array;
    point: Uint8Array;
    /** 0 none, else 1–5. */
    rating: Uint8Array;
    /** -1 none, else 0 positive, 1 neutral, 2 negative. */
    sentiment: Int8Array;
  };
  chats: ChatScript[];
  /** Notes: the activity or case index (id order), created, author (user code), content; in creation order. */
  notes: { activity: Int32Array; case: Int32Array; created: Float64Array; author: Int32Array; content: string[] };
  /** Per benchmark user, the activity indexes assigned to it. */
  benchAssigned: number[][];
  counts: { emails: number; chats: number; calltracks: number; completed: number; assigned: number; waiting: number; openCases: number };
};

/** A log-normal variate with this median and p90. */
function logNormal(rng: Rng, median: number, p90: number): number {
  const sigma = Math.log(p90 / median) / 1.2815515655446004;
  const u = 1 - rng.float();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
  return median * Math.exp(sigma * z);
}

/** Draws from a table `[min, max, share]` (uniform within the row). */
function fromTable(rng: Rng, table: readonly (readonly [number, number, number])[], weights: readonly number[]): number {
  const [min, max] = table[rng.weighted(weights)]!;
  return rng.between(min, max);
}

/**
 * Cumulative Zipf weights 1/(r+1)^s for `n` queues, with s chosen so that the busiest 20 % take 70 % of the volume
 * (as far as n allows: with one queue it takes everything).
 */
export function zipfCumulative(n: number): Float64Array {
  const top = Math.max(1, Math.round(n * queueTopShare.queues));
  const cumulative = (s: number) => {
    const c = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) c[r] = sum += 1 / (r + 1) ** s;
    return c;
  };
  let lo = 0;
  let hi = 8;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    const c = cumulative(mid);
    if (c[top - 1]! / c[n - 1]! < queueTopShare.volume) lo = mid;
    else hi = mid;
  }
  return cumulative((lo + hi) / 2);
}

function pickCumulative(rng: Rng, c: Float64Array): number {
  const x = rng.float() * c[c.length - 1]!;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A subject from the word list: 10–120 characters, median about 45 (§2.5). */
export function makeSubject(rng: Rng): string {
  const target = Math.min(120, Math.max(10, Math.round(logNormal(rng, 45, 80))));
  let s = '';
  while (s.length < target) {
    const w = rng.pick(words);
    if (s && s.length + 1 + w.length > 120) break;
    s = s ? `${s} ${w}` : w;
  }
  while (s.length < 10) s = `${s} ${rng.pick(words.slice(0, 32))}`.slice(0, 120);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A sentence of `min`–`max` words. */
function sentence(rng: Rng, min: number, max: number): string {
  const n = rng.between(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(words));
  const s = out.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}${rng.pick(['.', '.', '.', '?', '!'])}`;
}

/** Text of 20–1,500 characters for a note. */
function noteText(rng: Rng): string {
  const target = Math.min(1500, Math.max(20, Math.round(logNormal(rng, 160, 600))));
  let s = sentence(rng, 3, 12);
  while (s.length < target) s = `${s} ${sentence(rng, 3, 12)}`;
  return s.slice(0, target).trimEnd();
}

export function generateInteractions(input: InteractionInput): Interactions {
  const { seed, now, customers } = input;
  const T = now.getTime();
  const timeline = new Timeline(now, dataSpanMonths);
  const stream = (name: string) => Rng.stream(seed, `interactions.${name}`);
  const N = customers.count;
  const C = scaled(casesAtScale1, input.scale);
  const A = scaled(activitiesAtScale1, input.scale);
  const nChat = scaled(chatsAtScale1, input.scale);
  const nCall = scaled(calltracksAtScale1, input.scale);
  const nEmail = A - nChat - nCall;
  if (N < 1 || C < N || A < C) throw new Error(`cannot seed ${C} cases and ${A} activities for ${N} customers`);

  const agentOffset: number[] = [];
  let totalAgents = 0;
  for (const n of input.agents) {
    agentOffset.push(totalAgents);
    totalAgents += n;
  }
  const benchCode = (b: number) => totalAgents + b;
  const queueOffset: number[] = [];
  const entryOffset: number[] = [];
  {
    let q = 0;
    let e = 0;
    input.emailQueues.forEach((n, d) => {
      queueOffset.push(q);
      entryOffset.push(e);
      q += n + input.entryPoints[d]!;
      e += input.entryPoints[d]!;
    });
  }

  // ---- 1. cases per customer, exactly C in all -------------------------------------------------------------------
  const quota = new Uint32Array(N);
  {
    const rng = stream('cases per customer');
    const weights = casesPerCustomer.map(([, , w]) => w);
    const raw = new Float64Array(N);
    let total = 0;
    for (let i = 0; i < N; i++) total += raw[i] = fromTable(rng, casesPerCustomer, weights);
    // Bigger quotas go to older customers, with noise (key = creation rank + up to the whole span at random).
    const sortedRaw = Array.from(raw).sort((a, b) => b - a);
    const keys = Array.from({ length: N }, (_, i) => i / N + rng.float());
    const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
    const f = C / total;
    let sum = 0;
    order.forEach((customer, r) => (sum += quota[customer] = Math.max(1, Math.floor(sortedRaw[r]! * f + rng.float()))));
    while (sum > C) {
      const i = rng.int(N);
      if (quota[i]! > 1) {
        quota[i]!--;
        sum--;
      }
    }
    while (sum < C) {
      quota[rng.int(N)]!++;
      sum++;
    }
  }

  // ---- 2. case times and their customers --------------------------------------------------------------------------
  const caseCustomer = new Uint32Array(C);
  let caseTime = new Float64Array(C);
  {
    const rng = stream('case times');
    const times = timeline.sampleSorted(rng, C);
    const pool: number[] = [];
    const left = Uint32Array.from(quota);
    let next = 0;
    for (let j = 0; j < C; j++) {
      let t = times[j]!;
      while (next < N && customers.createdAt[next]! < t) pool.push(next++);
      // Every customer created so far has all its cases: the next customer is admitted early.
      if (pool.length === 0) pool.push(next++);
      const k = rng.int(pool.length);
      const c = pool[k]!;
      // A customer admitted early: its case comes just after its creation.
      if (customers.createdAt[c]! >= t) t = Math.min(T - 1, customers.createdAt[c]! + 1 + rng.int(HOUR));
      caseCustomer[j] = c;
      caseTime[j] = t;
      if (--left[c]! === 0) {
        pool[k] = pool[pool.length - 1]!;
        pool.pop();
      }
    }
    // Every quota is used up: each case consumed one of an admitted customer, and there are as many cases as quota.
    if (next < N) throw new Error('case assignment left customers without cases');
    // Cases in creation order (the early admission above may have moved a time forward).
    const order = Array.from({ length: C }, (_, j) => j).sort((a, b) => caseTime[a]! - caseTime[b]! || a - b);
    const customerCopy = Uint32Array.from(caseCustomer);
    const timeCopy = caseTime;
    caseTime = new Float64Array(C);
    order.forEach((from, to) => {
      caseCustomer[to] = customerCopy[from]!;
      caseTime[to] = timeCopy[from]!;
    });
  }

  // ---- 3. activities per case, first activity types ---------------------------------------------------------------
  const perCase = new Uint16Array(C);
  const firstType = new Uint8Array(C);
  const firstCompose = new Uint8Array(C);
  {
    const rng = stream('activities per case');
    const weights = activitiesPerCase.map(([, , w]) => w);
    let sum = 0;
    for (let j = 0; j < C; j++) sum += perCase[j] = fromTable(rng, activitiesPerCase, weights);
    // Adjust randomly chosen multi-activity cases (§2.4).
    while (sum > A) {
      const j = rng.int(C);
      if (perCase[j]! > 1) {
        perCase[j]!--;
        sum--;
      }
    }
    while (sum < A) {
      const j = rng.int(C);
      if (perCase[j]! > 1 && perCase[j]! < 40) {
        perCase[j]!++;
        sum++;
      }
    }
    const kinds = new Uint8Array(C); // 0 inbound email, 1 compose, 2 chat, 3 calltrack
    const nCompose = Math.round(C * P.composeFirst);
    kinds.fill(2, 0, nChat);
    kinds.fill(3, nChat, nChat + nCall);
    kinds.fill(1, nChat + nCall, nChat + nCall + nCompose);
    stream('first activity').shuffle<number, Uint8Array>(kinds);
    for (let j = 0; j < C; j++) {
      firstType[j] = kinds[j] === 2 ? TYPE.chat : kinds[j] === 3 ? TYPE.calltrack : TYPE.email;
      firstCompose[j] = kinds[j] === 1 ? 1 : 0;
    }
  }

  // ---- activity chains (generation order: case by case) -----------------------------------------------------------
  const start = new Uint32Array(C + 1);
  for (let j = 0; j < C; j++) start[j + 1] = start[j]! + perCase[j]!;
  const gCase = new Uint32Array(A);
  const gPos = new Uint16Array(A);
  const gType = new Uint8Array(A);
  const gCompose = new Uint8Array(A);
  const gCreated = new Float64Array(A);
  {
    const rng = stream('chains');
    // The gaps are measured in shape time (timeline.ts): a later activity then has the weekday and office-hour
    // shares of §2.3 as the first ones do, and replies come mostly in office hours.
    const xEnd = toShapeTime(T - 1);
    for (let j = 0; j < C; j++) {
      const s = start[j]!;
      const m = perCase[j]!;
      const t0 = caseTime[j]!;
      const x0 = toShapeTime(t0);
      let offset = 0;
      const offsets: number[] = [0];
      for (let k = 1; k < m; k++) offsets.push((offset += Math.min(P.handlingCapDays * DAY, logNormal(rng, 8 * HOUR, 3 * DAY))));
      // A chain that would reach T is squeezed into the time left.
      const room = xEnd - x0;
      const squeeze = offset > room ? (room / offset) * (0.5 + 0.5 * rng.float()) : 1;
      for (let k = 0; k < m; k++) {
        const i = s + k;
        gCase[i] = j;
        gPos[i] = k;
        gCreated[i] = k === 0 ? t0 : Math.min(T - 1, Math.max(gCreated[i - 1]!, Math.floor(fromShapeTime(x0 + offsets[k]! * squeeze))));
        if (k === 0) {
          gType[i] = firstType[j]!;
          gCompose[i] = firstCompose[j]!;
        } else {
          gType[i] = TYPE.email;
          // Replies alternate: after an inbound activity an outbound one, after an outbound one an inbound one.
          gCompose[i] = gType[i - 1] === TYPE.email && gCompose[i - 1] === 1 ? 0 : 1;
        }
      }
    }
  }

  // ---- 4. open cases and statuses ---------------------------------------------------------------------------------
  const emailStatus = apportion(nEmail, [...P.emailStatus]);
  const nOpenActivities = emailStatus[1]! + emailStatus[2]!;
  const caseOpen = new Uint8Array(C);
  const openInCase = new Uint16Array(C);
  const gStatus = new Uint8Array(A); // all completed unless chosen below
  let openCases = Math.min(Math.round(C * P.openCases), nOpenActivities);
  {
    const rng = stream('open');
    const recentFrom = T - P.recentDays * DAY;
    const recent: number[] = [];
    const older: number[] = [];
    for (let j = 0; j < C; j++) {
      const last = start[j + 1]! - 1;
      if (gType[last] !== TYPE.email) continue; // an open case's open activities are emails
      (gCreated[last]! >= recentFrom ? recent : older).push(j);
    }
    rng.shuffle(recent);
    rng.shuffle(older);
    openCases = Math.min(openCases, recent.length + older.length);
    const fromRecent = Math.min(recent.length, Math.max(openCases - older.length, Math.round(openCases * P.openRecent)));
    const chosen = [...recent.slice(0, fromRecent), ...older.slice(0, openCases - fromRecent)];
    for (const j of chosen) {
      caseOpen[j] = 1;
      openInCase[j] = 1;
    }
    // The open activities beyond one per open case go to open cases with more trailing emails.
    let extra = nOpenActivities - openCases;
    const roomOf = (j: number) => perCase[j]! - (firstType[j] === TYPE.email ? 0 : 1);
    for (let tries = 0; extra > 0 && tries < extra * 50 + 1000; tries++) {
      const j = chosen[rng.int(chosen.length)]!;
      if (openInCase[j]! < roomOf(j)) {
        openInCase[j]!++;
        extra--;
      }
    }
    for (let k = 0; extra > 0 && k < chosen.length; k++) {
      const j = chosen[k]!;
      while (extra > 0 && openInCase[j]! < roomOf(j)) {
        openInCase[j]!++;
        extra--;
      }
    }
    if (extra > 0) throw new Error(`no room for ${extra} open activities`);
    // Which open activities wait in a queue and which are assigned.
    const open: number[] = [];
    for (const j of chosen.sort((a, b) => a - b)) for (let k = start[j + 1]! - openInCase[j]!; k < start[j + 1]!; k++) open.push(k);
    const waiting = chooseExactly(rng, open.length, emailStatus[2]! / nOpenActivities);
    open.forEach((i, k) => (gStatus[i] = waiting[k] ? STATUS.waiting : STATUS.assigned));
  }

  // ---- 6 (first, so that the rest works in id order). Activities in creation order --------------------------------
  const order = new Uint32Array(A);
  for (let i = 0; i < A; i++) order[i] = i;
  order.sort((a, b) => gCreated[a]! - gCreated[b]! || a - b);
  const idIndex = new Uint32Array(A); // generation index → id order index
  order.forEach((g, i) => (idIndex[g] = i));

  const act = {
    case: new Uint32Array(A),
    position: new Uint16Array(A),
    type: new Uint8Array(A),
    compose: new Uint8Array(A),
    status: new Uint8Array(A),
    user: new Int32Array(A).fill(-1),
    createdBy: new Int32Array(A).fill(-1),
    lastModifiedBy: new Int32Array(A).fill(-1),
    created: new Float64Array(A),
    lastModified: new Float64Array(A),
    completed: new Float64Array(A).fill(NaN),
    queue: new Int16Array(A).fill(-1),
    entryPoint: new Int16Array(A).fill(-1),
    priority: new Uint8Array(A).fill(5),
    point: new Uint8Array(A),
    rating: new Uint8Array(A),
    sentiment: new Int8Array(A).fill(-1),
  };
  for (let i = 0; i < A; i++) {
    const g = order[i]!;
    act.case[i] = gCase[g]!;
    act.position[i] = gPos[g]!;
    act.type[i] = gType[g]!;
    act.compose[i] = gCompose[g]!;
    act.status[i] = gStatus[g]!;
    act.created[i] = gCreated[g]!;
  }
  const firstActivity = new Uint32Array(C);
  for (let j = 0; j < C; j++) firstActivity[j] = idIndex[start[j]!]!;

  // ---- 5. users, times of work, queues, priorities, contact points ------------------------------------------------
  const agentOrder = input.agents.map((n, d) => stream(`agents.${d}`).shuffle(Array.from({ length: n }, (_, k) => k)));
  const zipf = input.emailQueues.map((n) => zipfCumulative(n));
  const chats: ChatScript[] = [];
  const handlingMedian = P.handlingMedianHours * HOUR;
  const handlingP90 = P.handlingP90Hours * HOUR;
  const cap = P.handlingCapDays * DAY;
  {
    const rng = stream('work');
    const chatRng = stream('chat transcripts');
    const pickAgent = (d: number) => {
      const order = agentOrder[d]!;
      const busy = Math.max(1, Math.round(order.length * P.busyAgents));
      const k = rng.chance(P.busyAgentsWork) || busy === order.length ? rng.int(busy) : busy + rng.int(order.length - busy);
      return agentOffset[d]! + order[k]!;
    };
    const priorities = chooseExactly(stream('priority'), A - nChat, 1 - P.priorityDefault);
    let p = 0;
    for (let i = 0; i < A; i++) {
      const j = act.case[i]!;
      const customer = caseCustomer[j]!;
      const d = customers.department[customer]!;
      const type = act.type[i]!;
      const created = act.created[i]!;
      const status = act.status[i]!;
      const agent = status === STATUS.waiting && !act.compose[i] ? -1 : pickAgent(d);
      if (type !== TYPE.chat && priorities[p++]) act.priority[i] = rng.between(1, 10);
      if (type === TYPE.email) {
        act.queue[i] = queueOffset[d]! + pickCumulative(rng, zipf[d]!);
        act.point[i] = customers.hasSecondEmail[customer] && rng.chance(P.secondEmailUse) ? POINT.secondEmail : POINT.email;
      } else if (type === TYPE.calltrack) {
        act.point[i] = POINT.phone;
      } else {
        const e = rng.int(input.entryPoints[d]!);
        act.entryPoint[i] = entryOffset[d]! + e;
        act.queue[i] = queueOffset[d]! + input.emailQueues[d]! + e;
      }
      // Composed emails and call tracks are created by an agent; inbound emails and chats by nobody (the server).
      if (act.compose[i] || type === TYPE.calltrack) act.createdBy[i] = agent;

      if (status === STATUS.waiting) {
        act.lastModified[i] = created;
        act.lastModifiedBy[i] = act.createdBy[i]!;
        act.user[i] = -1;
        continue;
      }
      act.user[i] = agent;
      act.lastModifiedBy[i] = agent;
      if (status === STATUS.assigned) {
        act.lastModified[i] = Math.min(T - 1, created + Math.floor(rng.float() * Math.min(T - created, handlingP90)));
        continue;
      }
      let done: number;
      if (type === TYPE.chat) {
        const script = chatScript(chatRng, i);
        chats.push(script);
        if (script.agent.some((a) => a === 2)) {
          // The agent who finished the chat is the second one.
          let second = pickAgent(d);
          while (second === agent && input.agents[d]! > 1) second = pickAgent(d);
          act.user[i] = act.lastModifiedBy[i] = second;
          script.users = [agent, second];
        } else {
          script.users = [agent, -1];
        }
        done = created + script.at[script.at.length - 1]! + 1000 + chatRng.int(30_000);
        if (done >= T) {
          // A chat at the very end of the span: squeeze its messages into the time left.
          const f = (T - 1 - created) / (done - created);
          script.at = script.at.map((x) => Math.floor(x * f));
          done = created + Math.floor((done - created) * f);
        }
      } else {
        const h = Math.min(cap, logNormal(rng, handlingMedian, handlingP90));
        done = created + h < T ? created + Math.floor(h) : created + Math.floor((T - created) * rng.float());
      }
      act.completed[i] = done;
      act.lastModified[i] = done;
    }
  }

  // Benchmark users: their share of the assigned emails (§2.4), drawn from all departments.
  const assignedList: number[] = [];
  for (let i = 0; i < A; i++) if (act.status[i] === STATUS.assigned) assignedList.push(i);
  const perBench = Math.min(P.assignedPerBenchUser, Math.floor(assignedList.length / 10));
  const benchAssigned: number[][] = [];
  {
    const rng = stream('bench');
    const shuffled = rng.shuffle([...assignedList]);
    for (let b = 0; b < input.benchUsers; b++) {
      const mine = shuffled.slice(b * perBench, (b + 1) * perBench).sort((x, y) => x - y);
      for (const i of mine) {
        act.user[i] = benchCode(b);
        act.lastModifiedBy[i] = benchCode(b);
        if (act.createdBy[i] !== -1) act.createdBy[i] = benchCode(b);
      }
      benchAssigned.push(mine);
    }
  }

  // Custom attributes of activities (§2.4).
  {
    const rng = stream('activity attributes');
    const emails: number[] = [];
    const completedEmails: number[] = [];
    for (let i = 0; i < A; i++) {
      if (act.type[i] !== TYPE.email) continue;
      emails.push(i);
      if (act.status[i] === STATUS.completed) completedEmails.push(i);
    }
    const rated = chooseExactly(rng, completedEmails.length, P.customerRating);
    completedEmails.forEach((i, k) => {
      if (rated[k]) act.rating[i] = 1 + rng.weighted([5, 8, 17, 35, 35]);
    });
    const sentiment = chooseExactly(rng, emails.length, P.sentiment);
    emails.forEach((i, k) => {
      if (sentiment[k]) act.sentiment[i] = rng.weighted([40, 40, 20]);
    });
  }

  // ---- case fields -------------------------------------------------------------------------------------------------
  const cases = {
    customer: caseCustomer,
    created: caseTime,
    createdBy: new Int32Array(C),
    firstActivity,
    activities: perCase,
    open: caseOpen,
    severity: new Uint8Array(C),
    dueDate: new Float64Array(C).fill(NaN),
    owner: new Int32Array(C).fill(-1),
    lastModified: new Float64Array(C),
    lastModifiedBy: new Int32Array(C).fill(-1),
    lastClosed: new Float64Array(C).fill(NaN),
    lastClosedBy: new Int32Array(C).fill(-1),
    subject: new Array<string>(C),
    channel: firstType,
    externalCaseId: new Uint32Array(C),
    productLine: new Int8Array(C).fill(-1),
  };
  {
    const rng = stream('cases');
    const severities = apportion(C, P.severities.map(([, w]) => w));
    let at = 0;
    severities.forEach((n, s) => {
      cases.severity.fill(s, at, at + n);
      at += n;
    });
    rng.shuffle<number, Uint8Array>(cases.severity);
    const due = chooseExactly(rng, C, P.dueDate);
    const external = chooseExactly(rng, C, P.externalCaseId);
    const product = chooseExactly(rng, C, P.productLine);
    const subjects = stream('subjects');
    for (let j = 0; j < C; j++) {
      const first = firstActivity[j]!;
      cases.createdBy[j] = act.createdBy[first]!;
      cases.subject[j] = makeSubject(subjects);
      let lastModified = -Infinity;
      let lastClosed = -Infinity;
      for (let k = start[j]!; k < start[j + 1]!; k++) {
        const i = idIndex[k]!; // chain order
        if (cases.owner[j] === -1 && act.user[i] !== -1) cases.owner[j] = act.user[i]!;
        if (act.lastModified[i]! > lastModified) {
          lastModified = act.lastModified[i]!;
          cases.lastModifiedBy[j] = act.lastModifiedBy[i]!;
        }
        if (!caseOpen[j] && act.completed[i]! > lastClosed) {
          lastClosed = act.completed[i]!;
          cases.lastClosedBy[j] = act.user[i]!;
        }
      }
      cases.lastModified[j] = lastModified;
      if (!caseOpen[j]) cases.lastClosed[j] = lastClosed;
      if (due[j]) {
        cases.dueDate[j] = caseOpen[j]
          ? T + DAY + rng.int(30 * DAY)
          : cases.created[j]! + DAY + rng.int(14 * DAY);
      }
      if (external[j]) cases.externalCaseId[j] = j + 1;
      if (product[j]) cases.productLine[j] = rng.int(10);
    }
  }

  // ---- notes -------------------------------------------------------------------------------------------------------
  const notes = { activity: [] as number[], case: [] as number[], created: [] as number[], author: [] as number[], content: [] as string[] };
  {
    const rng = stream('notes');
    const worked: number[] = [];
    for (let i = 0; i < A; i++) if (act.user[i] !== -1) worked.push(i);
    const nActivity = Math.min(worked.length, scaled(activityNotesAtScale1, input.scale));
    const nCase = Math.min(C, scaled(caseNotesAtScale1, input.scale));
    const onActivities = rng.shuffle(worked).slice(0, nActivity);
    const onCases = rng.shuffle(Array.from({ length: C }, (_, j) => j)).slice(0, nCase);
    const list: { activity: number; case: number; created: number; author: number; content: string }[] = [];
    // A note is written between its parent's creation and its last change, by the activity's user or the case owner.
    for (const i of onActivities) {
      list.push({ activity: i, case: -1, created: act.created[i]! + Math.floor(rng.float() * (act.lastModified[i]! - act.created[i]!)), author: act.user[i]!, content: noteText(rng) });
    }
    for (const j of onCases) {
      const d = customers.department[caseCustomer[j]!]!;
      const author = cases.owner[j] !== -1 ? cases.owner[j]! : agentOffset[d]! + rng.int(input.agents[d]!);
      list.push({ activity: -1, case: j, created: cases.created[j]! + Math.floor(rng.float() * (cases.lastModified[j]! - cases.created[j]!)), author, content: noteText(rng) });
    }
    list.sort((a, b) => a.created - b.created || a.activity - b.activity || a.case - b.case);
    for (const n of list) {
      notes.activity.push(n.activity);
      notes.case.push(n.case);
      notes.created.push(n.created);
      notes.author.push(n.author);
      notes.content.push(n.content);
    }
  }

  let completed = 0;
  for (let i = 0; i < A; i++) if (act.status[i] === STATUS.completed) completed++;
  return {
    caseCount: C,
    activityCount: A,
    cases,
    activities: act,
    chats,
    notes: {
      activity: Int32Array.from(notes.activity),
      case: Int32Array.from(notes.case),
      created: Float64Array.from(notes.created),
      author: Int32Array.from(notes.author),
      content: notes.content,
    },
    benchAssigned,
    counts: { emails: nEmail, chats: nChat, calltracks: nCall, completed, assigned: emailStatus[1]!, waiting: emailStatus[2]!, openCases },
  };
}

/**
 * The messages of one completed chat (§2.5): 6–60 (median 18); first the system line announcing the agent, then
 * customer and agent lines; in 5 % of chats a second agent takes over part-way (a transfer and a new assignment line).
 */
function chatScript(rng: Rng, activity: number): ChatScript {
  const n = Math.min(P.chatMessagesMax, Math.max(P.chatMessagesMin, Math.round(logNormal(rng, P.chatMessagesMedian, 36))));
  const transfer = rng.chance(P.chatSecondAgent) && n >= 8 ? rng.between(4, n - 3) : -1;
  const script: ChatScript = { activity, at: [], sender: [], agent: [], text: [], users: [-1, -1] };
  let t = 2000 + rng.int(120_000); // the wait before an agent takes the chat
  let agent = 1;
  let customerTurn = true;
  for (let k = 0; k < n; k++) {
    if (k === 0 || k === transfer || k === transfer + 1) {
      const event = k === transfer ? 'transferred' : 'assigned';
      if (k === transfer + 1) agent = 2;
      script.at.push(t);
      script.sender.push('s');
      script.agent.push(k === transfer || k === transfer + 1 ? 2 : 1);
      script.text.push(event);
      t += 1000 + rng.int(5000);
      continue;
    }
    script.at.push(t);
    script.sender.push(customerTurn ? 'c' : 'a');
    script.agent.push(customerTurn ? 0 : agent);
    script.text.push(sentence(rng, 3, 24));
    t += 5000 + rng.int(80_000);
    customerTurn = rng.chance(0.3) ? customerTurn : !customerTurn;
  }
  return script;
}
