CREATE TABLE "duplicate_suspects" (
	"tenant_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"record_id" uuid NOT NULL,
	"other_id" uuid NOT NULL,
	"score" real,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplicate_suspects_tenant_id_entity_record_id_other_id_pk" PRIMARY KEY("tenant_id","entity","record_id","other_id")
);
--> statement-breakpoint
ALTER TABLE "duplicate_suspects" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "duplicate_suspects_other_idx" ON "duplicate_suspects" USING btree ("tenant_id","entity","other_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "duplicate_suspects" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);