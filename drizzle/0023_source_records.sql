CREATE TABLE "source_records" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid,
	"company_id" uuid,
	"system" text NOT NULL,
	"external_id" text NOT NULL,
	"payload" jsonb,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"provides" text[] DEFAULT '{}'::text[] NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"import_id" uuid,
	"written_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_records_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "source_records_one_owner" CHECK (num_nonnulls(contact_id, company_id) = 1)
);
--> statement-breakpoint
ALTER TABLE "source_records" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "survivorship_settings" (
	"tenant_id" uuid NOT NULL,
	"trusted_systems" text[] DEFAULT '{}'::text[] NOT NULL,
	"rules" text[] NOT NULL,
	"field_rules" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "survivorship_settings_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
ALTER TABLE "survivorship_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "source_records" ADD CONSTRAINT "source_records_tenant_id_contact_id_contacts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_records" ADD CONSTRAINT "source_records_tenant_id_company_id_companies_tenant_id_id_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."companies"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "source_records_uq" ON "source_records" USING btree ("tenant_id","system","external_id");--> statement-breakpoint
CREATE INDEX "source_records_contact_idx" ON "source_records" USING btree ("tenant_id","contact_id");--> statement-breakpoint
CREATE INDEX "source_records_company_idx" ON "source_records" USING btree ("tenant_id","company_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "source_records" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "survivorship_settings" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);