// npm run bench:knowledge -- [--duration 30] [--rate 50] [--connections 5] [--only name]
// The knowledge APIs of the load profile (10 §3.2 #30, #31) and full-text search (06 K3), one at a time at a fixed
// rate, against a server in its own process on DATABASE_URL (PostgreSQL seeded with `npm run bench:seed`). Article
// picks: 80 % from the most-read 20 % (here: the 20 % with the lowest ids), folders that hold articles. Searches, two
// kinds measured apart: what a reader types to find an article (2–3 words of a seeded article's name), and one
// common word (a word of the names, found in thousands of articles: the rank must read every match).
import { any, benchOptions, runPerApi, withDatabase, type PerApi } from './per-api.ts';

const o = benchOptions();
const { articles, folders, words, names, count } = await withDatabase(o.databaseUrl, async (column) => ({
  articles: await column(`SELECT id::text AS v FROM kb_article ORDER BY id`),
  folders: await column(`SELECT DISTINCT folder_id::text AS v FROM kb_article`),
  words: await column(`SELECT DISTINCT lower(w) AS v FROM (SELECT regexp_split_to_table(name, '[^[:alpha:]]+') AS w FROM kb_article TABLESAMPLE SYSTEM (2)) t
    WHERE length(w) >= 5 LIMIT 400`),
  names: await column(`SELECT name AS v FROM kb_article TABLESAMPLE SYSTEM (2) LIMIT 1000`),
  count: (await column('SELECT count(*)::text AS v FROM kb_article'))[0],
}));
if (!articles.length) throw new Error('no seeded articles: run npm run bench:seed first');
const mostRead = articles.slice(0, Math.max(1, Math.floor(articles.length / 5)));
const article = () => (Math.random() < 0.8 ? any(mostRead) : any(articles));
const A = '/system/ws/v12/kb/article';
/** 2–3 consecutive words of an article name, as a reader remembers a title. */
function titleWords(): string {
  const ws = any(names).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
  const n = Math.min(ws.length, 2 + Math.floor(Math.random() * 2));
  const start = Math.floor(Math.random() * (ws.length - n + 1));
  return ws.slice(start, start + n).join(' ');
}
const search = (q: string) => ({ method: 'GET' as const, path: `${A}/search?q=${encodeURIComponent(q)}&$pagesize=10` });

const apis: PerApi[] = [
  { name: 'Get Article by ID (default)', expect: [200], request: () => ({ method: 'GET', path: `${A}/${article()}` }) },
  { name: 'Get Article by ID ($attribute=all)', expect: [200], request: () => ({ method: 'GET', path: `${A}/${article()}?$attribute=all` }) },
  { name: 'List Articles in Folder', expect: [200], request: () => ({ method: 'GET', path: `${A}?folder=${any(folders)}&$pagesize=25&$pagenum=1` }) },
  { name: 'Full-text Search (2–3 words of a title)', expect: [200, 204], request: () => search(titleWords()) },
  { name: 'Full-text Search (one common word)', expect: [200, 204], request: () => search(any(words)) },
];

await runPerApi(o, 18094, apis, `PostgreSQL, ${count} articles`);
