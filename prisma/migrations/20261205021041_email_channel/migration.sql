-- CreateTable
CREATE TABLE "email_alias" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "email_address" VARCHAR(320) NOT NULL,
    "display_name" VARCHAR(255),
    "department_id" BIGINT NOT NULL,
    "queue_id" BIGINT NOT NULL,
    "state" VARCHAR(8) NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "email_alias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workflow" (
    "id" BIGSERIAL NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "department_id" BIGINT NOT NULL,
    "state" VARCHAR(8) NOT NULL DEFAULT 'active',
    "sort_order" INTEGER NOT NULL,
    "conditions" JSONB NOT NULL DEFAULT '{}',
    "actions" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "workflow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alarm_event" (
    "id" BIGSERIAL NOT NULL,
    "workflow_id" BIGINT NOT NULL,
    "activity_id" BIGINT NOT NULL,
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actions" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "alarm_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "standard_message" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "department_id" BIGINT NOT NULL,
    "language_id" BIGINT NOT NULL,
    "subject" VARCHAR(1024),
    "text" TEXT,
    "html" TEXT,
    "keywords" VARCHAR(1000),
    "state" VARCHAR(8) NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "standard_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_attachment" (
    "id" BIGSERIAL NOT NULL,
    "activity_id" BIGINT NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "content_type" VARCHAR(255) NOT NULL,
    "size" BIGINT NOT NULL,
    "is_inline" BOOLEAN NOT NULL DEFAULT false,
    "content_id" VARCHAR(255),
    "content_sha256" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachment_url_token" (
    "token_hash" BYTEA NOT NULL,
    "attachment_id" BIGINT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "attachment_url_token_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "purge_job" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "target" VARCHAR(32) NOT NULL,
    "older_than_days" INTEGER NOT NULL,
    "department_id" BIGINT,
    "frequency" VARCHAR(8) NOT NULL DEFAULT 'manual',
    "time" VARCHAR(5),
    "state" VARCHAR(8) NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "purge_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "purge_run" (
    "id" BIGSERIAL NOT NULL,
    "job_id" BIGINT NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "dry_run" BOOLEAN NOT NULL,
    "cutoff" TIMESTAMPTZ(3),
    "requested_by_id" BIGINT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "matched" BIGINT NOT NULL DEFAULT 0,
    "purged" BIGINT NOT NULL DEFAULT 0,
    "error" VARCHAR(4000),

    CONSTRAINT "purge_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "email_alias_department_id_idx" ON "email_alias"("department_id");

-- CreateIndex
CREATE INDEX "email_alias_queue_id_idx" ON "email_alias"("queue_id");

-- CreateIndex
CREATE INDEX "workflow_department_id_kind_state_sort_order_idx" ON "workflow"("department_id", "kind", "state", "sort_order");

-- CreateIndex
CREATE INDEX "workflow_kind_state_idx" ON "workflow"("kind", "state");

-- CreateIndex
CREATE INDEX "alarm_event_workflow_id_fired_at_idx" ON "alarm_event"("workflow_id", "fired_at");

-- CreateIndex
CREATE INDEX "alarm_event_activity_id_idx" ON "alarm_event"("activity_id");

-- CreateIndex
CREATE INDEX "alarm_event_fired_at_idx" ON "alarm_event"("fired_at");

-- CreateIndex
CREATE UNIQUE INDEX "alarm_event_workflow_id_activity_id_key" ON "alarm_event"("workflow_id", "activity_id");

-- CreateIndex
CREATE INDEX "standard_message_department_id_id_idx" ON "standard_message"("department_id", "id");

-- CreateIndex
CREATE INDEX "standard_message_language_id_idx" ON "standard_message"("language_id");

-- CreateIndex
CREATE INDEX "standard_message_last_modified_at_idx" ON "standard_message"("last_modified_at");

-- CreateIndex
CREATE INDEX "standard_message_name_trgm" ON "standard_message" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "standard_message_keywords_trgm" ON "standard_message" USING GIN ("keywords" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "activity_attachment_activity_id_id_idx" ON "activity_attachment"("activity_id", "id");

-- CreateIndex
CREATE INDEX "activity_attachment_content_sha256_idx" ON "activity_attachment"("content_sha256");

-- CreateIndex
CREATE INDEX "attachment_url_token_attachment_id_idx" ON "attachment_url_token"("attachment_id");

-- CreateIndex
CREATE INDEX "attachment_url_token_expires_at_idx" ON "attachment_url_token"("expires_at");

-- CreateIndex
CREATE INDEX "purge_run_job_id_queued_at_idx" ON "purge_run"("job_id", "queued_at");

-- CreateIndex
CREATE INDEX "purge_run_status_idx" ON "purge_run"("status");

-- AddForeignKey
ALTER TABLE "email_alias" ADD CONSTRAINT "email_alias_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_alias" ADD CONSTRAINT "email_alias_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "queue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow" ADD CONSTRAINT "workflow_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alarm_event" ADD CONSTRAINT "alarm_event_workflow_id_fkey" FOREIGN KEY ("workflow_id") REFERENCES "workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alarm_event" ADD CONSTRAINT "alarm_event_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "standard_message" ADD CONSTRAINT "standard_message_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "standard_message" ADD CONSTRAINT "standard_message_language_id_fkey" FOREIGN KEY ("language_id") REFERENCES "language"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_attachment" ADD CONSTRAINT "activity_attachment_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_attachment" ADD CONSTRAINT "activity_attachment_content_sha256_fkey" FOREIGN KEY ("content_sha256") REFERENCES "stored_content"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment_url_token" ADD CONSTRAINT "attachment_url_token_attachment_id_fkey" FOREIGN KEY ("attachment_id") REFERENCES "activity_attachment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purge_job" ADD CONSTRAINT "purge_job_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purge_run" ADD CONSTRAINT "purge_run_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "purge_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below.

CREATE UNIQUE INDEX email_alias_email_address_key ON email_alias (lower(email_address));
ALTER TABLE email_alias ADD CONSTRAINT email_alias_state_check CHECK (state IN ('active', 'inactive'));
ALTER TABLE workflow ADD CONSTRAINT workflow_kind_check CHECK (kind IN ('inbound', 'outbound', 'alarm'));
ALTER TABLE workflow ADD CONSTRAINT workflow_state_check CHECK (state IN ('active', 'inactive'));
ALTER TABLE workflow ADD CONSTRAINT workflow_order_check CHECK (sort_order >= 1);
ALTER TABLE standard_message ADD CONSTRAINT standard_message_state_check CHECK (state IN ('active', 'inactive'));
ALTER TABLE standard_message ADD CONSTRAINT standard_message_contents_check CHECK (text IS NOT NULL OR html IS NOT NULL);
ALTER TABLE purge_job ADD CONSTRAINT purge_job_target_check CHECK (target IN ('completed_activities', 'closed_cases', 'activity_attachments', 'archived_kb_versions', 'webhook_events', 'alarm_events'));
ALTER TABLE purge_job ADD CONSTRAINT purge_job_schedule_check CHECK ((frequency = 'manual' AND time IS NULL) OR (frequency = 'daily' AND time IS NOT NULL));
ALTER TABLE purge_job ADD CONSTRAINT purge_job_state_check CHECK (state IN ('active', 'inactive'));
ALTER TABLE purge_run ADD CONSTRAINT purge_run_status_check CHECK (status IN ('queued', 'running', 'completed', 'failed'));
-- 07 §17.2: at most one queued or running run per job.
CREATE UNIQUE INDEX purge_run_one_active ON purge_run (job_id) WHERE status IN ('queued', 'running');

-- Activity attachments share the content store and its reference counts with knowledge attachments.
CREATE TRIGGER activity_attachment_content AFTER INSERT OR DELETE ON activity_attachment FOR EACH ROW EXECUTE FUNCTION stored_content_follow();
CREATE TRIGGER activity_attachment_content_update AFTER UPDATE OF content_sha256 ON activity_attachment FOR EACH ROW
  WHEN (OLD.content_sha256 IS DISTINCT FROM NEW.content_sha256) EXECUTE FUNCTION stored_content_follow();
