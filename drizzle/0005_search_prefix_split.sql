-- Search: separate prefix indexes for words and for emails (see src/search/tables.ts).
DROP INDEX "search_terms_prefix_idx";--> statement-breakpoint
CREATE INDEX "search_terms_word_prefix_idx" ON "search_terms" USING btree ("tenant_id","term" text_pattern_ops) WHERE strpos("search_terms"."term", '@') = 0;--> statement-breakpoint
CREATE INDEX "search_terms_email_prefix_idx" ON "search_terms" USING btree ("tenant_id","term" text_pattern_ops) WHERE strpos("search_terms"."term", '@') > 0;--> statement-breakpoint
-- Without statistics on it the planner guesses strpos(term, '@') = 0 holds for 0.5% of terms (it is
-- about half), prices the partial indexes as tiny and scans a whole one. drizzle-kit does not model
-- statistics objects; this one is maintained here.
CREATE STATISTICS "search_terms_email_stat" ON (strpos("term", '@')) FROM "search_terms";
