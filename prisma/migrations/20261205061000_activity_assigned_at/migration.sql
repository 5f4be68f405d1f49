-- When an activity last became assigned (05 §4.2: T2, T4, T8, T9, T10, T14), the start of the waiting time of an
-- `assigned` activity for alarm workflows (07 §10.3). Activities assigned before this column existed count from their
-- last change, as the evaluation did until now.
ALTER TABLE "activity" ADD COLUMN "assigned_at" TIMESTAMPTZ(3);
UPDATE "activity" SET "assigned_at" = "last_modified_at" WHERE "status" = 'assigned';
