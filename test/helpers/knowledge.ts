// Test factory for knowledge data (06): folders and articles inserted through Prisma as the API would leave them,
// the article mirrors and search document recomputed by the same database function the services call.
//
//   const root = await insertKbFolder(db, { departmentId: dept.id });
//   const art = await insertKbArticle(db, { folderId: root.id, departmentId: dept.id, name: 'Reset password' });
//   // published version 1; `versions: [{ state: 'archived' }, { state: 'published' }]` for more
//   // `lockedById: user.id` adds a transient working copy on top (the article is checked out)
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';
import type { ServiceContext } from '../../src/areas/service-context.ts';
import type { TestApp } from './app.ts';
import { createUser } from './auth.ts';

type Db = Database['prisma'];
const dbOf = (db: Database | Db): Db => ('prisma' in db ? db.prisma : db);

export async function insertKbFolder(
  database: Database | Db,
  opts: { departmentId: bigint; parentId?: bigint; name?: string; description?: string },
): Promise<{ id: bigint; name: string }> {
  const name = opts.name ?? `Folder ${randomUUID().slice(0, 8)}`;
  return dbOf(database).kbFolder.create({
    data: { name, departmentId: opts.departmentId, parentId: opts.parentId ?? null, description: opts.description ?? null },
    select: { id: true, name: true },
  });
}

export type KbVersionSpec = {
  state?: 'transient' | 'draft' | 'published' | 'archived';
  name?: string;
  keywords?: string;
  summary?: string;
  description?: string;
  content?: string;
  reviewStage?: 'authoring' | 'review' | 'approved';
  availabilityDate?: Date;
  expirationDate?: Date;
};

export async function defaultArticleTypeId(database: Database | Db): Promise<bigint> {
  const t = await dbOf(database).kbArticleType.findFirstOrThrow({ where: { departmentId: null, isDefault: true } });
  return t.id;
}

/**
 * An article with `versions` (default: one published version named `name`) numbered 1…n; `lockedById` adds a
 * transient version n+1 held by that user.
 */
export async function insertKbArticle(
  database: Database | Db,
  opts: {
    folderId: bigint;
    departmentId: bigint;
    name?: string;
    languageId?: bigint;
    articleTypeId?: bigint;
    alternateId?: string;
    versions?: KbVersionSpec[];
    lockedById?: bigint;
    createdById?: bigint;
    at?: Date;
  },
): Promise<{ id: bigint; alternateId: string; versionIds: bigint[] }> {
  const db = dbOf(database);
  const at = opts.at ?? new Date();
  const name = opts.name ?? `Article ${randomUUID().slice(0, 8)}`;
  const specs: KbVersionSpec[] = [...(opts.versions ?? [{ state: 'published' }])];
  if (opts.lockedById !== undefined) specs.push({ ...specs[specs.length - 1], state: 'transient' });
  const article = await db.kbArticle.create({
    data: {
      folderId: opts.folderId,
      departmentId: opts.departmentId,
      languageId: opts.languageId ?? 1n,
      articleTypeId: opts.articleTypeId ?? (await defaultArticleTypeId(db)),
      alternateId: opts.alternateId ?? '',
      createdAt: at,
      createdById: opts.createdById ?? null,
      lockedById: opts.lockedById ?? null,
      lockedAt: opts.lockedById !== undefined ? at : null,
    },
  });
  const versionIds: bigint[] = [];
  for (const [i, v] of specs.entries()) {
    const state = v.state ?? 'published';
    const stamp = new Date(at.getTime() + i);
    const row = await db.kbVersion.create({
      data: {
        articleId: article.id,
        versionNumber: i + 1,
        name: v.name ?? name,
        state,
        reviewStage: state === 'draft' ? (v.reviewStage ?? 'authoring') : null,
        keywords: v.keywords ?? null,
        summary: v.summary ?? null,
        description: v.description ?? null,
        content: v.content ?? null,
        availabilityDate: v.availabilityDate ?? null,
        expirationDate: v.expirationDate ?? null,
        createdAt: stamp,
        createdById: opts.createdById ?? null,
        lastModifiedAt: stamp,
        lastModifiedById: opts.createdById ?? null,
      },
    });
    versionIds.push(row.id);
  }
  await db.$executeRaw`SELECT kb_refresh_articles(ARRAY[${article.id}]::bigint[])`;
  const { alternateId } = await db.kbArticle.findUniqueOrThrow({ where: { id: article.id }, select: { alternateId: true } });
  return { id: article.id, alternateId, versionIds };
}

/** A service context of an agent (a new one unless given) in its home department, for calling services directly. */
export async function agentContext(t: TestApp, now: () => Date, agent?: Awaited<ReturnType<typeof createUser>>): Promise<ServiceContext> {
  const user = agent ?? (await createUser(t.db, { roles: ['agent'] }));
  return {
    actor: {
      kind: 'user',
      sessionId: 's',
      userId: user.id,
      roles: ['agent'],
      homeDepartmentId: user.departmentId,
      departmentIds: [user.departmentId],
      ref: { id: String(user.id), name: user.screenName, firstName: 'Test' },
    },
    db: t.db,
    now,
    lang: 'en-US',
    requestId: 'test',
    settings: t.app.settings,
    configVersion: t.app.configVersion,
    attributes: t.app.attributeDefinitions,
  };
}
