-- CreateTable
CREATE TABLE "queue" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "department_id" BIGINT NOT NULL,
    "state" VARCHAR(16) NOT NULL DEFAULT 'active',
    "channels" TEXT[],
    "max_queue_depth" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "queue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "queue_member_user" (
    "queue_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,

    CONSTRAINT "queue_member_user_pkey" PRIMARY KEY ("queue_id","user_id")
);

-- CreateTable
CREATE TABLE "queue_member_group" (
    "queue_id" BIGINT NOT NULL,
    "group_id" BIGINT NOT NULL,

    CONSTRAINT "queue_member_group_pkey" PRIMARY KEY ("queue_id","group_id")
);

-- CreateTable
CREATE TABLE "entry_point" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(4000),
    "department_id" BIGINT NOT NULL,
    "queue_id" BIGINT NOT NULL,
    "state" VARCHAR(16) NOT NULL DEFAULT 'active',
    "agent_availability_required" BOOLEAN NOT NULL DEFAULT true,
    "hours" JSONB,
    "greeting" VARCHAR(500) NOT NULL DEFAULT 'Thank you for contacting us. An agent will be with you shortly.',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "entry_point_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "interaction_case" (
    "id" BIGSERIAL NOT NULL,
    "department_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "status" VARCHAR(8) NOT NULL DEFAULT 'open',
    "severity" VARCHAR(8) NOT NULL DEFAULT 'medium',
    "subject" VARCHAR(1024) NOT NULL DEFAULT '',
    "owner_id" BIGINT,
    "due_date" TIMESTAMPTZ(3),
    "description" VARCHAR(1024),
    "solution" VARCHAR(1024),
    "originating_channel" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,
    "last_closed_at" TIMESTAMPTZ(3),
    "last_closed_by_id" BIGINT,

    CONSTRAINT "interaction_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_relation" (
    "case_id" BIGINT NOT NULL,
    "related_case_id" BIGINT NOT NULL,

    CONSTRAINT "case_relation_pkey" PRIMARY KEY ("case_id","related_case_id")
);

-- CreateTable
CREATE TABLE "case_attribute_value" (
    "case_id" BIGINT NOT NULL,
    "definition_id" BIGINT NOT NULL,
    "position" SMALLINT NOT NULL,
    "value" VARCHAR(4000) NOT NULL,
    "key" VARCHAR(4000) NOT NULL,
    "is_unique" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "case_attribute_value_pkey" PRIMARY KEY ("case_id","definition_id","position")
);

-- CreateTable
CREATE TABLE "activity" (
    "id" BIGSERIAL NOT NULL,
    "case_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "contact_person_id" BIGINT,
    "contact_point_id" BIGINT,
    "department_id" BIGINT NOT NULL,
    "type" VARCHAR(16) NOT NULL,
    "subtype" VARCHAR(16) NOT NULL,
    "mode" VARCHAR(8) NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "substatus" VARCHAR(32) NOT NULL,
    "assigned_user_id" BIGINT,
    "queue_id" BIGINT,
    "queue_entered_at" TIMESTAMPTZ(3),
    "subject" VARCHAR(1024) NOT NULL DEFAULT '',
    "priority" SMALLINT NOT NULL DEFAULT 5,
    "due_date" TIMESTAMPTZ(3),
    "language" VARCHAR(35) NOT NULL DEFAULT 'en',
    "is_secure" BOOLEAN NOT NULL DEFAULT false,
    "entry_point_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,
    "completed_at" TIMESTAMPTZ(3),
    "completed_by_id" BIGINT,
    "user_last_worked_id" BIGINT,

    CONSTRAINT "activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_content" (
    "activity_id" BIGINT NOT NULL,
    "email_date" TIMESTAMPTZ(3),
    "alias_id" BIGINT,
    "from_address" VARCHAR(320),
    "receiver_address" VARCHAR(320),
    "to_addresses" TEXT[],
    "cc_addresses" TEXT[],
    "bcc_addresses" TEXT[],
    "text" TEXT,
    "html" TEXT,

    CONSTRAINT "activity_content_pkey" PRIMARY KEY ("activity_id")
);

-- CreateTable
CREATE TABLE "activity_attribute_value" (
    "activity_id" BIGINT NOT NULL,
    "definition_id" BIGINT NOT NULL,
    "position" SMALLINT NOT NULL,
    "value" VARCHAR(4000) NOT NULL,
    "key" VARCHAR(4000) NOT NULL,
    "is_unique" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "activity_attribute_value_pkey" PRIMARY KEY ("activity_id","definition_id","position")
);

-- CreateTable
CREATE TABLE "chat_message" (
    "activity_id" BIGINT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "sender_type" VARCHAR(8) NOT NULL,
    "user_id" BIGINT,
    "sender_name" VARCHAR(255),
    "text" TEXT NOT NULL,
    "internal" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "chat_message_pkey" PRIMARY KEY ("activity_id","sequence")
);

-- CreateTable
CREATE TABLE "note" (
    "id" BIGSERIAL NOT NULL,
    "case_id" BIGINT,
    "activity_id" BIGINT,
    "content" VARCHAR(1500) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,

    CONSTRAINT "note_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "queue_department_id_idx" ON "queue"("department_id");

-- CreateIndex
CREATE INDEX "queue_member_user_user_id_idx" ON "queue_member_user"("user_id");

-- CreateIndex
CREATE INDEX "queue_member_group_group_id_idx" ON "queue_member_group"("group_id");

-- CreateIndex
CREATE INDEX "entry_point_department_id_idx" ON "entry_point"("department_id");

-- CreateIndex
CREATE INDEX "entry_point_queue_id_idx" ON "entry_point"("queue_id");

-- CreateIndex
CREATE INDEX "interaction_case_customer_id_id_idx" ON "interaction_case"("customer_id", "id");

-- CreateIndex
CREATE INDEX "interaction_case_status_id_idx" ON "interaction_case"("status", "id");

-- CreateIndex
CREATE INDEX "interaction_case_status_last_modified_at_id_idx" ON "interaction_case"("status", "last_modified_at", "id");

-- CreateIndex
CREATE INDEX "interaction_case_department_id_status_id_idx" ON "interaction_case"("department_id", "status", "id");

-- CreateIndex
CREATE INDEX "interaction_case_owner_id_idx" ON "interaction_case"("owner_id");

-- CreateIndex
CREATE INDEX "interaction_case_last_modified_at_idx" ON "interaction_case"("last_modified_at");

-- CreateIndex
CREATE INDEX "interaction_case_created_at_idx" ON "interaction_case"("created_at");

-- CreateIndex
CREATE INDEX "interaction_case_due_date_idx" ON "interaction_case"("due_date");

-- CreateIndex
CREATE INDEX "interaction_case_last_closed_at_idx" ON "interaction_case"("last_closed_at");

-- CreateIndex
CREATE INDEX "case_relation_related_case_id_idx" ON "case_relation"("related_case_id");

-- CreateIndex
CREATE INDEX "activity_case_id_id_idx" ON "activity"("case_id", "id");

-- CreateIndex
CREATE INDEX "activity_customer_id_id_idx" ON "activity"("customer_id", "id");

-- CreateIndex
CREATE INDEX "activity_queue_id_status_idx" ON "activity"("queue_id", "status");

-- CreateIndex
CREATE INDEX "activity_assigned_user_id_status_idx" ON "activity"("assigned_user_id", "status");

-- CreateIndex
CREATE INDEX "activity_status_type_last_modified_at_id_idx" ON "activity"("status", "type", "last_modified_at", "id");

-- CreateIndex
CREATE INDEX "activity_department_id_status_id_idx" ON "activity"("department_id", "status", "id");

-- CreateIndex
CREATE INDEX "activity_last_modified_at_idx" ON "activity"("last_modified_at");

-- CreateIndex
CREATE INDEX "activity_created_at_idx" ON "activity"("created_at");

-- CreateIndex
CREATE INDEX "activity_completed_at_idx" ON "activity"("completed_at");

-- CreateIndex
CREATE INDEX "activity_entry_point_id_idx" ON "activity"("entry_point_id");

-- CreateIndex
CREATE INDEX "note_case_id_created_at_id_idx" ON "note"("case_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "note_activity_id_created_at_id_idx" ON "note"("activity_id", "created_at", "id");

-- AddForeignKey
ALTER TABLE "queue" ADD CONSTRAINT "queue_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_member_user" ADD CONSTRAINT "queue_member_user_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "queue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_member_user" ADD CONSTRAINT "queue_member_user_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_member_group" ADD CONSTRAINT "queue_member_group_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "queue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_member_group" ADD CONSTRAINT "queue_member_group_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "user_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_point" ADD CONSTRAINT "entry_point_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_point" ADD CONSTRAINT "entry_point_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "queue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interaction_case" ADD CONSTRAINT "interaction_case_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interaction_case" ADD CONSTRAINT "interaction_case_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interaction_case" ADD CONSTRAINT "interaction_case_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_relation" ADD CONSTRAINT "case_relation_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "interaction_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_relation" ADD CONSTRAINT "case_relation_related_case_id_fkey" FOREIGN KEY ("related_case_id") REFERENCES "interaction_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_attribute_value" ADD CONSTRAINT "case_attribute_value_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "interaction_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_attribute_value" ADD CONSTRAINT "case_attribute_value_definition_id_fkey" FOREIGN KEY ("definition_id") REFERENCES "custom_attribute_definition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "interaction_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_contact_person_id_fkey" FOREIGN KEY ("contact_person_id") REFERENCES "contact_person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_contact_point_id_fkey" FOREIGN KEY ("contact_point_id") REFERENCES "contact_point"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_assigned_user_id_fkey" FOREIGN KEY ("assigned_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "queue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_entry_point_id_fkey" FOREIGN KEY ("entry_point_id") REFERENCES "entry_point"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_content" ADD CONSTRAINT "activity_content_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_attribute_value" ADD CONSTRAINT "activity_attribute_value_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_attribute_value" ADD CONSTRAINT "activity_attribute_value_definition_id_fkey" FOREIGN KEY ("definition_id") REFERENCES "custom_attribute_definition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_message" ADD CONSTRAINT "chat_message_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "note" ADD CONSTRAINT "note_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "interaction_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "note" ADD CONSTRAINT "note_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (03 §2.4, 04 §10, 05 §10, 07 §7–§8).
-- Ids of cases, activities and notes start at 1000000.
ALTER SEQUENCE "interaction_case_id_seq" RESTART WITH 1000000;
ALTER SEQUENCE "activity_id_seq" RESTART WITH 1000000;
ALTER SEQUENCE "note_id_seq" RESTART WITH 1000000;

-- Queue names are unique per department and entry point names overall, case-insensitively (07 §7.1, §8).
CREATE UNIQUE INDEX "queue_department_name_key" ON "queue" ("department_id", lower("name"));
CREATE UNIQUE INDEX "entry_point_name_key" ON "entry_point" (lower("name"));

-- A note belongs to a case or to an activity, never both (04 §9).
ALTER TABLE "note" ADD CONSTRAINT "note_owner_check" CHECK (("case_id" IS NULL) <> ("activity_id" IS NULL));

-- Statuses and kinds as the status model defines them (05 §4.1, 04 §2).
ALTER TABLE "activity" ADD CONSTRAINT "activity_status_check" CHECK (
  ("status" = 'open' AND "substatus" IN ('ready_for_inbound_workflow', 'ready_for_outbound_workflow', 'in_workflow'))
  OR ("status" = 'awaiting_assignment' AND "substatus" = 'in_queue')
  OR ("status" = 'assigned' AND "substatus" IN ('new', 'in_progress') AND "assigned_user_id" IS NOT NULL)
  OR ("status" = 'completed' AND "substatus" = 'done'));
ALTER TABLE "interaction_case" ADD CONSTRAINT "interaction_case_status_check" CHECK ("status" IN ('open', 'closed'));

-- Custom attribute values of cases and activities: the indexes of customer_attribute_value (03 §2.7).
CREATE INDEX "case_attribute_value_search" ON "case_attribute_value" ("definition_id", md5("key"), "case_id");
CREATE UNIQUE INDEX "case_attribute_value_unique" ON "case_attribute_value" ("definition_id", md5("key")) WHERE "is_unique";
CREATE INDEX "activity_attribute_value_search" ON "activity_attribute_value" ("definition_id", md5("key"), "activity_id");
CREATE UNIQUE INDEX "activity_attribute_value_unique" ON "activity_attribute_value" ("definition_id", md5("key")) WHERE "is_unique";
CREATE STATISTICS IF NOT EXISTS "case_attribute_value_key_stats" ON "definition_id", (md5("key")) FROM "case_attribute_value";
CREATE STATISTICS IF NOT EXISTS "activity_attribute_value_key_stats" ON "definition_id", (md5("key")) FROM "activity_attribute_value";

-- Open work: waiting activities of a queue by queue-entry time (07 §7.2 oldest waiting, pull order).
CREATE INDEX "activity_waiting" ON "activity" ("queue_id", "queue_entered_at", "id") WHERE "status" = 'awaiting_assignment';
