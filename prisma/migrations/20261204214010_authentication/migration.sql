-- CreateTable
CREATE TABLE "department" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" BIGSERIAL NOT NULL,
    "login_id" VARCHAR(255) NOT NULL,
    "screen_name" VARCHAR(255) NOT NULL,
    "first_name" VARCHAR(124) NOT NULL,
    "last_name" VARCHAR(124),
    "email_address" VARCHAR(255),
    "department_id" BIGINT NOT NULL,
    "state" VARCHAR(16) NOT NULL DEFAULT 'enabled',
    "roles" TEXT[] DEFAULT ARRAY['agent']::TEXT[],
    "available_chat" BOOLEAN NOT NULL DEFAULT false,
    "available_email" BOOLEAN NOT NULL DEFAULT false,
    "max_load_chat" INTEGER NOT NULL DEFAULT 3,
    "max_load_email" INTEGER NOT NULL DEFAULT 10,
    "max_activities_to_pull" INTEGER NOT NULL DEFAULT 1,
    "language_id" BIGINT,
    "password_hash" VARCHAR(255) NOT NULL,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "first_failure_at" TIMESTAMPTZ(3),
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_department" (
    "user_id" BIGINT NOT NULL,
    "department_id" BIGINT NOT NULL,

    CONSTRAINT "user_department_pkey" PRIMARY KEY ("user_id","department_id")
);

-- CreateTable
CREATE TABLE "user_group" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "department_id" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "user_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_group_member" (
    "group_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,

    CONSTRAINT "user_group_member_pkey" PRIMARY KEY ("group_id","user_id")
);

-- CreateTable
CREATE TABLE "language" (
    "id" BIGSERIAL NOT NULL,
    "code" VARCHAR(16) NOT NULL,
    "label" VARCHAR(255) NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "language_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "setting" (
    "name" VARCHAR(64) NOT NULL,
    "value" VARCHAR(64) NOT NULL,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "client_application" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "type" VARCHAR(16) NOT NULL DEFAULT 'chat',
    "client_key" VARCHAR(32) NOT NULL,
    "secret_hash" VARCHAR(255) NOT NULL,
    "webhook_secret" VARCHAR(64) NOT NULL,
    "state" VARCHAR(16) NOT NULL DEFAULT 'active',
    "callback_url" VARCHAR(2000) NOT NULL,
    "callback_state" VARCHAR(16) NOT NULL DEFAULT 'active',
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "first_failure_at" TIMESTAMPTZ(3),
    "locked_until" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "client_application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" BIGSERIAL NOT NULL,
    "id_hash" BYTEA NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "user_id" BIGINT,
    "contact_person_id" BIGINT,
    "client_application_id" BIGINT,
    "csrf_hash" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "client_ip" VARCHAR(64),
    "user_agent" VARCHAR(512),

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "app_user_department_id_idx" ON "app_user"("department_id");

-- CreateIndex
CREATE INDEX "user_department_department_id_idx" ON "user_department"("department_id");

-- CreateIndex
CREATE INDEX "user_group_department_id_idx" ON "user_group"("department_id");

-- CreateIndex
CREATE INDEX "user_group_member_user_id_idx" ON "user_group_member"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "language_code_key" ON "language"("code");

-- CreateIndex
CREATE UNIQUE INDEX "client_application_client_key_key" ON "client_application"("client_key");

-- CreateIndex
CREATE UNIQUE INDEX "session_id_hash_key" ON "session"("id_hash");

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_department" ADD CONSTRAINT "user_department_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_department" ADD CONSTRAINT "user_department_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_group" ADD CONSTRAINT "user_group_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_group_member" ADD CONSTRAINT "user_group_member_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "user_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_group_member" ADD CONSTRAINT "user_group_member_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_client_application_id_fkey" FOREIGN KEY ("client_application_id") REFERENCES "client_application"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: what Prisma does not model.
-- Login ids and screen names are unique case-insensitively among users not deleted (07 §3.1); deleting frees them.
CREATE UNIQUE INDEX "app_user_login_id_live_key" ON "app_user" (lower("login_id")) WHERE "state" <> 'deleted';
CREATE UNIQUE INDEX "app_user_screen_name_live_key" ON "app_user" (lower("screen_name")) WHERE "state" <> 'deleted';
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_state_check" CHECK ("state" IN ('enabled', 'disabled', 'deleted'));
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_roles_check"
  CHECK (cardinality("roles") >= 1 AND "roles" <@ ARRAY['administrator', 'supervisor', 'agent']::text[]);
CREATE UNIQUE INDEX "department_name_key" ON "department" (lower("name"));
CREATE UNIQUE INDEX "user_group_name_key" ON "user_group" ("department_id", lower("name"));
CREATE UNIQUE INDEX "client_application_name_key" ON "client_application" (lower("name")) WHERE "deleted_at" IS NULL;
CREATE UNIQUE INDEX "language_single_default" ON "language" ("is_default") WHERE "is_default";

-- Live sessions per principal, oldest first: the session limit and forceLogin eviction (02 §6.3).
CREATE INDEX "session_live_user" ON "session" ("user_id", "created_at", "id") WHERE "ended_at" IS NULL AND "user_id" IS NOT NULL;
CREATE INDEX "session_live_contact_person" ON "session" ("contact_person_id", "created_at", "id") WHERE "ended_at" IS NULL AND "contact_person_id" IS NOT NULL;
CREATE INDEX "session_live_client" ON "session" ("client_application_id", "created_at", "id") WHERE "ended_at" IS NULL AND "client_application_id" IS NOT NULL;
-- Purge of ended and expired rows.
CREATE INDEX "session_last_seen" ON "session" ("last_seen_at");

-- Seeded languages (07 §14).
INSERT INTO "language" ("id", "code", "label", "is_default") VALUES (1, 'en-us', 'English (United States)', true), (2, 'es-es', 'Spanish (Spain)', false);
SELECT setval(pg_get_serial_sequence('language', 'id'), 2);
