-- Hand-written: statistics on the expressions the customer searches compare (03 §9). Without them the planner
-- guesses 0.5 % of the rows for `lower(email_address) = …` (partial expression indexes get no statistics of their
-- own) and may scan the whole customer primary key in id order instead of looking the address up.
CREATE STATISTICS IF NOT EXISTS "contact_point_email_stats" ON (lower("email_address")) FROM "contact_point";
CREATE STATISTICS IF NOT EXISTS "customer_name_lower_stats" ON (lower("customer_name")) FROM "customer";
CREATE STATISTICS IF NOT EXISTS "customer_attribute_value_key_stats" ON "definition_id", (md5("key")) FROM "customer_attribute_value";
