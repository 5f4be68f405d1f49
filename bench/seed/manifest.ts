// bench-manifest.json (10 §2.2): what the load generator needs to pick its targets (10 §3.3). Each seeding step
// fills its own section; later steps (cases, activities, knowledge) add theirs.
//
// Large lists are stored as columns (parallel arrays), not as arrays of objects, to keep the file small: at scale 1.0
// the customer section holds five arrays of 51,770 values.
import { writeFile } from 'node:fs/promises';

export const manifestFormat = 'ece-bench-manifest/1';

export type ManifestDepartment = { id: string; name: string };
export type ManifestUser = { id: string; loginId: string; department: string };

/** The customers of one department, column-wise: entry k of every array belongs to the same customer. */
export type ManifestCustomerColumns = {
  id: number[];
  contactPersonId: number[];
  /** The customer's first email contact point (every customer has one). */
  emailContactPointId: number[];
  email: string[];
  externalId: string[];
};

export type ManifestCustomers = {
  count: number;
  /** Ids were given in creation order: the newest 10 % ("hot", 10 §3.2) are the ids ≥ `hotFromId`. */
  hotFromId: number | null;
  /** Customers per loyalty_tier value; `platinum` is what `custom.loyalty_tier=platinum` pages through. */
  loyaltyTiers: Record<string, number>;
  platinumCount: number;
  logins: number;
  byDepartment: Record<string, ManifestCustomerColumns>;
};

/** Queues of one department (ids): email queues (busiest first), chat queues, and the chat entry points. */
export type ManifestQueues = {
  email: number[];
  chat: number[];
  entryPoints: { id: number; name: string; queueId: number }[];
};

/** Inclusive id ranges `[from, to]`. */
export type IdRanges = [number, number][];

export type ManifestCases = {
  count: number;
  /** Ids are consecutive from `firstId` in creation order; the newest 10 % ("hot") are `hotFromId`..`lastId`. */
  firstId: number;
  lastId: number;
  hotFromId: number;
  /** Open-case pool (10 §3.3): every open case. */
  open: number[];
  /** Close pool: open cases all of whose open activities are emails waiting in a queue or assigned. */
  close: number[];
  withNotes: number[];
};

export type ManifestActivities = {
  count: number;
  firstId: number;
  lastId: number;
  /** Ids ascend with creation time. The newest 10 % of the emails ("hot"), as ranges of consecutive email ids. */
  hotEmailRanges: IdRanges;
  chat: number[];
  calltrack: number[];
  /** Queue pool: `awaiting_assignment` emails (all of them, or a random subset of `queuePoolCap`). */
  queuePool: number[];
  queuePoolCap: number;
  /** Assigned pool: per benchmark user (login id), the emails assigned to it. */
  assigned: Record<string, number[]>;
  /** Pair pool: open activity `activity[k]` of open case `caseA[k]`; `caseB[k]` another open case of the same customer. */
  pairs: { activity: number[]; caseA: number[]; caseB: number[] };
  withNotes: number[];
  /** Filled by the email content step: every email with attachments; up to 20,000 hot emails without. */
  emailsWithAttachments: number[];
  emailsWithoutAttachments: number[];
};

/** The knowledge base (the knowledge step, 10 §2.8) for the article APIs of 10 §3.2 (30, 31). */
export type ManifestKnowledge = {
  articles: number;
  /** Article ids are consecutive in creation order: API 30 picks 20 % uniformly from firstArticleId..lastArticleId. */
  firstArticleId: number;
  lastArticleId: number;
  /** The language of every seeded article (`$lang` of list calls). */
  language: string;
  /** The most-read 20 % (published articles): 80 % of API 30's picks. */
  mostRead: number[];
  folders: number;
  topics: number;
  /** Time the knowledge step took. */
  seedSeconds: number;
};

/** An email alias (the email content step): `address` is what Post Inbound sends as `receiver` (10 §3.2, API 11). */
export type ManifestAlias = { id: number; address: string; queueId: number };

/** The email content step (10 §2.5, §2.6, §2.10). */
export type ManifestEmail = {
  attachments: number;
  emailsWithAttachments: number;
  /** Up to 20,000 attachments (id and its activity) for "Get Attachment Details" (10 §3.2, API 9). */
  attachmentSample: { activity: number[]; id: number[] };
  workflows: { inbound: number[]; outbound: number[]; alarm: number[] };
  /** Time the email step took. */
  seedSeconds: number;
};

export interface Manifest {
  format: typeof manifestFormat;
  /** The reference instant T (ISO). */
  T: string;
  seed: number;
  scale: number;
  /** The span of the data: the 36 months before T. */
  dataSpan: { from: string; to: string };
  seededAt: string;
  seedSeconds?: number;
  counts: Record<string, number>;
  departments?: ManifestDepartment[];
  users?: {
    /** Environment variable holding the benchmark users' password (default Bench-Pass-2024). */
    passwordEnv: string;
    bench: ManifestUser[];
  };
  customAttributeDefinitions?: { id: string; objectType: string; name: string }[];
  customers?: ManifestCustomers;
  /** By department name. */
  queues?: Record<string, ManifestQueues>;
  cases?: ManifestCases;
  activities?: ManifestActivities;
  /** Knowledge folders holding articles (the knowledge step), for List Articles in Folder (10 §3.2 #31). */
  folders?: number[];
  knowledge?: ManifestKnowledge;
  /** Email aliases by department name (the email content step). */
  aliases?: Record<string, ManifestAlias[]>;
  email?: ManifestEmail;
}

const isPrimitive = (v: unknown) => v === null || typeof v !== 'object';

/** JSON with objects indented and arrays of values on one line: readable at the top, compact in the bulk. */
export function formatManifest(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every(isPrimitive)) return JSON.stringify(value);
    return `[\n${value.map((v) => inner + JSON.stringify(v)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatManifest(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await writeFile(file, `${formatManifest(manifest)}\n`);
}
