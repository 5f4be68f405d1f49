-- The chat entry points each client application may start conversations on (07 §18 `entryPoints`). Deleting an
-- entry point or an application drops its links.
-- CreateTable
CREATE TABLE "client_application_entry_point" (
    "client_application_id" BIGINT NOT NULL,
    "entry_point_id" BIGINT NOT NULL,

    CONSTRAINT "client_application_entry_point_pkey" PRIMARY KEY ("client_application_id","entry_point_id")
);

-- CreateIndex
CREATE INDEX "client_application_entry_point_entry_point_id_idx" ON "client_application_entry_point"("entry_point_id");

-- AddForeignKey
ALTER TABLE "client_application_entry_point" ADD CONSTRAINT "client_application_entry_point_client_application_id_fkey" FOREIGN KEY ("client_application_id") REFERENCES "client_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_application_entry_point" ADD CONSTRAINT "client_application_entry_point_entry_point_id_fkey" FOREIGN KEY ("entry_point_id") REFERENCES "entry_point"("id") ON DELETE CASCADE ON UPDATE CASCADE;
