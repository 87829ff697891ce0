-- Search: prefix and word-only trigram indexes on the dictionary, and tenant-scoped views that let
-- search use its indexes under row-level security (see src/search/tables.ts).
DROP INDEX "search_terms_trgm_idx";--> statement-breakpoint
CREATE INDEX "search_terms_prefix_idx" ON "search_terms" USING btree ("tenant_id","term" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "search_terms_words_trgm_idx" ON "search_terms" USING gin ("term" gin_trgm_ops) WITH (gin_pending_list_limit=256) WHERE strpos("search_terms"."term", '@') = 0;--> statement-breakpoint
CREATE VIEW "public"."company_search" AS (select tenant_id, id, owner_id, team_id, name, domain::text as domain, industry, search_tokens from companies where tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE VIEW "public"."contact_search" AS (select tenant_id, id, owner_id, team_id, display_name, job_title, primary_email, search_tokens from contacts where tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE VIEW "public"."search_terms_scoped" AS (select tenant_id, term from search_terms where tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);