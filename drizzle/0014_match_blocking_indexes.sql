-- Index-backed blocking for the real-time duplicate check (src/matching/realtime.ts), read through
-- the contact_match_keys view. Each index serves one blocking rule; email and phone already have
-- theirs (contacts_email_idx, contacts_phone_idx). Hand-written: drizzle-kit does not model them.
CREATE INDEX IF NOT EXISTS "contacts_match_family_given_idx" ON "contacts" ("tenant_id", lower("family_name"), lower(left("given_name", 1)));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_match_family_birth_idx" ON "contacts" ("tenant_id", lower("family_name"), "birth_date");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_match_swapped_idx" ON "contacts" ("tenant_id", lower("given_name"), lower(left("family_name", 1)));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_match_postcode_idx" ON "contacts" ("tenant_id", ("addresses" -> 0 ->> 'postalCode'), lower(left("family_name", 1)));
