// The email content of 10 §2.4–§2.6 and §2.10, generated without a database (email.ts writes it): the configuration
// objects (aliases, workflows, macros, standard messages) and, for every email activity of the interactions step,
// its alias, addresses, text and HTML bodies and attachments. Deterministic: the same seed, scale and interactions
// give the same content.
//
// Bodies are assembled from pre-generated fragments (a few hundred paragraphs, each with its text and its HTML form,
// about 2.5 × longer) instead of random text per email: an email is its greeting, fragments from a start index until
// the log-normal target size (§2.5: median 1.2 KB, p90 6 KB, max 64 KB) is reached, and a signature; a reply quotes
// the previous message of its case (its own body, not the quotes inside it), the text capped at 64 KB. Exactly 5 % of
// the outbound emails use one of the department's macros (§2.1, Macro row): the agent inserted it with
// `expandMacros=yes` (05 §9.5), so the body stores what was sent, the macro's text (a paragraph after the greeting).
import { words } from '../lists.ts';
import { apportion, assignCategories, chooseExactly, Rng } from '../random.ts';
import { departmentProfiles, scaled } from '../reference.ts';
import { logNormal, poolKindShares, poolKinds, type ContentPool, type PoolKind } from './content-pool.ts';
import { TYPE, type Interactions } from './interactions.generate.ts';

const KB = 1024;
/** §2.1: aliases per department (order of departmentProfiles). */
export const aliasesPerDepartment = [8, 5, 5, 4, 2] as const;
export const inboundWorkflowCount = 32;
export const alarmWorkflowCount = 7;
export const macroCount = 232;
/** §2.1 (Macro row): the share of the outbound emails that use a macro. */
export const outboundWithMacro = 0.05;
export const standardMessageCount = 51;
/** §2.6 at scale 1.0. */
export const attachmentsAtScale1 = 118_686;
export const emailsWithAttachmentsAtScale1 = 81_500;
/** §2.6: attachments per activity `[min, max, share %]`. */
const attachmentsPerEmail = [[1, 1, 75], [2, 2, 15], [3, 3, 6], [4, 10, 4]] as const;
export const maxTextBytes = 64 * KB;
export const maxHtmlBytes = Math.round(2.5 * 64 * KB);
/** Keywords of the inbound workflows: the support vocabulary at the head of the word list (subjects use it). */
const routingKeywords = words.slice(0, 32);

const two = (n: number) => String(n).padStart(2, '0');
const three = (n: number) => String(n).padStart(3, '0');
const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

// ---- configuration ---------------------------------------------------------------------------------------------------

export type AliasPlan = { department: number; slot: number; name: string; address: string; displayName: string };
export type InboundWorkflowPlan = {
  department: number;
  name: string;
  order: number;
  /** Alias slots of the department the workflow listens on. */
  aliases: number[];
  subjectKeywords?: string[];
  bodyKeywords?: string[];
  customerAttribute?: { name: string; values: string[] };
  /** Email queue index of the department (busiest first). */
  queue: number;
  priority?: number;
};
export type AlarmWorkflowPlan = { department: number; name: string; waitingMinutes: number; raisePriorityBy: number; priorityAtMost?: number };
export type MacroPlan = { department: number; name: string; description: string; value: string };
export type MessagePlan = { department: number; name: string; subject: string; text: string; html: string; keywords: string };

export type ConfigurationPlan = {
  aliases: AliasPlan[];
  inbound: InboundWorkflowPlan[];
  alarm: AlarmWorkflowPlan[];
  macros: MacroPlan[];
  messages: MessagePlan[];
};

const shares = departmentProfiles.map((d) => d.share);

function sentence(rng: Rng, min = 6, max = 16): string {
  const n = rng.between(min, max);
  const ws: string[] = [];
  for (let i = 0; i < n; i++) ws.push(rng.chance(0.4) ? rng.pick(routingKeywords) : rng.pick(words));
  return `${capital(ws.join(' '))}.`;
}

/** Aliases, workflows, macros and standard messages (configuration: not scaled, 10 §2.2). */
export function planConfiguration(seed: number, emailQueues: readonly number[]): ConfigurationPlan {
  const rng = Rng.stream(seed, 'email.configuration');
  const aliases: AliasPlan[] = [];
  departmentProfiles.forEach((d, dept) => {
    for (let s = 0; s < aliasesPerDepartment[dept]!; s++) {
      const local = `${d.name.toLowerCase()}.${two(s + 1)}`;
      aliases.push({ department: dept, slot: s, name: `${d.name} mailbox ${two(s + 1)}`, address: `${local}@mail.ece-bench.example`, displayName: `${d.name} team` });
    }
  });

  // Inbound: per department, conditional workflows (keywords on a few aliases, customer attributes), then a
  // catch-all on every alias of the department; all route to active email queues of the department.
  const inbound: InboundWorkflowPlan[] = [];
  apportion(inboundWorkflowCount, shares).forEach((count, dept) => {
    const name = departmentProfiles[dept]!.name;
    const nAliases = aliasesPerDepartment[dept]!;
    const all = Array.from({ length: nAliases }, (_, s) => s);
    const queues = emailQueues[dept]!;
    for (let k = 0; k < count - 1; k++) {
      const queue = (nAliases + k) % queues;
      const w: InboundWorkflowPlan = { department: dept, name: `${name} inbound ${two(k + 1)}`, order: k + 1, aliases: all, queue };
      switch (k % 3) {
        case 0:
          w.aliases = [k % nAliases];
          w.subjectKeywords = [routingKeywords[(dept * 7 + k) % routingKeywords.length]!, routingKeywords[(dept * 7 + k + 11) % routingKeywords.length]!];
          break;
        case 1:
          w.customerAttribute = { name: 'loyalty_tier', values: k % 2 ? ['platinum'] : ['gold', 'platinum'] };
          w.priority = 7;
          break;
        default:
          w.bodyKeywords = [routingKeywords[(dept * 5 + k) % routingKeywords.length]!];
      }
      inbound.push(w);
    }
    inbound.push({ department: dept, name: `${name} inbound default`, order: 100, aliases: all, queue: 0 });
  });

  const alarm: AlarmWorkflowPlan[] = [];
  apportion(alarmWorkflowCount, shares).forEach((count, dept) => {
    for (let k = 0; k < count; k++) {
      const waitingMinutes = [240, 1440, 4320][k % 3]!;
      alarm.push({ department: dept, name: `${departmentProfiles[dept]!.name} waiting ${waitingMinutes / 60} h`, waitingMinutes, raisePriorityBy: k + 1, priorityAtMost: 9 });
    }
  });

  const macros = planMacros(rng);

  const messages: MessagePlan[] = [];
  apportion(standardMessageCount, shares).forEach((count, dept) => {
    const d = departmentProfiles[dept]!.name;
    for (let k = 0; k < count; k++) {
      const topic = routingKeywords[(k * 3 + dept) % routingKeywords.length]!;
      const paragraphs = Array.from({ length: rng.between(2, 5) }, () => Array.from({ length: rng.between(2, 4) }, () => sentence(rng)).join(' '));
      messages.push({
        department: dept,
        name: `${d} ${capital(topic)} reply ${two(k + 1)}`,
        subject: `Your ${topic} request`,
        text: ['Dear customer,', ...paragraphs, `Kind regards,\n${d} team`].join('\n\n'),
        html: `<p>Dear customer,</p>${paragraphs.map((p) => `<p>${p}</p>`).join('')}<p>Kind regards,<br/>${d} team</p>`,
        keywords: [topic, routingKeywords[(k + 5) % routingKeywords.length]!, d.toLowerCase()].join(','),
      });
    }
  });
  return { aliases, inbound, alarm, macros, messages };
}

/** The department macros in the order they are written (the first draws of the configuration stream). */
function planMacros(rng: Rng): MacroPlan[] {
  const macros: MacroPlan[] = [];
  apportion(macroCount, shares).forEach((count, dept) => {
    const d = departmentProfiles[dept]!.name;
    for (let k = 0; k < count; k++) {
      const topic = routingKeywords[k % routingKeywords.length]!;
      const value = Array.from({ length: rng.between(1, 4) }, () => sentence(rng)).join(' ');
      macros.push({ department: dept, name: `${d.toLowerCase()}_${topic}_${three(k + 1)}`, description: `${d}: ${topic} snippet`, value });
    }
  });
  return macros;
}

/**
 * The 232 department macros of a seed, as `planConfiguration` makes them (names `<department>_<topic>_<nnn>`), for
 * the steps that use them: the email bodies and the knowledge articles (10 §2.1, Macro row).
 */
export function departmentMacros(seed: number): MacroPlan[] {
  return planMacros(Rng.stream(seed, 'email.configuration'));
}

// ---- body fragments ----------------------------------------------------------------------------------------------------

const FRAGMENTS = 509; // prime: a start index and a stride of 1 walk through all of them
const P_STYLE = 'margin:0 0 12px 0;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:20px;color:#222222;';
const S_STYLE = 'font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222222;mso-line-height-rule:exactly;';

export type Fragments = { text: string[]; html: string[]; textLength: Int32Array; htmlLength: Int32Array };

/** Paragraphs of 1–4 sentences; the HTML form wraps the paragraph and each sentence in styled elements (~2.5 ×). */
export function makeFragments(seed: number): Fragments {
  const rng = Rng.stream(seed, 'email.fragments');
  const text: string[] = [];
  const html: string[] = [];
  for (let k = 0; k < FRAGMENTS; k++) {
    const ss = Array.from({ length: rng.between(1, 4) }, () => sentence(rng, 5, 18));
    text.push(ss.join(' '));
    html.push(`<p style="${P_STYLE}">${ss.map((s) => `<span style="${S_STYLE}">${s}</span>`).join(' ')}</p>`);
  }
  return { text, html, textLength: Int32Array.from(text, (t) => t.length), htmlLength: Int32Array.from(html, (h) => h.length) };
}

// ---- per email ---------------------------------------------------------------------------------------------------------

export type EmailAttachmentPlan = {
  count: number;
  /** Activity index (ascending), pool file, 1 when inline (an image referenced by `cid:`), position within the activity. */
  activity: Uint32Array;
  file: Uint32Array;
  inline: Uint8Array;
  position: Uint8Array;
  /** Per activity: its first attachment (-1 none) and how many it has. */
  first: Int32Array;
  of: Uint8Array;
};

export type EmailPlan = {
  /** Email activity indexes (ascending). */
  emails: Uint32Array;
  /** Per case: the alias slot (within the case's department) its emails use. */
  caseAlias: Uint8Array;
  /** Per activity: the first fragment, the target text size, the previous email of its case (-1 none), cc count. */
  fragmentStart: Uint16Array;
  textTarget: Uint32Array;
  previous: Int32Array;
  cc: Uint8Array;
  /** Per activity: -1, or the index (into `departmentMacros`) of the department macro the outbound email uses. */
  macro: Int16Array;
  attachments: EmailAttachmentPlan;
  counts: { emails: number; attachments: number; emailsWithAttachments: number; inline: number; onInbound: number; withMacro: number };
};

/** Counts of 1, 2, 3, 4–10 attachments for `n` emails, adjusted to exactly `total` (10 §2.6). */
function attachmentCounts(rng: Rng, n: number, total: number): Uint8Array {
  const out = new Uint8Array(n);
  if (n === 0) return out;
  const cats = assignCategories(rng, n, attachmentsPerEmail.map(([, , s]) => s));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const [min, max] = attachmentsPerEmail[cats[i]!]!;
    sum += out[i] = rng.between(min, max);
  }
  const target = Math.min(Math.max(total, n), n * 10);
  while (sum > target) {
    const i = rng.int(n);
    if (out[i]! > 1) {
      out[i]!--;
      sum--;
    }
  }
  while (sum < target) {
    const i = rng.int(n);
    if (out[i]! > 1 && out[i]! < 10) {
      out[i]!++;
      sum++;
    } else if (rng.chance(0.02) && out[i]! < 10) {
      out[i]!++;
      sum++;
    }
  }
  return out;
}

function sample(rng: Rng, from: readonly number[], n: number): number[] {
  return rng.shuffle([...from]).slice(0, Math.min(n, from.length)).sort((a, b) => a - b);
}

export function planEmails(
  seed: number,
  scale: number,
  data: Interactions,
  caseDepartment: (j: number) => number,
  pool: ContentPool,
  macros: readonly MacroPlan[] = departmentMacros(seed),
): EmailPlan {
  const rng = Rng.stream(seed, 'email.content');
  const A = data.activityCount;
  const act = data.activities;
  const emailList: number[] = [];
  const inbound: number[] = [];
  const outbound: number[] = [];
  const fragmentStart = new Uint16Array(A);
  const textTarget = new Uint32Array(A);
  const previous = new Int32Array(A).fill(-1);
  const cc = new Uint8Array(A);
  const lastOfCase = new Int32Array(data.caseCount).fill(-1);
  for (let i = 0; i < A; i++) {
    if (act.type[i] !== TYPE.email) continue;
    emailList.push(i);
    (act.compose[i] ? outbound : inbound).push(i);
    fragmentStart[i] = rng.int(FRAGMENTS);
    textTarget[i] = Math.round(Math.min(maxTextBytes, Math.max(80, logNormal(rng, 1.2 * KB, 6 * KB))));
    cc[i] = rng.chance(0.1) ? rng.between(1, 3) : 0;
    const j = act.case[i]!;
    previous[i] = lastOfCase[j]!;
    lastOfCase[j] = i;
  }
  // An alias per case, the first ones of a department busier (weights 1/(slot+1)).
  const caseAlias = new Uint8Array(data.caseCount);
  for (let j = 0; j < data.caseCount; j++) {
    const n = aliasesPerDepartment[caseDepartment(j)]!;
    caseAlias[j] = rng.weighted(Array.from({ length: n }, (_, s) => 1 / (s + 1)));
  }

  // Attachments: 60 % of them on inbound emails, 40 % on outbound (10 §2.6); the emails with attachments split alike.
  const total = scaled(attachmentsAtScale1, scale);
  const withAttachments = Math.min(emailList.length, scaled(emailsWithAttachmentsAtScale1, scale));
  const [inTotal, outTotal] = apportion(total, [60, 40]) as [number, number];
  const [inWith, outWith] = apportion(withAttachments, [60, 40]) as [number, number];
  const chosenIn = sample(rng, inbound, inWith);
  const chosenOut = sample(rng, outbound, outWith);
  const countsIn = attachmentCounts(rng, chosenIn.length, inTotal);
  const countsOut = attachmentCounts(rng, chosenOut.length, outTotal);
  const of = new Uint8Array(A);
  chosenIn.forEach((i, k) => (of[i] = countsIn[k]!));
  chosenOut.forEach((i, k) => (of[i] = countsOut[k]!));
  let count = 0;
  for (let i = 0; i < A; i++) count += of[i]!;
  const first = new Int32Array(A).fill(-1);
  const activity = new Uint32Array(count);
  const position = new Uint8Array(count);
  for (let i = 0, at = 0; i < A; i++) {
    if (!of[i]) continue;
    first[i] = at;
    for (let k = 0; k < of[i]!; k++, at++) {
      activity[at] = i;
      position[at] = k;
    }
  }
  // Types: exact shares of §2.6; a quarter of all attachments are inline images (of the 40 % images).
  const kinds = assignCategories(rng, count, poolKindShares.map(([, w]) => w));
  const images: number[] = [];
  for (let k = 0; k < count; k++) if (['jpeg', 'png'].includes(poolKindShares[kinds[k]!]![0])) images.push(k);
  const inline = new Uint8Array(count);
  for (const k of sample(rng, images, Math.round(count * 0.25))) inline[k] = 1;
  const file = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    const kind: PoolKind = poolKindShares[kinds[k]!]![0];
    const target = inline[k] ? Math.min(200_000, logNormal(rng, 15_000, 60_000)) : Math.min(10 * KB * KB, logNormal(rng, 60_000, 800_000));
    file[k] = pool.pick(rng, kind, target).index;
  }
  let inlineCount = 0;
  for (let k = 0; k < count; k++) inlineCount += inline[k]!;
  let onInbound = 0;
  for (let k = 0; k < count; k++) if (!act.compose[activity[k]!]) onInbound++;

  // Exactly 5 % of the outbound emails use a macro of their department (own stream: the draws above stay as they were).
  const macro = new Int16Array(A).fill(-1);
  const macroRng = Rng.stream(seed, 'email.macros');
  const ofDepartment = departmentProfiles.map((_, d) => macros.flatMap((m, k) => (m.department === d ? [k] : [])));
  const withMacro = chooseExactly(macroRng, outbound.length, outboundWithMacro);
  let usingMacro = 0;
  outbound.forEach((i, k) => {
    if (!withMacro[k]) return;
    const list = ofDepartment[caseDepartment(act.case[i]!)]!;
    if (!list.length) return;
    macro[i] = list[macroRng.int(list.length)]!;
    usingMacro++;
  });
  return {
    emails: Uint32Array.from(emailList),
    caseAlias,
    fragmentStart,
    textTarget,
    previous,
    cc,
    macro,
    attachments: { count, activity, file, inline, position, first, of },
    counts: { emails: emailList.length, attachments: count, emailsWithAttachments: chosenIn.length + chosenOut.length, inline: inlineCount, onInbound, withMacro: usingMacro },
  };
}

// ---- assembling one email --------------------------------------------------------------------------------------------

/** File name and Content-ID of attachment `k`. */
export function attachmentName(plan: EmailAttachmentPlan, pool: ContentPool, k: number, activityId: number): { fileName: string; contentId: string | null } {
  const f = pool.files[plan.file[k]!]!;
  const ext = poolKinds[f.kind].ext;
  const n = plan.position[k]! + 1;
  if (plan.inline[k]) return { fileName: `image${three(n)}.${ext}`, contentId: `image${three(n)}.${ext}@${activityId}.ece-bench` };
  const stem = words[(plan.file[k]! * 31 + n) % 32]!;
  return { fileName: `${stem}-${f.index}-${n}.${ext}`, contentId: null };
}

// The HTML skeleton of an email body (10 §2.5: paragraphs, a signature block, a styled header).
const HTML_HEAD =
  `<html><head><meta charset="utf-8"/><style>body{margin:0;padding:0;} .hdr{background:#0b5cab;color:#ffffff;padding:16px 24px;font-family:Arial,Helvetica,sans-serif;font-size:18px;} .sig{border-top:1px solid #dddddd;margin-top:24px;padding-top:12px;color:#666666;font-size:12px;}</style></head>` +
  `<body><div class="hdr" style="background:#0b5cab;color:#ffffff;padding:16px 24px;font-family:Arial,Helvetica,sans-serif;font-size:18px;">`;
const HTML_GREETING = `</div><div style="padding:16px 24px;"><p style="${P_STYLE}">Hello,</p>`;
const HTML_SIGNATURE = `<div class="sig" style="border-top:1px solid #dddddd;margin-top:24px;padding-top:12px;color:#666666;font-family:Arial,Helvetica,sans-serif;font-size:12px;">`;
const HTML_SIGNATURE_END = '</div></div>';
const HTML_QUOTE = `<div style="padding:0 24px;"><p style="${P_STYLE}">`;
const HTML_QUOTE_MID = `</p><blockquote style="margin:0 0 0 8px;padding-left:12px;border-left:2px solid #cccccc;">`;
const HTML_QUOTE_END = '</blockquote></div>';
const HTML_END = '</body></html>';

/**
 * How the bodies of one email are made, without the text of its paragraphs: which fragments (own, and quoted from
 * the previous message of the case), and the short per-email pieces. `renderBody` (here) and the SQL of
 * `emailBodySql` (PostgreSQL assembles the bodies from the fragment arrays, email.ts) turn it into the same text.
 */
export type EmailLayout = {
  /** Own fragments: `count` from `start` (wrapping at FRAGMENTS). */
  start: number;
  count: number;
  /** The reply's quote: the previous message's fragments (`previousCount` 0: not a reply); `quotedHtml` of them fit in the HTML. */
  previousStart: number;
  previousCount: number;
  quotedHtml: number;
  signature: string;
  signatureHtml: string;
  /** `<department>: <subject>` (HTML-escaped), the header line of the HTML body. */
  header: string;
  /** The `<img src="cid:…">` paragraphs of the inline attachments. */
  images: string;
  /** The text of the department macro the email uses, as expanded when it was written ('' none), and its HTML paragraph. */
  macro: string;
  macroHtml: string;
  /** `On <date>, <sender> wrote:` ('' when not a reply), and HTML-escaped. */
  quoteHead: string;
  quoteHeadHtml: string;
};

/** Fragments from `start` until their text reaches `target` characters (each counted with its separator). */
function fragmentCount(frags: Fragments, start: number, target: number): number {
  let size = 0;
  let n = 0;
  for (let k = start; size < target; k = (k + 1) % FRAGMENTS, n++) size += frags.textLength[k]! + 2;
  if (n > FRAGMENTS) throw new Error(`an email body needs ${n} fragments, more than the ${FRAGMENTS} there are`);
  return n;
}

/**
 * The layout of email activity `i`: greeting, the text of its macro (`opts.macro`: the value of the department macro
 * `plan.macro[i]`, if any — 05 §9.5 inserts macro text as is into text and HTML), fragments up to its target size,
 * signature, the `cid:` images of its inline attachments, and for a reply the quoted previous message of the case
 * (its own body, not the quotes inside it); the text is capped at 64 KB, the quote in the HTML stops at the fragment
 * that would pass 160 KB.
 */
export function emailLayout(
  frags: Fragments,
  plan: EmailPlan,
  i: number,
  opts: {
    subject: string;
    department: string;
    outbound: boolean;
    inlineIds: readonly string[];
    previousSender: string | null;
    previousDate: string | null;
    macro?: string | null;
  },
): EmailLayout {
  const start = plan.fragmentStart[i]!;
  const count = fragmentCount(frags, start, plan.textTarget[i]!);
  const signature = opts.outbound ? `Kind regards,\n${opts.department} team` : 'Best regards';
  const signatureHtml = signature.replace('\n', '<br/>');
  const header = `${opts.department}: ${escapeHtml(opts.subject)}`;
  const images = opts.inlineIds.map((id) => `<p style="${P_STYLE}"><img src="cid:${id}" alt="${id.split('@')[0]}" width="320" style="display:block;border:0;max-width:100%;"/></p>`).join('');
  const macro = opts.macro ?? '';
  const macroHtml = macro ? `<p style="${P_STYLE}">${macro}</p>` : '';
  const layout: EmailLayout = { start, count, previousStart: 0, previousCount: 0, quotedHtml: 0, signature, signatureHtml, header, images, macro, macroHtml, quoteHead: '', quoteHeadHtml: '' };
  const p = plan.previous[i]!;
  if (p < 0) return layout;
  layout.previousStart = plan.fragmentStart[p]!;
  layout.previousCount = fragmentCount(frags, layout.previousStart, plan.textTarget[p]!);
  layout.quoteHead = `On ${opts.previousDate ?? ''}, ${opts.previousSender ?? ''} wrote:`;
  layout.quoteHeadHtml = escapeHtml(layout.quoteHead);
  let html = HTML_HEAD.length + header.length + HTML_GREETING.length + macroHtml.length + images.length + HTML_SIGNATURE.length + signatureHtml.length + HTML_SIGNATURE_END.length;
  for (let k = start, n = 0; n < count; k = (k + 1) % FRAGMENTS, n++) html += frags.htmlLength[k]!;
  let room = maxHtmlBytes - html - (HTML_QUOTE.length + layout.quoteHeadHtml.length + HTML_QUOTE_MID.length) - 40;
  for (let k = layout.previousStart, n = 0; n < layout.previousCount; k = (k + 1) % FRAGMENTS, n++) {
    const h = frags.htmlLength[k]!;
    if (h > room) break;
    layout.quotedHtml++;
    room -= h;
  }
  return layout;
}

export type EmailBody = { text: string; html: string };

const slice = (list: readonly string[], start: number, n: number) => Array.from({ length: n }, (_, k) => list[(start + k) % FRAGMENTS]!);

/** The text and HTML bodies of a layout (the seeder lets PostgreSQL do this: `emailBodySql`). */
export function renderBody(frags: Fragments, l: EmailLayout): EmailBody {
  let text = `Hello,\n\n${l.macro ? `${l.macro}\n\n` : ''}${slice(frags.text, l.start, l.count).join('\n\n')}\n\n${l.signature}`;
  if (l.previousCount) text += `\n\n${l.quoteHead}\n${slice(frags.text, l.previousStart, l.previousCount).map((t) => `> ${t}`).join('\n>\n')}`;
  let html = `${HTML_HEAD}${l.header}${HTML_GREETING}${l.macroHtml}${slice(frags.html, l.start, l.count).join('')}${l.images}${HTML_SIGNATURE}${l.signatureHtml}${HTML_SIGNATURE_END}`;
  if (l.quotedHtml) html += `${HTML_QUOTE}${l.quoteHeadHtml}${HTML_QUOTE_MID}${slice(frags.html, l.previousStart, l.quotedHtml).join('')}${HTML_QUOTE_END}`;
  html += HTML_END;
  return { text: text.slice(0, maxTextBytes), html };
}

/** The text and HTML bodies of email activity `i` (`renderBody` of its layout). */
export function emailBody(frags: Fragments, plan: EmailPlan, i: number, opts: Parameters<typeof emailLayout>[3]): EmailBody {
  return renderBody(frags, emailLayout(frags, plan, i, opts));
}

/**
 * SQL expressions of the two bodies over the layout columns `"_s"`, `"_n"`, `"_ps"`, `"_pn"`, `"_qh"`, `"_sig"`,
 * `"_sig_html"`, `"_header"`, `"_images"`, `"_head"`, `"_head_html"`, `"_macro"`, `"_macro_html"` and the parameters of
 * `emailBodyParams` from `$$first` on: the fragment arrays (twice over, so a run that wraps around is one slice)
 * and the skeleton. The same text as `renderBody`, given that every piece is ASCII (left() counts characters,
 * String.prototype.slice UTF-16 code units); the test compares the two.
 */
export function emailBodySql(first: number): { text: string; html: string } {
  const $ = (k: number) => `$$${first + k}`;
  const [T, Q, H] = [`${$(0)}::text[]`, `${$(1)}::text[]`, `${$(2)}::text[]`];
  const part = (arr: string, from: string, n: string, sep: string) => `array_to_string((${arr})[${from} + 1 : ${from} + ${n}], ${sep})`;
  const text =
    `left(E'Hello,\\n\\n' || CASE WHEN "_macro" = '' THEN '' ELSE "_macro" || E'\\n\\n' END || ${part(T, '"_s"', '"_n"', `E'\\n\\n'`)} || E'\\n\\n' || "_sig"` +
    ` || CASE WHEN "_pn" > 0 THEN E'\\n\\n' || "_head" || E'\\n' || ${part(Q, '"_ps"', '"_pn"', `E'\\n>\\n'`)} ELSE '' END, ${maxTextBytes})`;
  const html =
    `${$(3)}::text || "_header" || ${$(4)}::text || "_macro_html" || ${part(H, '"_s"', '"_n"', `''`)} || "_images" || ${$(5)}::text || "_sig_html" || '${HTML_SIGNATURE_END}'` +
    ` || CASE WHEN "_qh" > 0 THEN ${$(6)}::text || "_head_html" || ${$(7)}::text || ${part(H, '"_ps"', '"_qh"', `''`)} || '${HTML_QUOTE_END}' ELSE '' END || '${HTML_END}'`;
  return { text, html };
}

/** The parameters `emailBodySql` reads, in order. */
export function emailBodyParams(frags: Fragments): unknown[] {
  const twice = (list: readonly string[]) => [...list, ...list];
  const quoted = frags.text.map((t) => `> ${t}`);
  return [twice(frags.text), twice(quoted), twice(frags.html), HTML_HEAD, HTML_GREETING, HTML_SIGNATURE, HTML_QUOTE, HTML_QUOTE_MID];
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** cc addresses of activity `i` (deterministic from its index). */
export function ccAddresses(i: number, n: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(`${words[(i * 7 + k * 13) % words.length]}.${words[(i * 11 + k * 17 + 3) % words.length]}${(i + k) % 100}@cc.ece-bench.example`);
  return out;
}
