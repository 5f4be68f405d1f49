-- Hand-written. K3 ranking reads a small second text-search vector instead of the whole search document
-- (docs/knowledge/search.md, "Ranking document").
--
-- rank_document = the name, keywords (weight A), summary and description (weight B) entries of search_document,
-- positions unchanged: ts_filter keeps the lexemes that have an A or B position, with only those positions. It is
-- a few hundred bytes, kept inline in the heap row (STORAGE MAIN), so ranking a match never opens the TOASTed search
-- document (up to hundreds of KB); search_document still does all the matching through its GIN index.
--
-- A stored generated column: PostgreSQL keeps it equal to ts_filter(search_document) on every write, whoever writes
-- the search document (kb_refresh_articles today), and adding it rewrites the table once, filling existing rows and
-- rebuilding the indexes in bulk (an UPDATE would leave a dead copy of every row and insert each row's lexemes into
-- the GIN index one by one).
--
-- search_document: STORAGE EXTERNAL. pglz does not shrink tsvectors by the 25 % it requires, so every large
-- document was already stored out of line uncompressed after a wasted compression attempt on each write; EXTERNAL
-- skips the attempt. Nothing on a search path reads the value (the GIN match needs no recheck).
ALTER TABLE "kb_article"
  ALTER COLUMN "search_document" SET STORAGE EXTERNAL,
  ADD COLUMN "rank_document" tsvector GENERATED ALWAYS AS (ts_filter("search_document", '{a,b}')) STORED;
ALTER TABLE "kb_article" ALTER COLUMN "rank_document" SET STORAGE MAIN;

-- The matches that rank above 0 are exactly those whose rank_document matches as well: for a query without an
-- exclusion this index finds them without touching the (many more) articles that only mention the words in their
-- content, so a common word ranks a few thousand rows instead of every article that contains it.
CREATE INDEX "kb_article_rank_document" ON "kb_article" USING gin ("rank_document");
