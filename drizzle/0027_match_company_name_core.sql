-- Hand-written. The company real-time check (src/matching/company-realtime.ts) blocks on a
-- company's name without its legal form and filler words, as the matching engine compares names
-- (COMPANY_NOISE in src/matching/engine/prepare.ts; the list below is the same): "Acme Ltd",
-- "ACME Limited" and "The Acme Company" all give "acme". Lower case, letters and digits only;
-- the whole name when nothing else is left. One SQL function for the index and the query.
CREATE OR REPLACE FUNCTION company_name_core(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(
  nullif(replace(regexp_replace(regexp_replace(lower(name), '[^[:alnum:]]+', ' ', 'g'),
    '\m(the|ltd|limited|inc|incorporated|llc|llp|plc|co|corp|corporation|company|gmbh|ag|sa|srl|bv|pty|tov|ooo|and|of)\M', '', 'g'), ' ', ''), ''),
  replace(regexp_replace(lower(name), '[^[:alnum:]]+', ' ', 'g'), ' ', ''));--> statement-breakpoint
DROP INDEX IF EXISTS "companies_match_name_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "companies_match_name_core_idx" ON "companies" ("tenant_id", company_name_core("name"));
