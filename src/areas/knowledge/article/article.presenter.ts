// The article and version resources on the wire (06 §3.1, §3.2): one field table each for JSON and XML, in the order
// of the field tables and the K1 example. Everything is in the kb namespace except the shared types (department and
// user names in platform, enumeration values and timestamp users in common) and the topic references (kb/topic).
import { NS } from '../../../representation/namespaces.ts';
import { enumeration } from '../../../representation/common-shapes.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { kbHref, selfLink } from '../shared/kb.paths.ts';
import { departmentRef, languageRef, lockShape, namedRef, timestamp } from '../shared/kb.shapes.ts';
import { kbAttachmentShape, presentKbAttachment } from '../attachment/attachment.presenter.ts';
import type { AttachmentRow } from '../attachment/attachment.queries.ts';
import { kbNoteShape, presentKbNote } from '../note/note.presenter.ts';
import type { NoteRow } from '../note/note.queries.ts';
import { reviewStageLabels, type ArticleGroup, type VersionGroup } from './article.schema.ts';
import type { ArticleRow, TopicRef, VersionRow } from './article.queries.ts';

const KB = NS.kb;

const versionFields = {
  id: f.id(),
  link: f.link(),
  versionNumber: f.number(),
  name: f.text(),
  articleState: f.text(),
  reviewStage: enumeration(reviewStageLabels),
  lock: lockShape(KB),
  created: timestamp(),
  lastModified: timestamp(),
  keywords: f.text(),
  summary: f.text(),
  description: f.text(),
  content: f.text(),
  availabilityDate: f.instant(),
  expirationDate: f.instant(),
};

export const versionShape = resource('version', KB, versionFields);

const topicRef = f.object(shape(NS.kbTopic, { id: f.id(), name: f.text(), link: f.link() }));

export const articleShape = resource('article', KB, {
  id: f.id(),
  link: f.link(),
  alternateId: f.text(),
  name: f.text(),
  department: departmentRef(),
  language: languageRef(KB),
  folder: namedRef(KB),
  articleType: namedRef(KB),
  articleState: f.text(),
  versionNumber: f.number(),
  lock: lockShape(KB),
  created: timestamp(),
  lastModified: timestamp(),
  keywords: f.text(),
  summary: f.text(),
  description: f.text(),
  content: f.text(),
  availabilityDate: f.instant(),
  expirationDate: f.instant(),
  reviewStage: enumeration(reviewStageLabels),
  versions: f.list('version', f.object(versionShape), KB),
  attachments: f.list('attachment', f.object(kbAttachmentShape), KB),
  notes: f.list('note', f.object(kbNoteShape), KB),
  topics: f.list('topic', topicRef, NS.kbTopic),
});

type Lock = { lockedBy: UserRef; date: Date } | undefined;

/** `articleState` of a version shown at article level: `expired` for a published one past its expiration (§3.1). */
export function articleStateOf(v: Pick<VersionRow, 'state' | 'expirationDate'>, now: Date): string {
  return v.state === 'published' && v.expirationDate !== null && v.expirationDate.getTime() < now.getTime() ? 'expired' : v.state;
}

const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** A version: the default set plus `groups` (06 §3.2); `lock` is the article's, shown on the working copy only. */
export function presentVersion(v: VersionRow, groups: ReadonlySet<VersionGroup>, lock: Lock) {
  const g = (name: VersionGroup) => groups.has(name);
  return {
    id: v.id,
    link: selfLink(kbHref.version(v.articleId, v.id)),
    versionNumber: v.versionNumber,
    name: v.name,
    articleState: v.state,
    reviewStage: v.state === 'draft' ? orUndef(v.reviewStage) : undefined,
    lock: v.state === 'transient' ? lock : undefined,
    created: { date: v.createdAt, user: v.createdBy },
    lastModified: { date: v.lastModifiedAt, user: v.lastModifiedBy },
    keywords: g('keywords') ? orUndef(v.keywords) : undefined,
    summary: g('summary') ? orUndef(v.summary) : undefined,
    description: g('description') ? orUndef(v.description) : undefined,
    content: g('content') ? orUndef(v.content) : undefined,
    availabilityDate: g('availabilityDate') ? orUndef(v.availabilityDate) : undefined,
    expirationDate: g('expirationDate') ? orUndef(v.expirationDate) : undefined,
  };
}

export type ArticleExtras = {
  versions?: VersionRow[] | undefined;
  attachments?: AttachmentRow[] | undefined;
  notes?: NoteRow[] | undefined;
  topics?: TopicRef[] | undefined;
};

export const lockOf = (a: Pick<ArticleRow, 'lockedBy' | 'lockedAt'>): Lock => (a.lockedBy && a.lockedAt ? { lockedBy: a.lockedBy, date: a.lockedAt } : undefined);

/** An article: the default set plus `groups`; the mirrors come from its shown version (current, or latest for K6/K16). */
export function presentArticle(a: ArticleRow, groups: ReadonlySet<ArticleGroup>, extras: ArticleExtras, now: Date) {
  const g = (name: ArticleGroup) => groups.has(name);
  const v = a.shown;
  const lock = lockOf(a);
  // Versions carry the version fields of the same names the request asked for at article level (06 §3.2).
  const versionGroups = new Set([...groups].filter((x): x is VersionGroup => x !== 'reviewStage' && x !== 'versions' && x !== 'attachments' && x !== 'notes' && x !== 'topics'));
  return {
    id: a.id,
    link: selfLink(kbHref.article(a.id)),
    alternateId: a.alternateId,
    name: v.name,
    department: { id: a.departmentId, name: a.departmentName },
    language: a.language,
    folder: a.folder,
    articleType: a.articleType,
    articleState: articleStateOf(v, now),
    versionNumber: v.versionNumber,
    lock,
    created: { date: a.createdAt, user: a.createdBy },
    lastModified: { date: a.lastModifiedAt, user: a.lastModifiedBy },
    keywords: g('keywords') ? orUndef(v.keywords) : undefined,
    summary: g('summary') ? orUndef(v.summary) : undefined,
    description: g('description') ? orUndef(v.description) : undefined,
    content: g('content') ? orUndef(v.content) : undefined,
    availabilityDate: g('availabilityDate') ? orUndef(v.availabilityDate) : undefined,
    expirationDate: g('expirationDate') ? orUndef(v.expirationDate) : undefined,
    reviewStage: g('reviewStage') && v.state === 'draft' ? orUndef(v.reviewStage) : undefined,
    versions: extras.versions?.length ? { version: extras.versions.map((x) => presentVersion(x, versionGroups, lock)) } : undefined,
    attachments: extras.attachments?.length ? { attachment: extras.attachments.map((x) => presentKbAttachment(x, { contentUrl: false })) } : undefined,
    notes: extras.notes?.length ? { note: extras.notes.map(presentKbNote) } : undefined,
    topics: extras.topics?.length
      ? { topic: extras.topics.map((t) => ({ id: t.id, name: t.name, link: { rel: 'topic', href: kbHref.topic(t.id) } })) }
      : undefined,
  };
}

export type ArticleView = ReturnType<typeof presentArticle>;
