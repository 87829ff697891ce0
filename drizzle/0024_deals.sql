CREATE TABLE "deals" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"contact_id" uuid,
	"company_id" uuid,
	"stage" text DEFAULT 'lead' NOT NULL,
	"amount" numeric(18, 2),
	"currency" text,
	"expected_close_on" date,
	"closed_at" timestamp with time zone,
	"lost_reason" text,
	"description" text,
	"campaign_id" uuid,
	"owner_id" uuid,
	"team_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "deals_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "deals_stage_check" CHECK (stage in ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')),
	CONSTRAINT "deals_party_check" CHECK (num_nonnulls(contact_id, company_id) >= 1),
	CONSTRAINT "deals_amount_check" CHECK (amount is null or (amount >= 0 and currency is not null)),
	CONSTRAINT "deals_closed_check" CHECK ((stage in ('won', 'lost')) = (closed_at is not null))
);
--> statement-breakpoint
ALTER TABLE "deals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_contact_id_contacts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_company_id_companies_tenant_id_id_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."companies"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_campaign_id_campaigns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_owner_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_team_id_teams_tenant_id_id_fk" FOREIGN KEY ("tenant_id","team_id") REFERENCES "public"."teams"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deals_name_idx" ON "deals" USING btree ("tenant_id","name","id");--> statement-breakpoint
CREATE INDEX "deals_owner_idx" ON "deals" USING btree ("tenant_id","owner_id");--> statement-breakpoint
CREATE INDEX "deals_contact_idx" ON "deals" USING btree ("tenant_id","contact_id");--> statement-breakpoint
CREATE INDEX "deals_company_idx" ON "deals" USING btree ("tenant_id","company_id");--> statement-breakpoint
CREATE INDEX "deals_campaign_idx" ON "deals" USING btree ("tenant_id","campaign_id");--> statement-breakpoint
CREATE INDEX "deals_stage_closed_idx" ON "deals" USING btree ("tenant_id","stage","closed_at");--> statement-breakpoint
CREATE INDEX "deals_expected_idx" ON "deals" USING btree ("tenant_id","expected_close_on","id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "deals" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);