-- CreateTable
CREATE TABLE "customer" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_person" (
    "id" BIGSERIAL NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "login_id" VARCHAR(255),
    "password_hash" VARCHAR(255),
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "first_failure_at" TIMESTAMPTZ(3),
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_person_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contact_person_customer_id_idx" ON "contact_person"("customer_id");

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_contact_person_id_fkey" FOREIGN KEY ("contact_person_id") REFERENCES "contact_person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_person" ADD CONSTRAINT "contact_person_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: ids start at 1000000 (03 §2.4); login ids are unique case-insensitively (03 §4.2).
ALTER SEQUENCE "customer_id_seq" RESTART WITH 1000000;
ALTER SEQUENCE "contact_person_id_seq" RESTART WITH 1000000;
CREATE UNIQUE INDEX "contact_person_login_id_key" ON "contact_person" (lower("login_id")) WHERE "login_id" IS NOT NULL;
