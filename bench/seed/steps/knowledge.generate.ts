// The knowledge base of 10 §2.8, generated without a database: the same seed, scale, T and inputs always give the
// same plan (typed arrays, ids assigned by knowledge.ts), and the same texts (drawn per article from a stream of
// its own, so a batch can make its texts when it is written: at scale 1.0 the content alone is about 650 MB).
//
// How it is made:
// 1. folders: 600 × scale (at least one per department), split by the departments' article shares; 8–20 root
//    folders per department, the others hung under earlier folders down to 4 levels;
// 2. articles: 98,631 × scale in en-us, by department 40/15/15/20/10 %; a heavy-tailed weight per folder
//    (log-normal, median 60 articles, about 5,000 for the largest at scale 1.0) spreads them over the folders;
//    creation times follow the shape of §2.3 and ids follow creation;
// 3. states (exact counts): published 95 %, never published (draft) 3 %, expired 2 %; 12 % of the articles also
//    have 1–4 archived versions, 3 % a checked-out working copy (locked by an agent of the department);
// 4. topics: 250 × scale in one tree per department, 70 % of the articles linked to 1–3 of their department's;
// 5. attachments: 16,210 × scale articles with 1–5 files (mean about 1.3) of the shared pool (content-pool.ts),
//    sizes median 150 KB, p90 2 MB, max 10 MB; notes on 5 % of the articles; exactly 10 % of the articles use one of
//    their department's macros (10 §2.1, Macro row; email.generate.ts departmentMacros): the content holds the raw
//    reference ``name, which K1 expands on read with expandMacros=yes (06 §5, 07 §11; stored content unchanged).
import { words } from '../lists.ts';
import { apportion, assignCategories, chooseExactly, Rng } from '../random.ts';
import { dataSpanMonths, scaled } from '../reference.ts';
import { Timeline } from '../timeline.ts';
import { logNormal, poolKindShares, type ContentPool, type PoolKind } from './content-pool.ts';
import { departmentMacros } from './email.generate.ts';
import { folderNames, kbFiller, kbIssues, kbObjects, kbVerbs, noteLines, topicNames } from './knowledge.vocabulary.ts';

export const knowledgeAtScale1 = {
  articles: 98_631,
  folders: 600,
  topics: 250,
  articlesWithAttachments: 16_210,
} as const;

export const knowledgeProfile = {
  /** By department (order of departmentProfiles): Service, Sales, Billing, Support, Claims. */
  departmentShares: [40, 15, 15, 20, 10] as const,
  rootFolders: [8, 20] as const,
  maxFolderDepth: 4,
  articlesPerFolderMedian: 60,
  articlesPerFolderMax: 5000,
  /** published, draft (never published), expired. */
  states: [95, 3, 2] as const,
  withOlderVersions: 0.12,
  /** Older (archived) versions: 1, 2, 3, 4. */
  olderVersions: [50, 25, 15, 10] as const,
  checkedOut: 0.03,
  withTopics: 0.7,
  /** Topic links per linked article: 1, 2, 3. */
  topicsPerArticle: [60, 30, 10] as const,
  /** Attachments per article that has any: 1–5 (mean 1.3). */
  attachmentsPerArticle: [80, 13, 4.5, 1.5, 1] as const,
  withNotes: 0.05,
  withMacro: 0.1,
  mostRead: 0.2,
  /** Published articles whose expiration date lies in the future. */
  expiringLater: 0.1,
  contentMedian: 3_000,
  contentP90: 15_000,
  contentMax: 200_000,
} as const;

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const STATE = { published: 0, draft: 1, expired: 2 } as const;

export type KnowledgeInput = {
  seed: number;
  scale: number;
  now: Date;
  /** Agents per department. */
  agents: readonly number[];
  /** Allowed article type indexes per department (0 = the global default `General`). */
  articleTypes: readonly (readonly number[])[];
  pool: ContentPool;
};

export type KnowledgePlan = {
  folders: { count: number; department: Uint8Array; parent: Int32Array; depth: Uint8Array; name: string[]; description: (string | null)[]; createdBy: Int32Array };
  topics: { count: number; department: Uint8Array; parent: Int32Array; name: string[]; description: (string | null)[]; createdBy: Int32Array };
  articles: {
    count: number;
    department: Uint8Array;
    folder: Uint32Array;
    type: Uint8Array;
    created: Float64Array;
    /** Agent index in the department. */
    author: Int32Array;
    state: Uint8Array;
    /** Archived versions before the current one. */
    older: Uint8Array;
    /** -1, or the agent index holding the lock (a transient version on top). */
    lockedBy: Int32Array;
    mostRead: Uint8Array;
    /** -1, or the index (into `departmentMacros`) of the department macro the article's content references. */
    macro: Int16Array;
    /** Topic links: topic indexes of article i are topicIndex[topicStart[i] .. topicStart[i+1]). */
    topicStart: Uint32Array;
    topicIndex: Uint32Array;
  };
  attachments: { count: number; article: Uint32Array; file: Uint32Array; name: string[]; created: Float64Array };
  notes: { count: number; article: Uint32Array; author: Int32Array; content: string[]; created: Float64Array };
  versionCount: number;
};

/** The versions of one article, oldest first (the transient copy, if any, last). */
export type VersionPlan = { state: 'archived' | 'draft' | 'published' | 'transient'; created: number; lastModified: number; reviewStage: string | null; expirationDate: number | null; availabilityDate: number | null };

/** Zipf-like cumulative weights 1/(r+1)^s. */
function cumulative(n: number, s: number): Float64Array {
  const c = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) c[r] = sum += 1 / (r + 1) ** s;
  return c;
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

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Placeholders of the shared sentences for the subject of the article they end up in. */
const OBJECT = '\ue001';
const VERB = '\ue002';
const PRODUCT = '\ue003';
const PLACEHOLDERS = /[\ue001-\ue003]/g;

/** Sibling names unique case-insensitively: a repeated name gets a number. */
function uniqueName(taken: Set<string>, name: string): string {
  let out = name;
  for (let k = 2; taken.has(out.toLowerCase()); k++) out = `${name} ${k}`;
  taken.add(out.toLowerCase());
  return out;
}

/** Trees of `count` nodes over departments with `roots[d]` roots each; parents come before children. */
function trees(rng: Rng, perDepartment: readonly number[], roots: readonly number[], maxDepth: number, names: readonly string[]) {
  const department: number[] = [];
  const parent: number[] = [];
  const depth: number[] = [];
  const name: string[] = [];
  perDepartment.forEach((n, d) => {
    const first = department.length;
    const siblings = new Map<number, Set<string>>();
    const add = (p: number) => {
      const taken = siblings.get(p) ?? new Set<string>();
      siblings.set(p, taken);
      department.push(d);
      parent.push(p);
      depth.push(p < 0 ? 1 : depth[p]! + 1);
      name.push(uniqueName(taken, rng.pick(names)));
    };
    for (let k = 0; k < roots[d]!; k++) add(-1);
    while (department.length - first < n) {
      // Earlier nodes of the department that may take a child; the newer ones a little more often.
      const k = first + Math.floor((department.length - first) * Math.sqrt(rng.float()));
      if (depth[k]! < maxDepth) add(k);
    }
  });
  return { department, parent, depth, name };
}

export function generateKnowledge(input: KnowledgeInput): KnowledgePlan {
  const { seed, scale, now } = input;
  const P = knowledgeProfile;
  const T = now.getTime();
  const stream = (name: string) => Rng.stream(seed, `knowledge.${name}`);
  const departments = P.departmentShares.length;
  const N = scaled(knowledgeAtScale1.articles, scale);
  const articlesPer = apportion(N, P.departmentShares);

  // ---- 1. folders ----------------------------------------------------------------------------------------------
  const F = Math.max(departments, scaled(knowledgeAtScale1.folders, scale));
  const foldersPer = apportion(F - departments, P.departmentShares).map((n) => n + 1);
  const frng = stream('folders');
  const rootsPer = foldersPer.map((n) => Math.min(n, frng.between(P.rootFolders[0], P.rootFolders[1])));
  const ft = trees(frng, foldersPer, rootsPer, P.maxFolderDepth, folderNames);
  const folders = {
    count: F,
    department: Uint8Array.from(ft.department),
    parent: Int32Array.from(ft.parent),
    depth: Uint8Array.from(ft.depth),
    name: ft.name,
    description: ft.name.map((n) => (frng.chance(0.6) ? `${n}: articles for agents and customers` : null)),
    createdBy: Int32Array.from(ft.department, (d) => frng.int(input.agents[d]!)),
  };

  // ---- 2. articles per folder (heavy-tailed), departments, creation --------------------------------------------
  const folderOf = new Uint32Array(N);
  {
    const rng = stream('articles per folder');
    // σ such that the mean is N/F at scale 1 (median 60, mean 164): the largest of 600 draws is about 5,000.
    const sigma = Math.sqrt(2 * Math.log(knowledgeAtScale1.articles / knowledgeAtScale1.folders / P.articlesPerFolderMedian));
    const cap = Math.max(P.articlesPerFolderMax * scale, 1);
    const slots: number[] = [];
    let f0 = 0;
    for (let d = 0; d < departments; d++) {
      const fs = Array.from({ length: foldersPer[d]! }, (_, k) => f0 + k);
      const weights = fs.map(() => {
        const u = 1 - rng.float();
        const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
        return Math.exp(sigma * z);
      });
      const counts = apportion(articlesPer[d]!, weights);
      // The cap (5,000 at scale 1.0, scaled): the excess goes to the smallest folders.
      const limit = Math.max(cap, Math.ceil(articlesPer[d]! / fs.length));
      let excess = 0;
      counts.forEach((c, k) => {
        if (c > limit) {
          excess += c - limit;
          counts[k] = limit;
        }
      });
      while (excess > 0) {
        const k = counts.indexOf(Math.min(...counts));
        counts[k]!++;
        excess--;
      }
      counts.forEach((c, k) => {
        for (let i = 0; i < c; i++) slots.push(fs[k]!);
      });
      f0 += fs.length;
    }
    rng.shuffle(slots);
    slots.forEach((f, i) => (folderOf[i] = f));
  }
  const timeline = new Timeline(now, dataSpanMonths);
  const created = timeline.sampleSorted(stream('created'), N);
  const department = Uint8Array.from(folderOf, (f) => folders.department[f]!);
  const arng = stream('articles');
  const type = Uint8Array.from(department, (d) => {
    const allowed = input.articleTypes[d]!;
    return allowed.length > 1 && !arng.chance(0.5) ? allowed[1 + arng.int(allowed.length - 1)]! : allowed[0]!;
  });
  const author = Int32Array.from(department, (d) => arng.int(input.agents[d]!));

  // ---- 3. states and versions ----------------------------------------------------------------------------------
  const state = assignCategories(stream('states'), N, P.states);
  const published: number[] = [];
  for (let i = 0; i < N; i++) if (state[i] !== STATE.draft) published.push(i);
  const older = new Uint8Array(N);
  {
    const rng = stream('older versions');
    const chosen = chooseExactly(rng, published.length, Math.min(1, Math.round(N * P.withOlderVersions) / Math.max(1, published.length)));
    chosen.forEach((c, k) => {
      if (c) older[published[k]!] = 1 + rng.weighted(P.olderVersions);
    });
  }
  const lockedBy = new Int32Array(N).fill(-1);
  const mostRead = new Uint8Array(N);
  {
    const rng = stream('checked out');
    const live = published.filter((i) => state[i] === STATE.published);
    chooseExactly(rng, live.length, Math.min(1, Math.round(N * P.checkedOut) / Math.max(1, live.length))).forEach((c, k) => {
      if (c) lockedBy[live[k]!] = rng.int(input.agents[department[live[k]!]!]!);
    });
    chooseExactly(stream('most read'), published.length, Math.min(1, Math.round(N * P.mostRead) / Math.max(1, published.length))).forEach((c, k) => {
      if (c) mostRead[published[k]!] = 1;
    });
  }
  let versionCount = 0;
  for (let i = 0; i < N; i++) versionCount += 1 + older[i]! + (lockedBy[i]! >= 0 ? 1 : 0);

  // ---- 4. topics -----------------------------------------------------------------------------------------------
  const TP = Math.max(departments, scaled(knowledgeAtScale1.topics, scale));
  const topicsPer = apportion(TP - departments, P.departmentShares).map((n) => n + 1);
  const trng = stream('topics');
  const tt = trees(trng, topicsPer, topicsPer.map(() => 1), 3, topicNames);
  const topics = {
    count: TP,
    department: Uint8Array.from(tt.department),
    parent: Int32Array.from(tt.parent),
    name: tt.name,
    description: tt.name.map((n) => (trng.chance(0.5) ? `${n} questions` : null)),
    createdBy: Int32Array.from(tt.department, (d) => trng.int(input.agents[d]!)),
  };
  const topicsOf: number[][] = Array.from({ length: departments }, () => []);
  tt.department.forEach((d, k) => topicsOf[d]!.push(k));
  const topicStart = new Uint32Array(N + 1);
  const topicIndex: number[] = [];
  {
    const rng = stream('topic links');
    const linked = chooseExactly(rng, N, P.withTopics);
    for (let i = 0; i < N; i++) {
      topicStart[i] = topicIndex.length;
      if (!linked[i]) continue;
      const own = topicsOf[department[i]!]!;
      const n = Math.min(own.length, 1 + rng.weighted(P.topicsPerArticle));
      const picked = new Set<number>();
      while (picked.size < n) picked.add(own[rng.int(own.length)]!);
      topicIndex.push(...[...picked].sort((a, b) => a - b));
    }
    topicStart[N] = topicIndex.length;
  }

  // ---- 5. attachments and notes --------------------------------------------------------------------------------
  const att = { article: [] as number[], file: [] as number[], name: [] as string[], created: [] as number[] };
  {
    const rng = stream('attachments');
    const withFiles = chooseExactly(rng, N, Math.min(1, scaled(knowledgeAtScale1.articlesWithAttachments, scale) / Math.max(1, N)));
    const kinds = poolKindShares.map(([k]) => k);
    const kindWeights = poolKindShares.map(([, w]) => w);
    for (let i = 0; i < N; i++) {
      if (!withFiles[i]) continue;
      const n = 1 + rng.weighted(P.attachmentsPerArticle);
      for (let k = 0; k < n; k++) {
        const kind: PoolKind = kinds[rng.weighted(kindWeights)]!;
        const target = Math.min(10 * 1024 * 1024, logNormal(rng, 150_000, 2_000_000));
        const file = input.pool.pick(rng, kind, target);
        att.article.push(i);
        att.file.push(file.index);
        att.name.push(`${capitalise(rng.pick(kbObjects))} ${rng.pick(['guide', 'form', 'checklist', 'overview', 'instructions', 'sheet', 'example', 'terms'])}`);
        att.created.push(Math.min(T - 1, created[i]! + rng.int(2 * HOUR)));
      }
    }
  }
  const notes = { article: [] as number[], author: [] as number[], content: [] as string[], created: [] as number[] };
  {
    const rng = stream('notes');
    const withNotes = chooseExactly(rng, N, P.withNotes);
    for (let i = 0; i < N; i++) {
      if (!withNotes[i]) continue;
      const n = 1 + rng.int(3);
      for (let k = 0; k < n; k++) {
        notes.article.push(i);
        notes.author.push(rng.int(input.agents[department[i]!]!));
        notes.content.push(rng.pick(noteLines));
        notes.created.push(created[i]! + Math.floor((T - 1 - created[i]!) * rng.float()));
      }
    }
  }

  // Macros: exactly 10 % of the articles reference one of their department's macros.
  const macro = new Int16Array(N).fill(-1);
  {
    const rng = stream('macros');
    const macros = departmentMacros(seed);
    const ofDepartment = Array.from({ length: departments }, (_, d) => macros.flatMap((m, k) => (m.department === d ? [k] : [])));
    const withMacro = chooseExactly(rng, N, P.withMacro);
    for (let i = 0; i < N; i++) {
      const list = ofDepartment[department[i]!]!;
      if (withMacro[i] && list.length) macro[i] = list[rng.int(list.length)]!;
    }
  }

  return {
    folders,
    topics,
    articles: {
      count: N,
      department,
      folder: folderOf,
      type,
      created,
      author,
      state,
      older,
      lockedBy,
      mostRead,
      macro,
      topicStart,
      topicIndex: Uint32Array.from(topicIndex),
    },
    attachments: { count: att.article.length, article: Uint32Array.from(att.article), file: Uint32Array.from(att.file), name: att.name, created: Float64Array.from(att.created) },
    notes: { count: notes.article.length, article: Uint32Array.from(notes.article), author: Int32Array.from(notes.author), content: notes.content, created: Float64Array.from(notes.created) },
    versionCount,
  };
}

// ---- versions ----------------------------------------------------------------------------------------------------

/**
 * The versions of article `i` (06 §4.1): archived ones, then the published (or, never published, the draft) one, then
 * the checked-out working copy; created/lastModified strictly increasing (06 §4.3), all before T.
 */
export function versionsOf(plan: KnowledgePlan, i: number, seed: number, now: Date): VersionPlan[] {
  const a = plan.articles;
  const rng = Rng.stream(seed, `knowledge.versions.${i}`);
  const T = now.getTime();
  const t0 = a.created[i]!;
  const locked = a.lockedBy[i]! >= 0;
  const n = 1 + a.older[i]! + (locked ? 1 : 0);
  // Creation instants: the first at the article's creation, the others later, sorted; the working copy recent.
  const times = [t0];
  for (let k = 1; k < n; k++) times.push(t0 + Math.floor((T - 1 - t0) * rng.float() ** 0.7));
  times.sort((x, y) => x - y);
  if (locked) times[n - 1] = Math.max(times[n - 1]!, T - rng.int(30 * DAY));
  const out: VersionPlan[] = [];
  let last = t0 - 1;
  for (let k = 0; k < n; k++) {
    const created = Math.max(times[k]!, last + 1);
    const next = k + 1 < n ? Math.max(times[k + 1]!, created + 2) : T;
    const lastModified = Math.min(created + rng.int(2 * HOUR), Math.max(created, next - 1), T - 1);
    last = Math.max(created, lastModified);
    const current = k === a.older[i]!;
    const st = !current ? (k < a.older[i]! ? 'archived' : 'transient') : a.state[i] === STATE.draft ? 'draft' : 'published';
    let expirationDate: number | null = null;
    if (current && a.state[i] === STATE.expired) expirationDate = lastModified + Math.floor((T - lastModified) * (0.1 + 0.8 * rng.float()));
    else if (current && st === 'published' && rng.chance(knowledgeProfile.expiringLater)) expirationDate = T + (30 + rng.int(335)) * DAY;
    out.push({
      state: st,
      created,
      lastModified: last,
      reviewStage: st === 'draft' ? rng.pickWeighted([['authoring', 60], ['review', 30], ['approved', 10]] as const) : null,
      expirationDate,
      availabilityDate: current && st === 'published' && rng.chance(0.2) ? created : null,
    });
  }
  // The working copy starts as a copy of the current version's dates.
  if (locked) {
    const cur = out[n - 2]!;
    out[n - 1] = { ...out[n - 1]!, expirationDate: cur.expirationDate, availabilityDate: cur.availabilityDate };
  }
  return out;
}

// ---- texts ---------------------------------------------------------------------------------------------------------

export type ArticleText = { name: string; keywords: string; summary: string; description: string | null; content: string; olderContent: (k: number) => string };

/** Lines of built-in macros (05 §9.5; in knowledge only those that need no activity apply, 07 §11). */
const builtinLines = [
  '<p>Written by ``agent_name for the ``department_name team.</p>',
  '<p>Valid as of ``current_date. Questions? Contact ``department_name.</p>',
  '<p>Kind regards, ``agent_first_name ``agent_last_name</p>',
] as const;

/** Sentences and paragraphs shared by every article body (made once per seed). */
export class KnowledgeTexts {
  private readonly fillerWeights = cumulative(kbFiller.length, 1);
  /** Product names: the generated words of lists.ts, Zipf-distributed, so that some are common and most rare. */
  private readonly products = words.slice(32).map(capitalise);
  private readonly productWeights = cumulative(this.products.length, 1.05);
  private readonly paragraphs: string[] = [];
  private readonly sentences: string[] = [];
  /** Names of the department macros (email.generate.ts departmentMacros), indexed as `plan.articles.macro`. */
  private readonly macroNames: string[];

  constructor(readonly seed: number) {
    this.macroNames = departmentMacros(seed).map((m) => m.name);
    const rng = Rng.stream(seed, 'knowledge.paragraphs');
    for (let k = 0; k < 6000; k++) this.sentences.push(this.sentence(rng));
    for (let k = 0; k < 3000; k++) {
      const n = 2 + rng.int(5);
      const parts: string[] = [];
      for (let s = 0; s < n; s++) parts.push(rng.pick(this.sentences));
      let p = parts.join(' ');
      // Some inline markup, as authors write it.
      if (rng.chance(0.2)) p = p.replace(/ (\w{5,}) /, ' <b>$1</b> ');
      if (rng.chance(0.1)) p = p.replace(/ (\w{6,}) /, ' <i>$1</i> ');
      if (rng.chance(0.05)) p += ` See <a href="https://support.example.com/kb/${rng.int(100_000)}">the help centre</a>.`;
      this.paragraphs.push(p);
    }
  }

  /**
   * Bodies are topical: the shared sentences hold placeholders for the article's own subject (object, verb,
   * product), filled per article, and only now and then another subject. So a subject word matches the articles
   * about it and a few others (a few per cent of the corpus), as in a real knowledge base, while everyday words
   * ("customer", "service") match nearly every article.
   */
  private word(rng: Rng): string {
    const r = rng.float();
    if (r < 0.05) return OBJECT;
    if (r < 0.075) return VERB;
    if (r < 0.08) return PRODUCT;
    if (r < 0.084) return rng.pick(kbObjects);
    return kbFiller[pickCumulative(rng, this.fillerWeights)]!;
  }

  private sentence(rng: Rng): string {
    const n = 6 + rng.int(11);
    const ws: string[] = [];
    for (let k = 0; k < n; k++) ws.push(this.word(rng));
    return `${capitalise(ws.join(' '))}${rng.pick(['.', '.', '.', '.', '?', '!'])}`;
  }

  product(rng: Rng): string {
    return this.products[pickCumulative(rng, this.productWeights)]!;
  }

  /** The texts of article `i` of `plan`. */
  article(plan: KnowledgePlan, i: number, departmentName: string): ArticleText {
    const rng = Rng.stream(this.seed, `knowledge.text.${i}`);
    const [verb, gerund] = rng.pick(kbVerbs);
    const object = rng.pick(kbObjects);
    const product = this.product(rng);
    const issue = rng.pick(kbIssues);
    let name = rng.pickWeighted([
      [`How to ${verb} your ${object}`, 25],
      [`${gerund} the ${object}`, 25],
      [`${capitalise(object)} ${issue}`, 15],
      [`Troubleshooting ${object} ${issue}`, 10],
      [`${capitalise(object)} policy`, 8],
      [`${capitalise(object)}: frequently asked questions`, 7],
      [`About the ${object}`, 10],
    ] as const);
    if (rng.chance(0.4)) name += ` on ${product}`;
    const keywords = new Set<string>([verb, ...object.toLowerCase().split(' ')]);
    const wanted = 3 + rng.int(10);
    if (rng.chance(0.6)) keywords.add(product.toLowerCase());
    while (keywords.size < wanted) keywords.add(rng.chance(0.5) ? rng.pick(kbObjects).toLowerCase() : rng.pick(kbVerbs)[0]);
    const kw = [...keywords].slice(0, wanted);

    const fill = (text: string) => text.replace(PLACEHOLDERS, (c) => (c === OBJECT ? object : c === VERB ? verb : product));
    let summary = `This article explains how to ${verb} your ${object}${rng.chance(0.5) ? ` on ${product}` : ''}.`;
    const summaryTarget = 80 + rng.int(221);
    while (summary.length < summaryTarget) summary += ` ${fill(rng.pick(this.sentences))}`;
    if (summary.length > 300) summary = `${summary.slice(0, 299).replace(/\s+\S*$/, '')}.`;
    if (summary.length < 80) summary = `${summary} Read the steps below before you contact the ${departmentName} team.`;
    const description = rng.chance(0.6) ? `${gerund} the ${object} when customers report ${issue}.` : null;

    // Body: a heading, an introduction naming the subject, then paragraphs, lists and sub-headings to the size; the
    // articles that use a macro end with a paragraph referencing it and a line of built-in macros (expanded on read).
    // The content never passes contentMax (10 §2.8: max 200 KB): a block that would is left out.
    const macro = plan.articles.macro[i]!;
    const macroBlock = macro >= 0 ? '<p>``' + this.macroNames[macro]! + '</p>' : null;
    const tailRoom = macroBlock === null ? 0 : macroBlock.length + 1 + Math.max(...builtinLines.map((l) => l.length)) + 1;
    const target = Math.round(Math.min(knowledgeProfile.contentMax, Math.max(400, logNormal(rng, knowledgeProfile.contentMedian, knowledgeProfile.contentP90))));
    const blocks: string[] = [`<h2>${name}</h2>`, fill(`<p>Customers ask us how to ${verb} their ${object}${rng.chance(0.5) ? ` on ${product}` : ''}. ${rng.pick(this.paragraphs)}</p>`)];
    let size = blocks[0]!.length + blocks[1]!.length;
    while (size < target) {
      const r = rng.float();
      let block: string;
      if (r < 0.75) block = `<p>${rng.pick(this.paragraphs)}</p>`;
      else if (r < 0.87) {
        const list = rng.chance(0.5) ? 'ol' : 'ul';
        const n = 3 + rng.int(4);
        const items: string[] = [];
        for (let k = 0; k < n; k++) items.push(`<li>${rng.pick(this.sentences)}</li>`);
        block = `<${list}>${items.join('')}</${list}>`;
      } else block = `<h3>${capitalise(rng.pick(kbObjects))} ${rng.pick(['steps', 'details', 'before you start', 'notes', 'limits', 'costs'])}</h3>`;
      block = fill(block);
      // Joined with '\n': the content would be size + block + one separator per block, plus the macro paragraphs.
      if (size + block.length + blocks.length + tailRoom > knowledgeProfile.contentMax) break;
      blocks.push(block);
      size += block.length;
    }
    if (macroBlock !== null) blocks.push(macroBlock, rng.pick(builtinLines));
    const content = blocks.join('\n');
    return {
      name: name.length > 255 ? name.slice(0, 255) : name,
      keywords: kw.join(', '),
      summary,
      description,
      content,
      // Older versions: the same article before its last blocks were written.
      olderContent: (k: number) => blocks.slice(0, Math.max(2, blocks.length - 1 - k)).join('\n'),
    };
  }
}
