-- AlterTable
ALTER TABLE "contact_person" ADD COLUMN     "date_of_birth" DATE,
ADD COLUMN     "employment_status" VARCHAR(16),
ADD COLUMN     "first_name" VARCHAR(124) NOT NULL DEFAULT '',
ADD COLUMN     "gender" VARCHAR(8),
ADD COLUMN     "has_direct_calling_consent" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "has_direct_mailing_consent" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "has_holding_data_consent" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "identification_type" VARCHAR(32),
ADD COLUMN     "identification_value" VARCHAR(255),
ADD COLUMN     "initials" VARCHAR(16),
ADD COLUMN     "job_title" VARCHAR(255),
ADD COLUMN     "last_name" VARCHAR(124),
ADD COLUMN     "marital_status" VARCHAR(16),
ADD COLUMN     "middle_name" VARCHAR(124),
ADD COLUMN     "occupation" VARCHAR(255),
ADD COLUMN     "removed_at" TIMESTAMPTZ(3),
ADD COLUMN     "salutation" VARCHAR(50),
ADD COLUMN     "spouse_name" VARCHAR(512),
ADD COLUMN     "suffix" VARCHAR(8),
ADD COLUMN     "type" VARCHAR(32);

-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "affiliation" VARCHAR(255),
ADD COLUMN     "amount" VARCHAR(32),
ADD COLUMN     "created_by_id" BIGINT,
ADD COLUMN     "currency" VARCHAR(3),
ADD COLUMN     "customer_name" VARCHAR(400) NOT NULL,
ADD COLUMN     "department_id" BIGINT NOT NULL,
ADD COLUMN     "entitlements" VARCHAR(4000),
ADD COLUMN     "group_type" VARCHAR(32),
ADD COLUMN     "headcount" INTEGER,
ADD COLUMN     "how_referred" VARCHAR(32),
ADD COLUMN     "industry" VARCHAR(64),
ADD COLUMN     "last_modified_by_id" BIGINT,
ADD COLUMN     "level" VARCHAR(32),
ADD COLUMN     "market_segment" VARCHAR(255),
ADD COLUMN     "pin" VARCHAR(255),
ADD COLUMN     "preferred_agent_id" BIGINT,
ADD COLUMN     "region" VARCHAR(32),
ADD COLUMN     "registration_number" VARCHAR(255),
ADD COLUMN     "role" VARCHAR(32),
ADD COLUMN     "type" VARCHAR(16) NOT NULL;

-- CreateTable
CREATE TABLE "contact_point" (
    "id" BIGSERIAL NOT NULL,
    "contact_person_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "priority" SMALLINT NOT NULL DEFAULT 2,
    "email_address" VARCHAR(254),
    "phone_type" VARCHAR(8),
    "country_code" VARCHAR(4),
    "area_code" VARCHAR(10),
    "phone_no" VARCHAR(30),
    "extension" VARCHAR(10),
    "phone_digits" VARCHAR(48),
    "phone_digits_area" VARCHAR(48),
    "phone_digits_full" VARCHAR(48),
    "postal_type" VARCHAR(8),
    "address_1" VARCHAR(255),
    "address_2" VARCHAR(255),
    "city" VARCHAR(124),
    "state" VARCHAR(124),
    "zip" VARCHAR(20),
    "country" VARCHAR(2),
    "url" VARCHAR(2048),
    "social_type" VARCHAR(16),
    "social_id" VARCHAR(255),
    "removed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_point_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "custom_attribute_definition" (
    "id" BIGSERIAL NOT NULL,
    "object_type" VARCHAR(16) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "display_name" VARCHAR(255) NOT NULL,
    "data_type" VARCHAR(16) NOT NULL,
    "max_length" INTEGER,
    "minimum" VARCHAR(64),
    "maximum" VARCHAR(64),
    "enumerated" BOOLEAN NOT NULL DEFAULT false,
    "allowed_values" JSONB,
    "multi_valued" BOOLEAN NOT NULL DEFAULT false,
    "unique" BOOLEAN NOT NULL DEFAULT false,
    "state" VARCHAR(16) NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" BIGINT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_by_id" BIGINT,

    CONSTRAINT "custom_attribute_definition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_attribute_value" (
    "customer_id" BIGINT NOT NULL,
    "definition_id" BIGINT NOT NULL,
    "position" SMALLINT NOT NULL,
    "value" VARCHAR(4000) NOT NULL,
    "key" VARCHAR(4000) NOT NULL,
    "is_unique" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "customer_attribute_value_pkey" PRIMARY KEY ("customer_id","definition_id","position")
);

-- CreateTable
CREATE TABLE "customer_grant" (
    "grantor_id" BIGINT NOT NULL,
    "grantee_id" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_grant_pkey" PRIMARY KEY ("grantor_id","grantee_id")
);

-- CreateIndex
CREATE INDEX "contact_point_contact_person_id_idx" ON "contact_point"("contact_person_id");

-- CreateIndex
CREATE INDEX "contact_point_customer_id_idx" ON "contact_point"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "custom_attribute_definition_object_type_name_key" ON "custom_attribute_definition"("object_type", "name");

-- CreateIndex
CREATE INDEX "customer_grant_grantee_id_idx" ON "customer_grant"("grantee_id");

-- CreateIndex
CREATE INDEX "customer_department_id_idx" ON "customer"("department_id");

-- CreateIndex
CREATE INDEX "customer_created_at_idx" ON "customer"("created_at");

-- CreateIndex
CREATE INDEX "customer_last_modified_at_idx" ON "customer"("last_modified_at");

-- AddForeignKey
ALTER TABLE "customer" ADD CONSTRAINT "customer_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer" ADD CONSTRAINT "customer_preferred_agent_id_fkey" FOREIGN KEY ("preferred_agent_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_point" ADD CONSTRAINT "contact_point_contact_person_id_fkey" FOREIGN KEY ("contact_person_id") REFERENCES "contact_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_point" ADD CONSTRAINT "contact_point_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_attribute_value" ADD CONSTRAINT "customer_attribute_value_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_attribute_value" ADD CONSTRAINT "customer_attribute_value_definition_id_fkey" FOREIGN KEY ("definition_id") REFERENCES "custom_attribute_definition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_grant" ADD CONSTRAINT "customer_grant_grantor_id_fkey" FOREIGN KEY ("grantor_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_grant" ADD CONSTRAINT "customer_grant_grantee_id_fkey" FOREIGN KEY ("grantee_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (03 §2.4, §2.7, §9). Ids start at 1000000; the contact point sequence is new here.
ALTER SEQUENCE "contact_point_id_seq" RESTART WITH 1000000;

-- Email search: lower-cased address of non-removed email contact points, with the customer for an index-only join.
CREATE INDEX "contact_point_email" ON "contact_point" (lower("email_address"), "customer_id")
  WHERE "kind" = 'email' AND "removed_at" IS NULL;
-- Phone search: digits of phoneNo, areaCode+phoneNo and countryCode+areaCode+phoneNo.
CREATE INDEX "contact_point_phone_digits" ON "contact_point" ("phone_digits", "customer_id")
  WHERE "kind" = 'phone' AND "removed_at" IS NULL;
CREATE INDEX "contact_point_phone_digits_area" ON "contact_point" ("phone_digits_area", "customer_id")
  WHERE "kind" = 'phone' AND "removed_at" IS NULL;
CREATE INDEX "contact_point_phone_digits_full" ON "contact_point" ("phone_digits_full", "customer_id")
  WHERE "kind" = 'phone' AND "removed_at" IS NULL;

-- customerName search (exact, case-insensitive) and sort.
CREATE INDEX "customer_name_lower" ON "customer" (lower("customer_name"), "id");

-- custom.<name>=<value>: an index lookup on (definition, value); md5 because a value (≤ 4000 characters) may
-- exceed what a btree entry holds. The partial unique index enforces `unique` definitions in the database.
CREATE INDEX "customer_attribute_value_search" ON "customer_attribute_value" ("definition_id", md5("key"), "customer_id");
CREATE UNIQUE INDEX "customer_attribute_value_unique" ON "customer_attribute_value" ("definition_id", md5("key"))
  WHERE "is_unique";
-- (Deleting a definition checks for stored values through the search index, whose first column is the definition.)

CREATE INDEX "customer_preferred_agent_id_idx" ON "customer" ("preferred_agent_id") WHERE "preferred_agent_id" IS NOT NULL;
