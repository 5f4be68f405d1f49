-- CreateTable
CREATE TABLE "case_count" (
    "id" BIGSERIAL NOT NULL,
    "department_id" BIGINT NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "n" BIGINT NOT NULL,

    CONSTRAINT "case_count_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "case_count_status_department_id_idx" ON "case_count"("status", "department_id");

-- Hand-written: the counter rows follow every insert, status or department change and delete of a case.
CREATE FUNCTION case_count_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO case_count (department_id, status, n) VALUES (OLD.department_id, OLD.status, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO case_count (department_id, status, n) VALUES (NEW.department_id, NEW.status, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER case_count_insert_delete AFTER INSERT OR DELETE ON interaction_case FOR EACH ROW EXECUTE FUNCTION case_count_follow();
CREATE TRIGGER case_count_update AFTER UPDATE OF status, department_id ON interaction_case FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.department_id IS DISTINCT FROM NEW.department_id) EXECUTE FUNCTION case_count_follow();
INSERT INTO case_count (department_id, status, n) SELECT department_id, status, count(*) FROM interaction_case GROUP BY department_id, status;

-- Open activities of a queue (`status=open&queue=…`, queue deletes): index-only, in id order.
CREATE INDEX "activity_open_by_queue" ON "activity" ("queue_id", "id") WHERE "status" <> 'completed';
