// The reference data set seeder (10 §2), knowledge part (10 §2.8): departments, users and the knowledge step at
// scale 0.02 (the interaction steps do not feed it). Checks the exact counts and shares, that every derived value is
// what the API would have left (mirrors, stamps, search document, alternate ids, version model, reference counts),
// the trees, the shared content pool (distinct, valid files stored once by SHA-256), the manifest, determinism, and
// that searching finds the seeded articles.
import { createHash } from 'node:crypto';
import { crc32, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import type { Manifest } from '../../bench/seed/manifest.ts';
import { runSeed, type SeedOptions } from '../../bench/seed/pipeline.ts';
import { apportion } from '../../bench/seed/random.ts';
import { defaultBenchPassword, defaultCustomerPassword, referenceSeed } from '../../bench/seed/reference.ts';
import { seedSteps } from '../../bench/seed/steps/index.ts';
import { departmentsStep } from '../../bench/seed/steps/departments.ts';
import { usersStep } from '../../bench/seed/steps/users.ts';
import { interactionsStep } from '../../bench/seed/steps/interactions.ts';
import { knowledgeStep } from '../../bench/seed/steps/knowledge.ts';
import { ContentPool, poolKinds, type PoolKind } from '../../bench/seed/steps/content-pool.ts';
import { departmentMacros } from '../../bench/seed/steps/email.generate.ts';
import { generateKnowledge, KnowledgeTexts } from '../../bench/seed/steps/knowledge.generate.ts';
import { searchArticles } from '../../src/areas/knowledge/search/kb.search.ts';
import { kbSearchQuery } from '../../src/areas/knowledge/search/kb.search.schema.ts';
import type { ServiceContext } from '../../src/areas/service-context.ts';
import { CursorCodec } from '../../src/query/cursor.ts';
import { parseQuery } from '../../src/query/parse.ts';
import { seedTestApp, seededSql } from './seed-app.ts';

const T = new Date('2024-06-30T12:00:00.000Z');
const scale = 0.02;
const options: SeedOptions = { seed: referenceSeed, scale, now: T, benchPassword: defaultBenchPassword, customerPassword: defaultCustomerPassword, batchSize: 300 };

const N = Math.round(98_631 * scale); // 1,973
const F = Math.round(600 * scale); // 12
const TOPICS = Math.round(250 * scale); // 5
const [published, drafts, expired] = apportion(N, [95, 3, 2]) as [number, number, number];

let t: TestApp;
let manifest: Manifest;
beforeAll(async () => {
  t = await seedTestApp('seed_knowledge');
  ({ manifest } = await runSeed(t.db, options, [departmentsStep, usersStep, knowledgeStep]));
}, 240_000);
afterAll(async () => t?.close());

const { rows, one, count } = seededSql(() => t);

describe('the step in the pipeline', () => {
  it('runs after the interactions', () => {
    expect(seedSteps.indexOf(knowledgeStep)).toBeGreaterThan(seedSteps.indexOf(interactionsStep));
  });
});

describe('counts (10 §2.1, §2.8)', () => {
  it('articles by department, folders, topics, six article types', async () => {
    expect(await count('SELECT count(*) AS n FROM kb_article')).toBe(N);
    const byDept = await rows<{ name: string; n: number }>(`SELECT d.name, count(*)::int AS n FROM kb_article a JOIN department d ON d.id = a.department_id GROUP BY d.id, d.name ORDER BY d.id`);
    const shares = apportion(N, [40, 15, 15, 20, 10]);
    expect(byDept).toEqual(['Service', 'Sales', 'Billing', 'Support', 'Claims'].map((name, k) => ({ name, n: shares[k] })));
    expect(await count('SELECT count(*) AS n FROM kb_folder')).toBe(F);
    expect(await count('SELECT count(*) AS n FROM kb_topic')).toBe(TOPICS);
    const types = await rows<{ name: string; dept: string | null; is_default: boolean }>(
      `SELECT t.name, d.name AS dept, t.is_default FROM kb_article_type t LEFT JOIN department d ON d.id = t.department_id ORDER BY t.id`,
    );
    expect(types).toEqual([
      { name: 'General', dept: null, is_default: true },
      { name: 'FAQ', dept: 'Service', is_default: false },
      { name: 'Policy', dept: 'Billing', is_default: false },
      { name: 'Procedure', dept: null, is_default: false },
      { name: 'Troubleshooting', dept: 'Support', is_default: false },
      { name: 'Announcement', dept: null, is_default: false },
    ]);
    // An article's type is global or its department's.
    expect(await count('SELECT count(*) AS n FROM kb_article a JOIN kb_article_type t ON t.id = a.article_type_id WHERE t.department_id IS NOT NULL AND t.department_id <> a.department_id')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM kb_article WHERE language_id <> (SELECT id FROM language WHERE code = $1)', ['en-us'])).toBe(0);
  });

  it('states: published 95 %, never published 3 %, expired 2 % (exact), at article level', async () => {
    const byState = await rows<{ s: string; n: number }>(
      `SELECT CASE WHEN state = 'published' AND expiration_date < $1 THEN 'expired' ELSE state END AS s, count(*)::int AS n FROM kb_article GROUP BY 1 ORDER BY 1`,
      [T],
    );
    expect(byState).toEqual([
      { s: 'draft', n: drafts },
      { s: 'expired', n: expired },
      { s: 'published', n: published },
    ]);
  });

  it('versions: one published (or the draft), 12 % with 1–4 archived ones, 3 % checked out', async () => {
    expect(await count(`SELECT count(DISTINCT article_id) AS n FROM kb_version WHERE state = 'archived'`)).toBe(Math.round(N * 0.12));
    const olderMax = await one<{ max: number }>(`SELECT max(n)::int AS max FROM (SELECT count(*) AS n FROM kb_version WHERE state = 'archived' GROUP BY article_id) x`);
    expect(olderMax.max).toBeLessThanOrEqual(4);
    expect(await count(`SELECT count(*) AS n FROM kb_article WHERE locked_by_id IS NOT NULL`)).toBe(Math.round(N * 0.03));
    expect(await count(`SELECT count(*) AS n FROM kb_version WHERE state = 'transient'`)).toBe(Math.round(N * 0.03));
    expect(await count(`SELECT count(*) AS n FROM kb_version`)).toBe(manifest.counts.kbVersions);
    expect(await count(`SELECT count(*) AS n FROM kb_article a WHERE NOT EXISTS (SELECT 1 FROM kb_version v WHERE v.article_id = a.id AND v.state IN ('published', 'draft'))`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM kb_version WHERE state = 'draft'`)).toBe(drafts);
  });

  it('the manifest counts what was written', () => {
    expect(manifest.counts).toMatchObject({
      kbArticles: N,
      kbFolders: F,
      kbTopics: TOPICS,
      kbArticleTypes: 6,
      kbPublishedArticles: published,
      kbDraftArticles: drafts,
      kbExpiredArticles: expired,
      kbCheckedOutArticles: Math.round(N * 0.03),
      kbArticlesWithAttachments: Math.round(16_210 * scale),
    });
  });
});

describe('as the API leaves it (06 §3, §4)', () => {
  it('mirrors, stamp and search document are what kb_refresh_articles computes', async () => {
    const before = await rows<{ id: string; h: string }>(`SELECT id::text, md5(row(current_version_id, name, state, version_number, expiration_date, last_modified_at, last_modified_by_id, search_document)::text) AS h FROM kb_article ORDER BY id`);
    await t.db.query(`SELECT kb_refresh_articles(array_agg(id)) FROM kb_article`);
    const after = await rows<{ id: string; h: string }>(`SELECT id::text, md5(row(current_version_id, name, state, version_number, expiration_date, last_modified_at, last_modified_by_id, search_document)::text) AS h FROM kb_article ORDER BY id`);
    expect(after).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM kb_article WHERE search_document IS NULL OR current_version_id IS NULL')).toBe(0);
  });

  it('alternate ids EG{id}, ids from the sequences, ascending with creation', async () => {
    expect(await count(`SELECT count(*) AS n FROM kb_article WHERE alternate_id <> 'EG' || id`)).toBe(0);
    const k = manifest.knowledge!;
    expect(await one<{ min: string; max: string }>('SELECT min(id)::text AS min, max(id)::text AS max FROM kb_article')).toEqual({ min: String(k.firstArticleId), max: String(k.lastArticleId) });
    expect(await count(`SELECT count(*) AS n FROM (SELECT created_at < lag(created_at) OVER (ORDER BY id) AS back FROM kb_article) x WHERE back`)).toBe(0);
    for (const table of ['kb_article', 'kb_version', 'kb_folder', 'kb_topic', 'kb_attachment', 'kb_note']) {
      const s = await one<{ last: string; max: string }>(`SELECT (SELECT last_value FROM ${table}_id_seq)::text AS last, (SELECT max(id) FROM ${table})::text AS max`);
      expect(BigInt(s.last), table).toBeGreaterThanOrEqual(BigInt(s.max));
    }
    const p = await one<{ last: string; max: string }>(`SELECT (SELECT last_value FROM kb_topic_article_position_seq)::text AS last, (SELECT max(position) FROM kb_topic_article)::text AS max`);
    expect(BigInt(p.last)).toBeGreaterThanOrEqual(BigInt(p.max));
  });

  it('version numbers 1..n, stamps strictly increasing, the highest carrying the article stamp, all before T', async () => {
    expect(await count(`SELECT count(*) AS n FROM (SELECT article_id, max(version_number) AS m, count(*) AS c, min(version_number) AS lo FROM kb_version GROUP BY article_id) x WHERE m <> c OR lo <> 1`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM (SELECT last_modified_at <= lag(last_modified_at) OVER w AS back, created_at <= lag(last_modified_at) OVER w AS overlap
                         FROM kb_version WINDOW w AS (PARTITION BY article_id ORDER BY version_number)) x WHERE back OR overlap`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM kb_version WHERE last_modified_at < created_at OR last_modified_at >= $1`, [T])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM kb_article a WHERE last_modified_at <> (SELECT last_modified_at FROM kb_version WHERE article_id = a.id ORDER BY version_number DESC LIMIT 1)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM kb_article a JOIN kb_version v ON v.article_id = a.id AND v.version_number = 1 WHERE a.created_at <> v.created_at`)).toBe(0);
  });

  it('locks: a transient version on top iff locked, by an agent of the department; drafts have a review stage', async () => {
    expect(await count(`SELECT count(*) AS n FROM kb_article a WHERE (a.locked_by_id IS NOT NULL) <> EXISTS (SELECT 1 FROM kb_version v WHERE v.article_id = a.id AND v.state = 'transient' AND v.version_number = (SELECT max(version_number) FROM kb_version WHERE article_id = a.id))`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM kb_article a JOIN kb_version v ON v.article_id = a.id AND v.state = 'transient' WHERE a.locked_at <> v.created_at OR v.created_by_id <> a.locked_by_id`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM kb_article a JOIN app_user u ON u.id = a.locked_by_id WHERE u.department_id <> a.department_id OR u.roles <> ARRAY['agent']`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM kb_article WHERE locked_by_id IS NOT NULL AND state <> 'published'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM kb_version WHERE (state = 'draft') <> (review_stage IS NOT NULL)`)).toBe(0);
  });

  it('texts: names, keywords (3–12), summaries (80–300), HTML content of at most 200 KB; 10 % use a macro', async () => {
    const stats = await one<{ minsum: number; maxsum: number; minkw: number; maxkw: number; noname: number; macro: number; nohtml: number }>(
      `SELECT min(length(summary))::int AS minsum, max(length(summary))::int AS maxsum,
              min(array_length(string_to_array(keywords, ', '), 1))::int AS minkw, max(array_length(string_to_array(keywords, ', '), 1))::int AS maxkw,
              count(*) FILTER (WHERE v.name = '')::int AS noname, count(*) FILTER (WHERE content LIKE '%\`\`%')::int AS macro,
              count(*) FILTER (WHERE content NOT LIKE '<h2>%')::int AS nohtml
         FROM kb_version v JOIN kb_article a ON a.current_version_id = v.id`,
    );
    expect(stats.minsum).toBeGreaterThanOrEqual(80);
    expect(stats.maxsum).toBeLessThanOrEqual(300);
    expect(stats.minkw).toBeGreaterThanOrEqual(3);
    expect(stats.maxkw).toBeLessThanOrEqual(12);
    expect(stats.noname).toBe(0);
    expect(stats.nohtml).toBe(0);
    // Exactly 10 % reference one of their department's macros (10 §2.1, Macro row), raw: expanded on read (06 §5).
    expect(stats.macro).toBe(Math.round(N * 0.1));
    const macros = departmentMacros(referenceSeed);
    const departments = ['Service', 'Sales', 'Billing', 'Support', 'Claims'];
    expect(await count(
      `SELECT count(*) AS n FROM kb_article a JOIN kb_version v ON v.id = a.current_version_id JOIN department d ON d.id = a.department_id
         JOIN unnest($1::text[], $2::text[]) AS m(name, department) ON m.department = d.name AND position('\`\`' || m.name || '</p>' IN v.content) > 0`,
      [macros.map((m) => m.name), macros.map((m) => departments[m.department]!)],
    )).toBe(Math.round(N * 0.1));
    const longest = await one<{ n: number }>(`SELECT max(octet_length(content))::int AS n FROM kb_version`);
    expect(longest.n).toBeLessThanOrEqual(200_000);
  });
});

describe('folders and topics', () => {
  it('every department has root folders; trees at most 4 deep within one department; articles in their folder’s department', async () => {
    expect(await count(`SELECT count(*) AS n FROM department d WHERE NOT EXISTS (SELECT 1 FROM kb_folder f WHERE f.department_id = d.id AND f.parent_id IS NULL)`)).toBe(0);
    const depth = await one<{ d: number }>(`WITH RECURSIVE t AS (SELECT id, 1 AS d FROM kb_folder WHERE parent_id IS NULL UNION ALL SELECT f.id, t.d + 1 FROM kb_folder f JOIN t ON f.parent_id = t.id) SELECT max(d)::int AS d FROM t`);
    expect(depth.d).toBeLessThanOrEqual(4);
    expect(await count(`SELECT count(*) AS n FROM kb_folder c JOIN kb_folder p ON p.id = c.parent_id WHERE c.department_id <> p.department_id`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM kb_article a JOIN kb_folder f ON f.id = a.folder_id WHERE f.department_id <> a.department_id`)).toBe(0);
    const holding = await rows<{ id: string }>(`SELECT DISTINCT folder_id::text AS id FROM kb_article ORDER BY 1`);
    expect([...manifest.folders!].sort((a, b) => a - b)).toEqual(holding.map((r) => Number(r.id)).sort((a, b) => a - b));
  });

  it('one topic tree per department in en-us; 70 % of the articles linked to 1–3 topics of their department', async () => {
    expect(await count(`SELECT count(*) AS n FROM kb_topic WHERE parent_id IS NULL`)).toBe(5);
    expect(await count(`SELECT count(DISTINCT article_id) AS n FROM kb_topic_article`)).toBe(Math.round(N * 0.7));
    const per = await one<{ lo: number; hi: number }>(`SELECT min(n)::int AS lo, max(n)::int AS hi FROM (SELECT count(*) AS n FROM kb_topic_article GROUP BY article_id) x`);
    expect(per.lo).toBeGreaterThanOrEqual(1);
    expect(per.hi).toBeLessThanOrEqual(3);
    expect(await count(`SELECT count(*) AS n FROM kb_topic_article l JOIN kb_topic tp ON tp.id = l.topic_id JOIN kb_article a ON a.id = l.article_id WHERE tp.department_id <> a.department_id OR tp.language_id <> a.language_id`)).toBe(0);
  });
});

describe('attachments and the shared content pool (10 §2.6, §2.8)', () => {
  it('16,210 × scale articles with 1–5 files, every file stored once by SHA-256 and counted', async () => {
    const per = await one<{ articles: number; lo: number; hi: number; total: number }>(
      `SELECT count(*)::int AS articles, min(n)::int AS lo, max(n)::int AS hi, sum(n)::int AS total FROM (SELECT count(*) AS n FROM kb_attachment GROUP BY article_id) x`,
    );
    expect(per.articles).toBe(Math.round(16_210 * scale));
    expect(per.lo).toBe(1);
    expect(per.hi).toBeLessThanOrEqual(5);
    expect(per.total / per.articles).toBeGreaterThan(1.15);
    expect(per.total / per.articles).toBeLessThan(1.5);
    expect(await count(`SELECT count(*) AS n FROM stored_content s WHERE ref_count <> (SELECT count(*) FROM kb_attachment WHERE content_sha256 = s.sha256)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM stored_content WHERE sha256 <> sha256(bytes) OR size <> octet_length(bytes)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM kb_attachment a JOIN stored_content s ON s.sha256 = a.content_sha256 WHERE a.size <> s.size OR a.kind <> 'internal'`)).toBe(0);
    expect(await count(`SELECT count(DISTINCT content_sha256) AS n FROM kb_attachment`)).toBe(await count('SELECT count(*) AS n FROM stored_content'));
    const types = await rows<{ content_type: string }>(`SELECT DISTINCT content_type FROM kb_attachment`);
    const known = new Set(Object.values(poolKinds).map((k) => k.contentType));
    for (const r of types) expect(known.has(r.content_type)).toBe(true);
  });

  it('pool files are distinct, valid files of their type', () => {
    const pool = ContentPool.of(referenceSeed, scale);
    const seen = new Set<string>();
    const check: Record<PoolKind, (b: Buffer) => void> = {
      pdf: (b) => {
        const s = b.toString('latin1');
        expect(s.startsWith('%PDF-1.4')).toBe(true);
        expect(s.trimEnd().endsWith('%%EOF')).toBe(true);
        const xref = Number(/startxref\n(\d+)/.exec(s)![1]);
        expect(s.slice(xref, xref + 4)).toBe('xref');
        const offsets = [...s.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
        offsets.forEach((o, k) => expect(s.slice(o, o + 8)).toBe(`${k + 1} 0 obj\n`));
      },
      png: (b) => {
        expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
        const idat: Buffer[] = [];
        for (let at = 8; at < b.length; ) {
          const len = b.readUInt32BE(at);
          const type = b.subarray(at + 4, at + 8);
          const data = b.subarray(at + 8, at + 8 + len);
          expect(b.readUInt32BE(at + 8 + len)).toBe(crc32(data, crc32(type)) >>> 0);
          if (type.toString() === 'IDAT') idat.push(data);
          at += 12 + len;
        }
        const width = b.readUInt32BE(16);
        const height = b.readUInt32BE(20);
        expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + width * 3));
      },
      jpeg: (b) => {
        expect(b.subarray(0, 2).toString('hex')).toBe('ffd8');
        expect(b.subarray(-2).toString('hex')).toBe('ffd9');
        // Walk the segments up to the scan: each length lands on the next marker.
        let at = 2;
        const markers: number[] = [];
        while (b[at] === 0xff && b[at + 1] !== 0xda) {
          markers.push(b[at + 1]!);
          at += 2 + b.readUInt16BE(at + 2);
        }
        expect(b[at + 1]).toBe(0xda);
        expect(markers).toEqual(expect.arrayContaining([0xe0, 0xfe, 0xdb, 0xc0, 0xc4]));
      },
      docx: (b) => expectZip(b, ['[Content_Types].xml', 'word/document.xml']),
      xlsx: (b) => expectZip(b, ['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']),
      zip: (b) => expectZip(b, ['readme.txt', 'data.bin']),
      txt: (b) => expect(b.toString('utf8')).toMatch(/^ECE benchmark pool file \d+/),
      csv: (b) => expect(b.toString('utf8').split('\n')[0]).toBe('id,amount,description'),
    };
    for (const kind of Object.keys(check) as PoolKind[]) {
      const files = pool.files.filter((f) => f.kind === kind);
      expect(files.length, kind).toBeGreaterThan(0);
      for (const f of files.slice(0, 3)) {
        const b = pool.bytes(f.index);
        check[kind](b);
        // Near the planned size (small office files carry a fixed overhead).
        expect(Math.abs(b.length - f.size), `${kind} ${f.index}`).toBeLessThan(Math.max(0.05 * f.size, 2500));
        seen.add(createHash('sha256').update(b).digest('hex'));
      }
    }
    expect(seen.size).toBe([...seen].length);
    expect(pool.bytes(3).equals(ContentPool.of(referenceSeed, scale).bytes(3))).toBe(true);
    // 2,000 files at scale 1.0 (10 §2.6), fewer (at least 40) at small scales.
    expect(ContentPool.of(referenceSeed, 1).files).toHaveLength(2000);
    expect(pool.files).toHaveLength(40);
  });
});

function expectZip(b: Buffer, names: string[]) {
  const end = b.length - 22;
  expect(b.readUInt32LE(end)).toBe(0x06054b50);
  const entries = b.readUInt16LE(end + 10);
  let at = b.readUInt32LE(end + 16);
  const found: string[] = [];
  for (let k = 0; k < entries; k++) {
    expect(b.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = b.readUInt16LE(at + 28);
    const local = b.readUInt32LE(at + 42);
    const size = b.readUInt32LE(at + 20);
    const crc = b.readUInt32LE(at + 16);
    const localName = b.readUInt16LE(local + 26);
    const data = b.subarray(local + 30 + localName, local + 30 + localName + size);
    expect(crc32(data) >>> 0).toBe(crc);
    found.push(b.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength;
  }
  expect(found).toEqual(expect.arrayContaining(names));
}

describe('manifest (10 §3.2 APIs 30, 31)', () => {
  it('the most-read 20 %: published articles of the id range', async () => {
    const k = manifest.knowledge!;
    expect(k).toMatchObject({ articles: N, language: 'en-us', folders: F, topics: TOPICS });
    expect(k.mostRead).toHaveLength(Math.round(N * 0.2));
    expect(await count(`SELECT count(*) AS n FROM kb_article WHERE id = ANY($1::bigint[]) AND state = 'published'`, [k.mostRead])).toBe(k.mostRead.length);
    expect(k.seedSeconds).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  it('the same seed, scale and T give the same plan and texts', () => {
    const input = { seed: referenceSeed, scale, now: T, agents: [135, 60, 45, 36, 24], articleTypes: [[0, 1], [0], [0, 1], [0, 1], [0]], pool: ContentPool.of(referenceSeed, scale) };
    const hash = (p: ReturnType<typeof generateKnowledge>) => createHash('sha256').update(JSON.stringify(p, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v))).digest('hex');
    const a = generateKnowledge(input);
    expect(hash(a)).toBe(hash(generateKnowledge(input)));
    const text = (k: number) => {
      const { olderContent, ...fields } = new KnowledgeTexts(referenceSeed).article(a, k, 'Service');
      return { ...fields, older: olderContent(1) };
    };
    expect(text(7)).toEqual(text(7));
    expect(text(8)).not.toEqual(text(7));
    expect(hash(generateKnowledge({ ...input, seed: referenceSeed + 1 }))).not.toBe(hash(a));
  });
});

describe('search finds the seeded articles (06 §5 K3)', () => {
  it('by the words of a name, and a common term in rank order with its exact count', async () => {
    const codec = new CursorCodec(Buffer.alloc(32, 3));
    const ctx = { db: t.db, now: () => T, actor: { kind: 'customer' } } as unknown as ServiceContext;
    const language = await one<{ id: bigint; code: string; label: string }>(`SELECT id, code, label FROM language WHERE code = 'en-us'`);
    const q = await parseQuery('/system/ws/v12/kb/article/search?q=x', kbSearchQuery, undefined, codec);
    // Names that end with a product name (a rare word): their phrase finds a handful of articles.
    const sample = await rows<{ id: string; name: string }>(`SELECT id::text, name FROM kb_article WHERE name LIKE '% on %' ORDER BY id LIMIT 20`);
    expect(sample).toHaveLength(20);
    for (const a of sample) {
      const page = await searchArticles(ctx, { q: `"${a.name}"`, language: { ...language, id: BigInt(language.id) } }, q);
      expect(page.ids.map(String), a.name).toContain(a.id);
    }
    const common = await searchArticles(ctx, { q: 'password', language: { ...language, id: BigInt(language.id) } }, q);
    expect(common.count).toBeGreaterThan(N * 0.05);
    // The page is the rank order of 06 §5 computed independently; the count is every matching article.
    const expected = await rows<{ id: string }>(
      `SELECT id::text FROM kb_article WHERE search_document @@ to_tsquery('kb_en', 'password')
        ORDER BY ts_rank_cd(search_document, to_tsquery('kb_en', 'password')) DESC, last_modified_at DESC, id LIMIT 25`,
    );
    expect(common.ids.map(String)).toEqual(expected.map((r) => r.id));
    expect(common.count).toBe(await count(`SELECT count(*) AS n FROM kb_article WHERE search_document @@ to_tsquery('kb_en', 'passwords')`));
  });
});
