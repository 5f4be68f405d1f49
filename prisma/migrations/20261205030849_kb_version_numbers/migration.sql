-- AlterTable
ALTER TABLE "kb_article" ADD COLUMN     "highest_version_number" INTEGER NOT NULL DEFAULT 0;

-- Hand-written below: the refresh also keeps the highest number an article ever had (06 §3.2: never reused).
CREATE OR REPLACE FUNCTION kb_refresh_articles(article_ids bigint[]) RETURNS void LANGUAGE sql AS $$
  UPDATE kb_article a SET
    current_version_id = cur.id, name = cur.name, state = cur.state, version_number = cur.version_number,
    expiration_date = cur.expiration_date,
    last_modified_at = top.last_modified_at, last_modified_by_id = top.last_modified_by_id,
    highest_version_number = greatest(a.highest_version_number, top.version_number),
    search_document = kb_search_document(kb_search_config(l.code), cur.name, cur.keywords, cur.summary, cur.description, cur.content)
  FROM (SELECT DISTINCT ON (article_id) * FROM kb_version WHERE article_id = ANY(article_ids)
        ORDER BY article_id, (state = 'published') DESC, version_number DESC) cur,
       (SELECT DISTINCT ON (article_id) article_id, version_number, last_modified_at, last_modified_by_id FROM kb_version
        WHERE article_id = ANY(article_ids) ORDER BY article_id, version_number DESC) top,
       language l
  WHERE a.id = cur.article_id AND a.id = top.article_id AND l.id = a.language_id
$$;

UPDATE kb_article a SET highest_version_number = v.n FROM (SELECT article_id, max(version_number) AS n FROM kb_version GROUP BY article_id) v
 WHERE v.article_id = a.id;
