// Article writes (06 §4): row locks, version inserts and updates, the lock columns, and the refresh of the article's
// mirrors. Every function takes the transaction first and never throws HTTP errors. Writers lock the article rows
// (FOR UPDATE, in id order, so two batches over overlapping articles queue instead of deadlocking) before they read
// the versions they change; after every version write the caller runs refreshArticles in the same transaction.
import type { Tx } from '../../administration/common.ts';
import type { Fields } from './article.input.ts';

export type VersionState = {
  id: bigint;
  versionNumber: number;
  state: string;
  availabilityDate: Date | null;
  expirationDate: Date | null;
};

export type LockedArticle = {
  id: bigint;
  departmentId: bigint;
  folderId: bigint;
  languageId: bigint;
  lockedById: bigint | null;
  lastModifiedAt: Date;
  /** The highest version number the article ever had (numbers are never reused, 06 §3.2). */
  highestVersionNumber: number;
  /** Ascending versionNumber. */
  versions: VersionState[];
};

const strings = (ids: readonly bigint[]) => ids.map(String);

/** Locks the articles `ids` and answers them with their versions, by id (missing ones absent). */
export async function lockArticles(tx: Tx, ids: readonly bigint[]): Promise<Map<bigint, LockedArticle>> {
  const out = new Map<bigint, LockedArticle>();
  if (!ids.length) return out;
  const rows = await tx.$queryRaw<
    { id: string; department_id: string; folder_id: string; language_id: string; locked_by_id: string | null; last_modified_at: Date; highest: number }[]
  >`
    SELECT id::text AS id, department_id::text AS department_id, folder_id::text AS folder_id, language_id::text AS language_id,
           locked_by_id::text AS locked_by_id, last_modified_at, highest_version_number AS highest
      FROM kb_article WHERE id = ANY(CAST(${strings(ids)} AS bigint[])) ORDER BY id FOR UPDATE`;
  for (const r of rows) {
    out.set(BigInt(r.id), {
      id: BigInt(r.id),
      departmentId: BigInt(r.department_id),
      folderId: BigInt(r.folder_id),
      languageId: BigInt(r.language_id),
      lockedById: r.locked_by_id === null ? null : BigInt(r.locked_by_id),
      lastModifiedAt: new Date(r.last_modified_at),
      highestVersionNumber: Number(r.highest),
      versions: [],
    });
  }
  if (!out.size) return out;
  const versions = await tx.$queryRaw<
    { id: string; article_id: string; version_number: number; state: string; availability_date: Date | null; expiration_date: Date | null }[]
  >`
    SELECT id::text AS id, article_id::text AS article_id, version_number, state, availability_date, expiration_date
      FROM kb_version WHERE article_id = ANY(CAST(${strings([...out.keys()])} AS bigint[])) ORDER BY article_id, version_number`;
  for (const v of versions) {
    out.get(BigInt(v.article_id))!.versions.push({
      id: BigInt(v.id),
      versionNumber: Number(v.version_number),
      state: v.state,
      availabilityDate: v.availability_date === null ? null : new Date(v.availability_date),
      expirationDate: v.expiration_date === null ? null : new Date(v.expiration_date),
    });
  }
  return out;
}

/** Recomputes the mirrors, stamp and search document of the articles (the database function of the migration). */
export async function refreshArticles(tx: Tx, ids: readonly bigint[]): Promise<void> {
  if (!ids.length) return;
  await tx.$executeRaw`SELECT kb_refresh_articles(CAST(${strings(ids)} AS bigint[]))`;
}

export const highest = (a: LockedArticle): VersionState | undefined => a.versions[a.versions.length - 1];
export const nextNumber = (a: LockedArticle): number => Math.max(a.highestVersionNumber, highest(a)?.versionNumber ?? 0) + 1;
export const transientOf = (a: LockedArticle): VersionState | undefined => a.versions.find((v) => v.state === 'transient');

/** A stamp for the version writes of one change (06 §4.3): who and when. */
export type Stamp = { at: Date; by: bigint | null };

/** The columns of `fields` that a version stores (the type is the article's). */
export function versionData(fields: Fields) {
  const data: Record<string, unknown> = {};
  for (const key of ['name', 'keywords', 'summary', 'description', 'content', 'availabilityDate', 'expirationDate'] as const) {
    if (fields[key] !== undefined) data[key] = fields[key];
  }
  return data;
}

/** A new version with the given fields. */
export async function insertVersion(
  tx: Tx,
  articleId: bigint,
  v: { versionNumber: number; state: string; reviewStage: string | null; fields: Fields & { name: string } },
  stamp: Stamp,
): Promise<bigint> {
  const row = await tx.kbVersion.create({
    data: {
      articleId,
      versionNumber: v.versionNumber,
      state: v.state,
      reviewStage: v.reviewStage,
      ...versionData(v.fields),
      name: v.fields.name,
      createdAt: stamp.at,
      createdById: stamp.by,
      lastModifiedAt: stamp.at,
      lastModifiedById: stamp.by,
    },
    select: { id: true },
  });
  return row.id;
}

/** A new version of `articleId` copying the fields of version `fromId` (check-out, rollback, copy). */
export async function copyVersion(
  tx: Tx,
  fromId: bigint,
  articleId: bigint,
  v: { versionNumber: number; state: string; reviewStage: string | null },
  stamp: Stamp,
): Promise<void> {
  const by = stamp.by === null ? null : String(stamp.by);
  await tx.$executeRaw`
    INSERT INTO kb_version (article_id, version_number, name, state, review_stage, keywords, summary, description, content,
                            availability_date, expiration_date, created_at, created_by_id, last_modified_at, last_modified_by_id)
    SELECT CAST(${String(articleId)} AS bigint), CAST(${v.versionNumber} AS integer), name, CAST(${v.state} AS text),
           CAST(${v.reviewStage} AS text), keywords, summary, description, content, availability_date, expiration_date,
           CAST(${stamp.at} AS timestamptz), CAST(${by} AS bigint), CAST(${stamp.at} AS timestamptz), CAST(${by} AS bigint)
      FROM kb_version WHERE id = CAST(${String(fromId)} AS bigint)`;
}

/** Changes a version: its fields, state or stage, and its stamp. */
export async function updateVersion(tx: Tx, id: bigint, data: Record<string, unknown>, stamp: Stamp): Promise<void> {
  await tx.kbVersion.update({ where: { id }, data: { ...data, lastModifiedAt: stamp.at, lastModifiedById: stamp.by } });
}

/** Sets (`userId`) or releases (null) the lock of the articles. */
export async function setLock(tx: Tx, ids: readonly bigint[], lock: { userId: bigint; at: Date } | null): Promise<void> {
  if (!ids.length) return;
  await tx.kbArticle.updateMany({ where: { id: { in: [...ids] } }, data: { lockedById: lock?.userId ?? null, lockedAt: lock?.at ?? null } });
}
