// Step 7 — the knowledge base of 10 §2.8 (plan and texts from knowledge.generate.ts), written as the API leaves it
// (06 §3, §4; migration `knowledge`):
//
// - article types (10 §2.1: six): the migration's global default `General`, plus FAQ (Service), Policy (Billing),
//   Troubleshooting (Support) and the global Procedure and Announcement; a type of that name is reused if present;
// - folders: departments created after the migration have no root folder (the migration gives one only to the
//   departments that existed then); each department's first planned root reuses an existing root folder, the
//   others are new, so every department ends with its trees;
// - articles with their versions (ids in creation order), then kb_refresh_articles() in the same transaction, as
//   every API write does: it fills the mirrors of the current version, the stamp of the highest version and the
//   search document; the alternate id `EG{id}` comes from the table's trigger;
// - checked-out articles: locked_by/locked_at and a transient version on top; topic links in article order (their
//   `position` from one reserved block of the link sequence); notes;
// - attachments: internal files of the shared content pool (content-pool.ts), each distinct file stored once; the
//   attachment rows are written one batch at a time, because their trigger counts references on the shared
//   stored_content rows (concurrent batches would lock those rows in different orders).
import type { ManifestKnowledge } from '../manifest.ts';
import { need, type SeedContext, type SeedStep } from '../pipeline.ts';
import { insertColumns, reserveIds, type Tx } from '../sql.ts';
import { contentPool, poolKinds, storePoolFiles } from './content-pool.ts';
import { generateKnowledge, KnowledgeTexts, versionsOf, type KnowledgePlan } from './knowledge.generate.ts';
import { articleTypeProfiles } from './knowledge.vocabulary.ts';

/** An epoch-ms column, converted in SQL (exact to the millisecond; NULL stays NULL). */
const TS = (col: string) => `to_timestamp("${col}"::float8 / 1000)`;
const nullable = (x: number | null) => (x === null || Number.isNaN(x) ? null : x);

/** Reserves `n` values of a serial column other than `id` (kb_topic_article.position). */
async function reserveSerial(ctx: SeedContext, table: string, column: string, n: number): Promise<number> {
  if (n <= 0) return 0;
  const [row] = await ctx.db.query<{ last: string }>(
    `SELECT setval(s.name, nextval(s.name) + $3::bigint - 1)::text AS last FROM (SELECT pg_get_serial_sequence($1, $2) AS name) s`,
    [table, column, n],
  );
  return Number(row!.last) - n + 1;
}

function* ranges(n: number, size: number): Generator<{ from: number; to: number }> {
  for (let from = 0; from < n; from += size) yield { from, to: Math.min(n, from + size) };
}

/** The six article types; returns the allowed type ids per department (the default `General` first). */
async function articleTypes(ctx: SeedContext, departmentIds: readonly string[]): Promise<string[][]> {
  return ctx.transaction(async (tx) => {
    const [general] = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text FROM kb_article_type WHERE department_id IS NULL AND is_default`);
    if (!general) throw new Error('the global default article type (migration `knowledge`) is missing');
    const ids: string[] = [];
    for (const t of articleTypeProfiles) {
      const department = t.department === null ? null : departmentIds[t.department]!;
      const [found] = await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id::text FROM kb_article_type WHERE lower(name) = lower($1) AND department_id IS NOT DISTINCT FROM $2::bigint`,
        t.name,
        department,
      );
      const [row] = found
        ? [found]
        : await tx.$queryRawUnsafe<{ id: string }[]>(
            `INSERT INTO kb_article_type (name, description, department_id, is_default, created_at) VALUES ($1, $2, $3::bigint, false, $4::timestamptz) RETURNING id::text`,
            t.name,
            t.description,
            department,
            new Date(ctx.setupAt).toISOString(),
          );
      ids.push(row!.id);
    }
    return departmentIds.map((_, d) => [general.id, ...articleTypeProfiles.flatMap((t, k) => (t.department === null || t.department === d ? [ids[k]!] : []))]);
  });
}

export const knowledgeStep: SeedStep = {
  name: 'knowledge',
  tables: ['kb_article_type', 'kb_folder', 'kb_topic', 'kb_article', 'kb_version', 'kb_topic_article', 'kb_note', 'kb_attachment', 'stored_content'],
  async run(ctx: SeedContext) {
    const started = performance.now();
    const departments = need(ctx.state.departments, 'departments');
    const users = need(ctx.state.users, 'users');
    const departmentIds = departments.map((d) => d.id);
    const typeIds = await articleTypes(ctx, departmentIds);
    const [language] = await ctx.db.query<{ id: string }>(`SELECT id::text FROM language WHERE lower(code) = 'en-us'`);
    if (!language) throw new Error('language en-us is missing');

    const pool = contentPool(ctx);
    const generating = ctx.progress.step('generate knowledge', 1, 'plans');
    // Type indexes of the plan are positions in typeIds[d]; the generator only needs how many each department has.
    const plan: KnowledgePlan = generateKnowledge({
      seed: ctx.options.seed,
      scale: ctx.options.scale,
      now: ctx.options.now,
      agents: users.agents.map((a) => a.length),
      articleTypes: typeIds.map((list) => list.map((_, k) => k)),
      pool,
    });
    generating.add(1);
    generating.done(`${plan.articles.count.toLocaleString('en-US')} articles, ${plan.versionCount.toLocaleString('en-US')} versions, ${plan.folders.count} folders, ${plan.topics.count} topics`);
    const texts = new KnowledgeTexts(ctx.options.seed);
    const agent = (d: number, k: number) => users.agents[d]![k]!.id;
    const setupAt = ctx.setupAt;

    // ---- folders and topics -------------------------------------------------------------------------------------
    const folderIds: string[] = new Array<string>(plan.folders.count);
    const topicIds: string[] = new Array<string>(plan.topics.count);
    // Ids are reserved before the transaction opens: on PGlite (one connection) a statement outside a transaction
    // waits for it.
    const existing = await ctx.db.query<{ department_id: string; id: string; name: string }>(
      `SELECT department_id::text, id::text, name FROM kb_folder WHERE parent_id IS NULL AND department_id = ANY($1::bigint[]) ORDER BY id`,
      [departmentIds],
    );
    const reused = new Map<number, string>();
    const rootNames = new Map<number, Set<string>>();
    for (const r of existing) {
      const d = departmentIds.indexOf(r.department_id);
      if (!reused.has(d)) reused.set(d, r.id);
      rootNames.set(d, (rootNames.get(d) ?? new Set()).add(r.name.toLowerCase()));
    }
    const F = plan.folders;
    const fresh: number[] = [];
    for (let f = 0; f < F.count; f++) {
      const d = F.department[f]!;
      if (F.parent[f] === -1 && reused.has(d)) {
        folderIds[f] = reused.get(d)!;
        reused.delete(d);
        continue;
      }
      if (F.parent[f] === -1) {
        // A planned root name that an existing root of the department already has gets a number.
        const taken = rootNames.get(d) ?? new Set<string>();
        let name = F.name[f]!;
        for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${F.name[f]} ${k}`;
        taken.add(name.toLowerCase());
        F.name[f] = name;
      }
      fresh.push(f);
    }
    const firstFolder = await reserveIds(ctx.db, 'kb_folder', fresh.length);
    fresh.forEach((f, k) => (folderIds[f] = String(firstFolder + k)));
    const TP = plan.topics;
    const firstTopic = await reserveIds(ctx.db, 'kb_topic', TP.count);
    for (let k = 0; k < TP.count; k++) topicIds[k] = String(firstTopic + k);
    await ctx.transaction(async (tx) => {
      await insertColumns(
        tx,
        'kb_folder',
        {
          id: ['bigint', fresh.map((f) => folderIds[f]!)],
          name: ['text', fresh.map((f) => F.name[f]!)],
          description: ['text', fresh.map((f) => F.description[f]!)],
          parent_id: ['bigint', fresh.map((f) => (F.parent[f]! >= 0 ? folderIds[F.parent[f]!]! : null))],
          department_id: ['bigint', fresh.map((f) => departmentIds[F.department[f]!]!)],
          created_by_id: ['bigint', fresh.map((f) => agent(F.department[f]!, F.createdBy[f]!))],
        },
        { created_at: '$$1::timestamptz', last_modified_at: '$$1::timestamptz', last_modified_by_id: '"created_by_id"' },
        { params: [new Date(setupAt).toISOString()] },
      );

      await insertColumns(
        tx,
        'kb_topic',
        {
          id: ['bigint', topicIds],
          name: ['text', TP.name],
          description: ['text', TP.description],
          parent_id: ['bigint', Array.from(TP.parent, (p) => (p >= 0 ? topicIds[p]! : null))],
          department_id: ['bigint', Array.from(TP.department, (d) => departmentIds[d]!)],
          created_by_id: ['bigint', Array.from(TP.department, (d, k) => agent(d, TP.createdBy[k]!))],
        },
        { language_id: '$$2::bigint', is_translatable: 'false', created_at: '$$1::timestamptz', last_modified_at: '$$1::timestamptz', last_modified_by_id: '"created_by_id"' },
        { params: [new Date(setupAt).toISOString(), language.id] },
      );
    });

    // ---- articles, versions, topic links, notes ---------------------------------------------------------------------
    const A = plan.articles;
    const N = A.count;
    const firstArticle = await reserveIds(ctx.db, 'kb_article', N);
    const firstVersion = await reserveIds(ctx.db, 'kb_version', plan.versionCount);
    const firstPosition = await reserveSerial(ctx, 'kb_topic_article', 'position', A.topicIndex.length);
    const firstNote = await reserveIds(ctx.db, 'kb_note', plan.notes.count);
    const versionStart = new Uint32Array(N + 1);
    for (let i = 0; i < N; i++) versionStart[i + 1] = versionStart[i]! + 1 + A.older[i]! + (A.lockedBy[i]! >= 0 ? 1 : 0);
    const notesOf = new Map<number, number[]>();
    for (let k = 0; k < plan.notes.count; k++) notesOf.set(plan.notes.article[k]!, [...(notesOf.get(plan.notes.article[k]!) ?? []), k]);
    const totals = { versions: 0, contentBytes: 0, locked: 0 };

    type Prepared = { from: number; to: number; articles: Record<string, unknown[]>; versions: Record<string, unknown[]> };
    const prepare = async ({ from, to }: { from: number; to: number }): Promise<Prepared> => {
      const art = { id: [] as number[], folder: [] as string[], dept: [] as string[], type: [] as string[], created: [] as number[], by: [] as string[], lockedBy: [] as (string | null)[], lockedAt: [] as (number | null)[] };
      const ver = {
        id: [] as number[], article: [] as number[], number: [] as number[], name: [] as string[], state: [] as string[], stage: [] as (string | null)[],
        keywords: [] as string[], summary: [] as string[], description: [] as (string | null)[], content: [] as string[],
        available: [] as (number | null)[], expires: [] as (number | null)[], created: [] as number[], modified: [] as number[], by: [] as string[],
      };
      for (let i = from; i < to; i++) {
        const d = A.department[i]!;
        const id = firstArticle + i;
        const author = agent(d, A.author[i]!);
        const locker = A.lockedBy[i]! >= 0 ? agent(d, A.lockedBy[i]!) : null;
        const versions = versionsOf(plan, i, ctx.options.seed, ctx.options.now);
        const text = texts.article(plan, i, departments[d]!.name);
        art.id.push(id);
        art.folder.push(folderIds[A.folder[i]!]!);
        art.dept.push(departmentIds[d]!);
        art.type.push(typeIds[d]![A.type[i]!]!);
        art.created.push(versions[0]!.created);
        art.by.push(author);
        art.lockedBy.push(locker);
        art.lockedAt.push(locker ? versions[versions.length - 1]!.created : null);
        const current = A.older[i]!;
        versions.forEach((v, k) => {
          ver.id.push(firstVersion + versionStart[i]! + k);
          ver.article.push(id);
          ver.number.push(k + 1);
          ver.name.push(text.name);
          ver.state.push(v.state);
          ver.stage.push(v.reviewStage);
          ver.keywords.push(text.keywords);
          ver.summary.push(text.summary);
          ver.description.push(text.description);
          const content = k < current ? text.olderContent(current - k) : text.content;
          ver.content.push(content);
          totals.contentBytes += content.length;
          ver.available.push(v.availabilityDate);
          ver.expires.push(v.expirationDate);
          ver.created.push(v.created);
          ver.modified.push(v.lastModified);
          ver.by.push(v.state === 'transient' ? locker! : author);
        });
      }
      return { from, to, articles: art, versions: ver };
    };

    const write = async (tx: Tx, { from, to, articles: a, versions: v }: Prepared) => {
      await insertColumns(
        tx,
        'kb_article',
        {
          id: ['bigint', a.id!],
          folder_id: ['bigint', a.folder!],
          department_id: ['bigint', a.dept!],
          article_type_id: ['bigint', a.type!],
          _created: ['bigint', a.created!],
          created_by_id: ['bigint', a.by!],
          locked_by_id: ['bigint', a.lockedBy!],
          _locked: ['bigint', a.lockedAt!],
        },
        { language_id: '$$1::bigint', created_at: TS('_created'), locked_at: TS('_locked') },
        { params: [language.id] },
      );
      // Not `totals.versions += await …`: batches run concurrently, and that form reads the total before awaiting.
      const versions = await insertColumns(
        tx,
        'kb_version',
        {
          id: ['bigint', v.id!],
          article_id: ['bigint', v.article!],
          version_number: ['integer', v.number!],
          name: ['text', v.name!],
          state: ['text', v.state!],
          review_stage: ['text', v.stage!],
          keywords: ['text', v.keywords!],
          summary: ['text', v.summary!],
          description: ['text', v.description!],
          content: ['text', v.content!],
          _available: ['bigint', (v.available as (number | null)[]).map(nullable)],
          _expires: ['bigint', (v.expires as (number | null)[]).map(nullable)],
          _created: ['bigint', v.created!],
          created_by_id: ['bigint', v.by!],
          _modified: ['bigint', v.modified!],
          last_modified_by_id: ['bigint', v.by!],
        },
        { availability_date: TS('_available'), expiration_date: TS('_expires'), created_at: TS('_created'), last_modified_at: TS('_modified') },
      );
      totals.versions += versions;
      // The mirrors, the stamp and the search document, exactly as every API write computes them.
      await tx.$executeRawUnsafe('SELECT kb_refresh_articles($1::bigint[])', a.id!);

      const link = { topic: [] as string[], article: [] as number[], position: [] as number[] };
      for (let i = from; i < to; i++) {
        for (let k = A.topicStart[i]!; k < A.topicStart[i + 1]!; k++) {
          link.topic.push(topicIds[A.topicIndex[k]!]!);
          link.article.push(firstArticle + i);
          link.position.push(firstPosition + k);
        }
      }
      await insertColumns(tx, 'kb_topic_article', { topic_id: ['bigint', link.topic], article_id: ['bigint', link.article], position: ['bigint', link.position] });

      const noteIdx: number[] = [];
      for (let i = from; i < to; i++) noteIdx.push(...(notesOf.get(i) ?? []));
      const Nn = plan.notes;
      await insertColumns(
        tx,
        'kb_note',
        {
          id: ['bigint', noteIdx.map((k) => firstNote + k)],
          article_id: ['bigint', noteIdx.map((k) => firstArticle + Nn.article[k]!)],
          content: ['text', noteIdx.map((k) => Nn.content[k]!)],
          _created: ['bigint', noteIdx.map((k) => Nn.created[k]!)],
          created_by_id: ['bigint', noteIdx.map((k) => agent(A.department[Nn.article[k]!]!, Nn.author[k]!))],
        },
        { created_at: TS('_created') },
      );
    };

    const articleProgress = ctx.progress.step('knowledge articles', N, 'articles');
    // At most 1,000 articles per batch: the search documents (to_tsvector) are most of the work, and smaller batches
    // keep every connection busy at small scales too (the ids are reserved above, so the data does not change).
    await ctx.writeBatches(ranges(N, Math.min(ctx.batchSize, 1000)), prepare, write, ({ from, to }) => articleProgress.add(to - from));
    for (let i = 0; i < N; i++) if (A.lockedBy[i]! >= 0) totals.locked++;
    articleProgress.done(
      `${N.toLocaleString('en-US')} articles, ${totals.versions.toLocaleString('en-US')} versions (${(totals.contentBytes / 1e6).toFixed(0)} MB of content), ${A.topicIndex.length.toLocaleString('en-US')} topic links, ${plan.notes.count.toLocaleString('en-US')} notes`,
    );

    // ---- attachments ------------------------------------------------------------------------------------------------
    const At = plan.attachments;
    const stored = await storePoolFiles(ctx, At.file);
    const firstAttachment = await reserveIds(ctx.db, 'kb_attachment', At.count);
    const attachmentProgress = ctx.progress.step('knowledge attachments', At.count, 'attachments');
    for (const { from, to } of ranges(At.count, ctx.batchSize)) {
      const ks = Array.from({ length: to - from }, (_, k) => from + k);
      const file = (k: number) => pool.files[At.file[k]!]!;
      await ctx.transaction((tx) =>
        insertColumns(
          tx,
          'kb_attachment',
          {
            id: ['bigint', ks.map((k) => firstAttachment + k)],
            article_id: ['bigint', ks.map((k) => firstArticle + At.article[k]!)],
            name: ['text', ks.map((k) => At.name[k]!)],
            file_name: ['text', ks.map((k) => `${At.name[k]!.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.${poolKinds[file(k).kind].ext}`)],
            content_type: ['text', ks.map((k) => poolKinds[file(k).kind].contentType)],
            size: ['bigint', ks.map((k) => stored.get(At.file[k]!)!.size)],
            _sha: ['text', ks.map((k) => stored.get(At.file[k]!)!.sha256.toString('hex'))],
            _created: ['bigint', ks.map((k) => At.created[k]!)],
            created_by_id: ['bigint', ks.map((k) => agent(A.department[At.article[k]!]!, A.author[At.article[k]!]!))],
          },
          {
            kind: `'internal'`,
            content_sha256: `decode("_sha", 'hex')`,
            created_at: TS('_created'),
            last_modified_at: TS('_created'),
            last_modified_by_id: '"created_by_id"',
          },
        ),
      );
      attachmentProgress.add(to - from);
    }
    const withAttachments = new Set(At.article).size;
    attachmentProgress.done(`${At.count.toLocaleString('en-US')} attachments on ${withAttachments.toLocaleString('en-US')} articles, ${stored.size.toLocaleString('en-US')} distinct files`);

    // ---- manifest -----------------------------------------------------------------------------------------------------
    const holding = new Set<number>();
    for (let i = 0; i < N; i++) holding.add(A.folder[i]!);
    ctx.manifest.folders = [...holding].map((f) => Number(folderIds[f])).sort((x, y) => x - y);
    const mostRead: number[] = [];
    for (let i = 0; i < N; i++) if (A.mostRead[i]) mostRead.push(firstArticle + i);
    const knowledge: ManifestKnowledge = {
      articles: N,
      firstArticleId: firstArticle,
      lastArticleId: firstArticle + N - 1,
      language: 'en-us',
      mostRead,
      folders: plan.folders.count,
      topics: plan.topics.count,
      seedSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
    ctx.manifest.knowledge = knowledge;
    const states = [0, 0, 0];
    for (let i = 0; i < N; i++) states[A.state[i]!]!++;
    ctx.count('kbArticleTypes', 1 + articleTypeProfiles.length);
    ctx.count('kbFolders', plan.folders.count);
    ctx.count('kbTopics', plan.topics.count);
    ctx.count('kbArticles', N);
    ctx.count('kbPublishedArticles', states[0]!);
    ctx.count('kbDraftArticles', states[1]!);
    ctx.count('kbExpiredArticles', states[2]!);
    ctx.count('kbCheckedOutArticles', totals.locked);
    ctx.count('kbVersions', totals.versions);
    ctx.count('kbTopicLinks', A.topicIndex.length);
    ctx.count('kbNotes', plan.notes.count);
    ctx.count('kbAttachments', At.count);
    ctx.count('kbArticlesWithAttachments', withAttachments);
    ctx.count('storedContentFiles', stored.size);
  },
};
