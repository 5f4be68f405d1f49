-- Activity attachment ids come from their own sequence starting at 1000000, like every interaction id (03 §2.4).
-- The sequence only moves forward: a database already past that number keeps its position.
SELECT setval(pg_get_serial_sequence('activity_attachment', 'id'), greatest(999999, (SELECT coalesce(max(id), 0) FROM activity_attachment)));
