// npm run bench:knowledge -- [--duration 30] [--rate 50] [--connections 5] [--only name]
// The knowledge APIs of the load profile (10 §3.2 #30, #31) and full-text search (06 K3), one at a time at a fixed
// rate, against a server in its own process on DATABASE_URL (PostgreSQL seeded with `npm run bench:seed`). Article
// picks: 80 % from the most-read 20 % (here: the 20 % with the lowest ids), folders that hold articles, search terms
// drawn from the seeded articles' own names (common and rare words alike).
import { any, benchOptions, runPerApi, withDatabase, type PerApi } from './per-api.ts';

const o = benchOptions();
const { articles, folders, words, count } = await withDatabase(o.databaseUrl, async (column) => ({
  articles: await column(`SELECT id::text AS v FROM kb_article ORDER BY id`),
  folders: await column(`SELECT DISTINCT folder_id::text AS v FROM kb_article`),
  words: await column(`SELECT DISTINCT lower(w) AS v FROM (SELECT regexp_split_to_table(name, '[^[:alpha:]]+') AS w FROM kb_article TABLESAMPLE SYSTEM (2)) t
    WHERE length(w) >= 5 LIMIT 400`),
  count: (await column('SELECT count(*)::text AS v FROM kb_article'))[0],
}));
if (!articles.length) throw new Error('no seeded articles: run npm run bench:seed first');
const mostRead = articles.slice(0, Math.max(1, Math.floor(articles.length / 5)));
const article = () => (Math.random() < 0.8 ? any(mostRead) : any(articles));
const A = '/system/ws/v12/kb/article';

const apis: PerApi[] = [
  { name: 'Get Article by ID (default)', expect: [200], request: () => ({ method: 'GET', path: `${A}/${article()}` }) },
  { name: 'Get Article by ID ($attribute=all)', expect: [200], request: () => ({ method: 'GET', path: `${A}/${article()}?$attribute=all` }) },
  { name: 'List Articles in Folder', expect: [200], request: () => ({ method: 'GET', path: `${A}?folder=${any(folders)}&$pagesize=25&$pagenum=1` }) },
  {
    name: 'Full-text Search',
    expect: [200, 204],
    request: () => ({ method: 'GET', path: `${A}/search?q=${encodeURIComponent(Math.random() < 0.5 ? any(words) : `${any(words)} ${any(words)}`)}&$pagesize=10` }),
  },
];

await runPerApi(o, 18094, apis, `PostgreSQL, ${count} articles`);
