CREATE TABLE "contact_blocking_keys" (
	"tenant_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"key" text NOT NULL,
	CONSTRAINT "contact_blocking_keys_tenant_id_contact_id_key_pk" PRIMARY KEY("tenant_id","contact_id","key")
);
--> statement-breakpoint
ALTER TABLE "contact_blocking_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "contact_blocking_keys_key_idx" ON "contact_blocking_keys" USING btree ("tenant_id","key","contact_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "contact_blocking_keys" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
-- Hand-written below (drizzle-kit models neither triggers nor data). A deleted contact's blocking
-- keys go with it (no foreign key: see contactBlockingKeys in src/contacts/tables.ts).
CREATE OR REPLACE FUNCTION contact_blocking_keys_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM contact_blocking_keys k USING gone g WHERE k.tenant_id = g.tenant_id AND k.contact_id = g.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER contacts_drop_blocking_keys AFTER DELETE ON contacts REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION contact_blocking_keys_drop();--> statement-breakpoint
-- The real-time check no longer reads contacts' names through these (migration 0014); they cost
-- every contact write an entry each.
DROP INDEX IF EXISTS "contacts_match_family_given_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "contacts_match_family_birth_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "contacts_match_swapped_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "contacts_match_postcode_idx";--> statement-breakpoint
-- Contacts stored before this migration get their keys from the matching.keys job (the keys are
-- worked out in TypeScript), one per tenant that has contacts.
INSERT INTO jobs (tenant_id, id, kind, payload)
  SELECT t.id, gen_random_uuid(), 'matching.keys',
    jsonb_build_object('runAs', jsonb_build_object('principal', jsonb_build_object('userId', '00000000-0000-0000-0000-000000000000', 'role', 'admin', 'teamIds', '[]'::jsonb), 'label', 'migration match_blocking_keys'))
  FROM tenants t WHERE EXISTS (SELECT 1 FROM contacts c WHERE c.tenant_id = t.id);
