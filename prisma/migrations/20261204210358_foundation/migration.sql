-- CreateTable
CREATE TABLE "config_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "value" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "config_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cors_origin" (
    "id" BIGSERIAL NOT NULL,
    "origin" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_user_id" BIGINT,

    CONSTRAINT "cors_origin_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cors_origin_origin_key" ON "cors_origin"("origin");

-- config_version is a single row. Administration writes increment it inside their own transaction; the
-- trigger turns each increment into a notification that every instance LISTENs to (07 §1.1). Instances also
-- poll the row once a second, so a lost notification delays a cache refresh by at most that.
ALTER TABLE "config_version" ADD CONSTRAINT "config_version_single_row" CHECK ("id" = 1);
INSERT INTO "config_version" ("id", "value") VALUES (1, 0);

CREATE FUNCTION "ece_notify_config_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ece_config_version', NEW."value"::text);
  RETURN NEW;
END
$$;

CREATE TRIGGER "config_version_notify" AFTER UPDATE ON "config_version"
  FOR EACH ROW EXECUTE FUNCTION "ece_notify_config_version"();
