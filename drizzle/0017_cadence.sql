CREATE TABLE "cadence_policies" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_value" text,
	"kinds" text[],
	"min_interval_days" integer,
	"max_interval_days" integer,
	"effective_from" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cadence_policies_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "cadence_policies_scope" CHECK (scope_kind in ('all', 'tier', 'segment', 'relationship') and (scope_kind = 'all') = (scope_value is null)),
	CONSTRAINT "cadence_policies_interval" CHECK (num_nonnulls(min_interval_days, max_interval_days) > 0
      and coalesce(min_interval_days, 1) >= 1 and coalesce(max_interval_days, 1) >= 1
      and (min_interval_days is null or max_interval_days is null or min_interval_days <= max_interval_days))
);
--> statement-breakpoint
ALTER TABLE "cadence_policies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cadence_statuses" (
	"tenant_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"owner_id" uuid,
	"team_id" uuid,
	"status" text NOT NULL,
	"time_zone" text NOT NULL,
	"last_contact_at" timestamp with time zone,
	"recent_contacts" integer DEFAULT 0 NOT NULL,
	"due_on" date,
	"task_id" uuid,
	"run_id" uuid NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cadence_statuses_tenant_id_policy_id_contact_id_pk" PRIMARY KEY("tenant_id","policy_id","contact_id"),
	CONSTRAINT "cadence_statuses_status" CHECK (status in ('ok', 'overdue', 'over_contacted', 'inactive'))
);
--> statement-breakpoint
ALTER TABLE "cadence_statuses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "cadence_statuses" ADD CONSTRAINT "cadence_statuses_tenant_id_policy_id_cadence_policies_tenant_id_id_fk" FOREIGN KEY ("tenant_id","policy_id") REFERENCES "public"."cadence_policies"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadence_statuses" ADD CONSTRAINT "cadence_statuses_tenant_id_contact_id_contacts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cadence_statuses_contact_idx" ON "cadence_statuses" USING btree ("tenant_id","contact_id");--> statement-breakpoint
CREATE INDEX "cadence_statuses_owner_idx" ON "cadence_statuses" USING btree ("tenant_id","owner_id","status");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cadence_policies" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cadence_statuses" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);