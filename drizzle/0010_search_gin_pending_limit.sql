-- GIN's pending list is scanned linearly by every search; left at the default 4 MB it made one
-- search at 1M contacts take 30-50 ms in the index alone. 64 kB bounds that scan to a few pages;
-- inserts merge the list into the index more often, which costs them little. (Hand-edited from
-- drizzle-kit's DROP/CREATE so large tables keep their index.)
ALTER INDEX "companies_search_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
ALTER INDEX "contacts_search_idx" SET (gin_pending_list_limit = 64);
