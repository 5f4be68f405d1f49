-- CreateTable
CREATE TABLE "stored_content" (
    "sha256" BYTEA NOT NULL,
    "bytes" BYTEA NOT NULL,
    "size" BIGINT NOT NULL,
    "ref_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stored_content_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "kb_folder" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "parent_id" BIGINT,
    "department_id" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "kb_folder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kb_article_type" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "department_id" BIGINT,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kb_article_type_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kb_article" (
    "id" BIGSERIAL NOT NULL,
    "alternate_id" VARCHAR(64) NOT NULL DEFAULT '',
    "folder_id" BIGINT NOT NULL,
    "department_id" BIGINT NOT NULL,
    "language_id" BIGINT NOT NULL,
    "article_type_id" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "locked_by_id" BIGINT,
    "locked_at" TIMESTAMPTZ(3),
    "current_version_id" BIGINT,
    "name" VARCHAR(255) NOT NULL DEFAULT '',
    "state" VARCHAR(12) NOT NULL DEFAULT 'transient',
    "version_number" INTEGER NOT NULL DEFAULT 1,
    "expiration_date" TIMESTAMPTZ(3),
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,
    "search_document" tsvector,

    CONSTRAINT "kb_article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kb_version" (
    "id" BIGSERIAL NOT NULL,
    "article_id" BIGINT NOT NULL,
    "version_number" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "state" VARCHAR(12) NOT NULL,
    "review_stage" VARCHAR(12),
    "keywords" VARCHAR(1000),
    "summary" VARCHAR(4000),
    "description" VARCHAR(4000),
    "content" TEXT,
    "availability_date" TIMESTAMPTZ(3),
    "expiration_date" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "kb_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kb_note" (
    "id" BIGSERIAL NOT NULL,
    "article_id" BIGINT NOT NULL,
    "content" VARCHAR(1500) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,

    CONSTRAINT "kb_note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kb_attachment" (
    "id" BIGSERIAL NOT NULL,
    "article_id" BIGINT NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "file_name" VARCHAR(255),
    "content_type" VARCHAR(255),
    "size" BIGINT,
    "url" VARCHAR(2000),
    "content_sha256" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "kb_attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kb_topic" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "department_id" BIGINT NOT NULL,
    "language_id" BIGINT NOT NULL,
    "parent_id" BIGINT,
    "is_translatable" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "kb_topic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kb_topic_article" (
    "topic_id" BIGINT NOT NULL,
    "article_id" BIGINT NOT NULL,
    "position" BIGSERIAL NOT NULL,

    CONSTRAINT "kb_topic_article_pkey" PRIMARY KEY ("topic_id","article_id")
);

-- CreateTable
CREATE TABLE "macro" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "description" VARCHAR(4000),
    "value" VARCHAR(32000) NOT NULL,
    "department_id" BIGINT NOT NULL,
    "state" VARCHAR(8) NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "macro_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "kb_folder_parent_id_idx" ON "kb_folder"("parent_id");

-- CreateIndex
CREATE INDEX "kb_folder_department_id_idx" ON "kb_folder"("department_id");

-- CreateIndex
CREATE INDEX "kb_article_type_department_id_idx" ON "kb_article_type"("department_id");

-- CreateIndex
CREATE INDEX "kb_article_folder_id_id_idx" ON "kb_article"("folder_id", "id");

-- CreateIndex
CREATE INDEX "kb_article_department_id_id_idx" ON "kb_article"("department_id", "id");

-- CreateIndex
CREATE INDEX "kb_article_article_type_id_idx" ON "kb_article"("article_type_id");

-- CreateIndex
CREATE INDEX "kb_article_last_modified_at_idx" ON "kb_article"("last_modified_at");

-- CreateIndex
CREATE UNIQUE INDEX "kb_version_article_id_version_number_key" ON "kb_version"("article_id", "version_number");

-- CreateIndex
CREATE INDEX "kb_note_article_id_created_at_id_idx" ON "kb_note"("article_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "kb_attachment_article_id_id_idx" ON "kb_attachment"("article_id", "id");

-- CreateIndex
CREATE INDEX "kb_attachment_content_sha256_idx" ON "kb_attachment"("content_sha256");

-- CreateIndex
CREATE INDEX "kb_topic_parent_id_idx" ON "kb_topic"("parent_id");

-- CreateIndex
CREATE INDEX "kb_topic_department_id_language_id_idx" ON "kb_topic"("department_id", "language_id");

-- CreateIndex
CREATE INDEX "kb_topic_article_topic_id_position_idx" ON "kb_topic_article"("topic_id", "position");

-- CreateIndex
CREATE INDEX "kb_topic_article_article_id_idx" ON "kb_topic_article"("article_id");

-- CreateIndex
CREATE INDEX "macro_department_id_idx" ON "macro"("department_id");

-- AddForeignKey
ALTER TABLE "kb_folder" ADD CONSTRAINT "kb_folder_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "kb_folder"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_folder" ADD CONSTRAINT "kb_folder_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_article_type" ADD CONSTRAINT "kb_article_type_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_article" ADD CONSTRAINT "kb_article_folder_id_fkey" FOREIGN KEY ("folder_id") REFERENCES "kb_folder"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_article" ADD CONSTRAINT "kb_article_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_article" ADD CONSTRAINT "kb_article_language_id_fkey" FOREIGN KEY ("language_id") REFERENCES "language"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_article" ADD CONSTRAINT "kb_article_article_type_id_fkey" FOREIGN KEY ("article_type_id") REFERENCES "kb_article_type"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_version" ADD CONSTRAINT "kb_version_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "kb_article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_note" ADD CONSTRAINT "kb_note_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "kb_article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_attachment" ADD CONSTRAINT "kb_attachment_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "kb_article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_attachment" ADD CONSTRAINT "kb_attachment_content_sha256_fkey" FOREIGN KEY ("content_sha256") REFERENCES "stored_content"("sha256") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_topic" ADD CONSTRAINT "kb_topic_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_topic" ADD CONSTRAINT "kb_topic_language_id_fkey" FOREIGN KEY ("language_id") REFERENCES "language"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_topic" ADD CONSTRAINT "kb_topic_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "kb_topic"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_topic_article" ADD CONSTRAINT "kb_topic_article_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "kb_topic"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_topic_article" ADD CONSTRAINT "kb_topic_article_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "kb_article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "macro" ADD CONSTRAINT "macro_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below.

-- Knowledge search (06 §5 K3): accent-insensitive configurations, English and Spanish stemming, none otherwise.
-- Both extensions are trusted (the database owner may create them); PGlite loads them (src/db/pglite.ts).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TEXT SEARCH CONFIGURATION kb_en (COPY = english);
ALTER TEXT SEARCH CONFIGURATION kb_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION kb_es (COPY = spanish);
ALTER TEXT SEARCH CONFIGURATION kb_es ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
CREATE TEXT SEARCH CONFIGURATION kb_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION kb_simple ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

CREATE FUNCTION kb_search_config(language_code text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE WHEN lower(language_code) LIKE 'en%' THEN 'kb_en' WHEN lower(language_code) LIKE 'es%' THEN 'kb_es' ELSE 'kb_simple' END)::regconfig
$$;

-- Weights of 06 §5 K3: name and keywords A, summary and description B, content text (tags and entities removed) C.
CREATE FUNCTION kb_search_document(cfg regconfig, name text, keywords text, summary text, description text, content text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(cfg, coalesce(name, '')), 'A')
      || setweight(to_tsvector(cfg, coalesce(keywords, '')), 'A')
      || setweight(to_tsvector(cfg, coalesce(summary, '')), 'B')
      || setweight(to_tsvector(cfg, coalesce(description, '')), 'B')
      || setweight(to_tsvector(cfg, regexp_replace(regexp_replace(coalesce(content, ''), '<[^>]*>', ' ', 'g'), '&[#A-Za-z0-9]+;', ' ', 'g')), 'C')
$$;

-- The article's mirrors of its current version (published, else the highest), the stamp of its highest version
-- (06 §4.3) and the search document; called in the transaction of every write that touches versions.
CREATE FUNCTION kb_refresh_articles(article_ids bigint[]) RETURNS void LANGUAGE sql AS $$
  UPDATE kb_article a SET
    current_version_id = cur.id, name = cur.name, state = cur.state, version_number = cur.version_number,
    expiration_date = cur.expiration_date,
    last_modified_at = top.last_modified_at, last_modified_by_id = top.last_modified_by_id,
    search_document = kb_search_document(kb_search_config(l.code), cur.name, cur.keywords, cur.summary, cur.description, cur.content)
  FROM (SELECT DISTINCT ON (article_id) * FROM kb_version WHERE article_id = ANY(article_ids)
        ORDER BY article_id, (state = 'published') DESC, version_number DESC) cur,
       (SELECT DISTINCT ON (article_id) article_id, last_modified_at, last_modified_by_id FROM kb_version
        WHERE article_id = ANY(article_ids) ORDER BY article_id, version_number DESC) top,
       language l
  WHERE a.id = cur.article_id AND a.id = top.article_id AND l.id = a.language_id
$$;

CREATE INDEX kb_article_search_document ON kb_article USING gin (search_document);
-- K2 `name` (`*` wildcards, case-insensitive) is an ILIKE this index serves.
CREATE INDEX kb_article_name_trgm ON kb_article USING gin (name gin_trgm_ops);

-- alternateId defaults to 'EG' || id (06 §3.1) and is unique case-insensitively.
CREATE FUNCTION kb_article_alternate_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.alternate_id IS NULL OR NEW.alternate_id = '' THEN NEW.alternate_id := 'EG' || NEW.id; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER kb_article_alternate_id BEFORE INSERT ON kb_article FOR EACH ROW EXECUTE FUNCTION kb_article_alternate_id();
CREATE UNIQUE INDEX kb_article_alternate_id_key ON kb_article (lower(alternate_id));

-- The version model of 06 §4.1: at most one working copy and one published version per article (a publish
-- archives the previous published version before it publishes the new one).
ALTER TABLE kb_version ADD CONSTRAINT kb_version_state_check CHECK (state IN ('transient', 'draft', 'published', 'archived'));
ALTER TABLE kb_version ADD CONSTRAINT kb_version_review_stage_check CHECK (review_stage IN ('authoring', 'review', 'approved'));
ALTER TABLE kb_article ADD CONSTRAINT kb_article_state_check CHECK (state IN ('transient', 'draft', 'published', 'archived'));
CREATE UNIQUE INDEX kb_version_one_transient ON kb_version (article_id) WHERE state = 'transient';
CREATE UNIQUE INDEX kb_version_one_published ON kb_version (article_id) WHERE state = 'published';

ALTER TABLE kb_attachment ADD CONSTRAINT kb_attachment_kind_check CHECK (
  (kind = 'internal' AND content_sha256 IS NOT NULL AND url IS NULL) OR (kind = 'external' AND url IS NOT NULL AND content_sha256 IS NULL));

-- Sibling names are unique case-insensitively (06 §3.5, §3.6, 409-102); macro names within a department (07 §11).
CREATE UNIQUE INDEX kb_folder_sibling_name ON kb_folder (parent_id, lower(name)) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX kb_folder_root_name ON kb_folder (department_id, lower(name)) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX kb_topic_sibling_name ON kb_topic (parent_id, lower(name)) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX kb_topic_root_name ON kb_topic (department_id, language_id, lower(name)) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX macro_department_name ON macro (department_id, lower(name));
ALTER TABLE macro ADD CONSTRAINT macro_state_check CHECK (state IN ('active', 'inactive'));

-- One default article type per department, and one global default (06 §3.7).
CREATE UNIQUE INDEX kb_article_type_one_default ON kb_article_type (coalesce(department_id, 0)) WHERE is_default;

-- Reference counts of stored content follow every table whose rows point at it through `content_sha256`
-- (this one and the activity attachments of the email channel); content goes with its last reference.
CREATE FUNCTION stored_content_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.content_sha256 IS NOT NULL THEN
    UPDATE stored_content SET ref_count = ref_count + 1 WHERE sha256 = NEW.content_sha256;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.content_sha256 IS NOT NULL THEN
    UPDATE stored_content SET ref_count = ref_count - 1 WHERE sha256 = OLD.content_sha256;
    DELETE FROM stored_content WHERE sha256 = OLD.content_sha256 AND ref_count <= 0;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER kb_attachment_content AFTER INSERT OR DELETE ON kb_attachment FOR EACH ROW EXECUTE FUNCTION stored_content_follow();
CREATE TRIGGER kb_attachment_content_update AFTER UPDATE OF content_sha256 ON kb_attachment FOR EACH ROW
  WHEN (OLD.content_sha256 IS DISTINCT FROM NEW.content_sha256) EXECUTE FUNCTION stored_content_follow();

-- Seed data: the global default article type, and a root knowledge folder for every existing department (07 §4).
INSERT INTO kb_article_type (name, description, is_default) VALUES ('General', 'Default type', true);
INSERT INTO kb_folder (name, department_id) SELECT name, id FROM department;
