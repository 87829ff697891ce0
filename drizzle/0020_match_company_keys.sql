CREATE VIEW "public"."company_match_keys" AS (select tenant_id, id, owner_id, team_id, name, domain::text as domain, phones, addresses from companies where tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Hand-added: the company real-time check's blocking indexes (src/matching/company-realtime.ts), read
-- through company_match_keys: same domain, same first phone, same name, same postcode and first word.
CREATE INDEX IF NOT EXISTS "companies_match_domain_idx" ON "companies" ("tenant_id", ("domain"::text));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "companies_match_phone_idx" ON "companies" ("tenant_id", ("phones" -> 0 ->> 'e164'));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "companies_match_name_idx" ON "companies" ("tenant_id", lower("name"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "companies_match_postcode_idx" ON "companies" ("tenant_id", ("addresses" -> 0 ->> 'postalCode'), lower(split_part("name", ' ', 1)));
