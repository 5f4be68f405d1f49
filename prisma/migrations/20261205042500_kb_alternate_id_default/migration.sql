-- The default alternate id is 'EG' || id (06 §3.1), but a client may already have given that value to another
-- article (EG<n> is a valid alternate id): then the default takes the first free '_<k>' suffix instead of failing.
CREATE OR REPLACE FUNCTION kb_article_alternate_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  candidate text;
  k int := 1;
BEGIN
  IF NEW.alternate_id IS NULL OR NEW.alternate_id = '' THEN
    candidate := 'EG' || NEW.id;
    WHILE EXISTS (SELECT 1 FROM kb_article WHERE lower(alternate_id) = lower(candidate)) LOOP
      k := k + 1;
      candidate := 'EG' || NEW.id || '_' || k;
    END LOOP;
    NEW.alternate_id := candidate;
  END IF;
  RETURN NEW;
END $$;
