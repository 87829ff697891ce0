CREATE TABLE "compensation_plans" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"team_id" uuid,
	"rules" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "compensation_plans_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "compensation_plans_period" CHECK (period_end >= period_start)
);
--> statement-breakpoint
ALTER TABLE "compensation_plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "compensation_scores" (
	"tenant_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"score" smallint NOT NULL,
	"note" text,
	"scored_by" uuid,
	"scored_at" timestamp with time zone NOT NULL,
	CONSTRAINT "compensation_scores_tenant_id_plan_id_user_id_pk" PRIMARY KEY("tenant_id","plan_id","user_id"),
	CONSTRAINT "compensation_scores_range" CHECK (score between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "compensation_scores" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "compensation_plans" ADD CONSTRAINT "compensation_plans_tenant_id_team_id_teams_tenant_id_id_fk" FOREIGN KEY ("tenant_id","team_id") REFERENCES "public"."teams"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_scores" ADD CONSTRAINT "compensation_scores_tenant_id_plan_id_compensation_plans_tenant_id_id_fk" FOREIGN KEY ("tenant_id","plan_id") REFERENCES "public"."compensation_plans"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_scores" ADD CONSTRAINT "compensation_scores_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "compensation_plans_period_idx" ON "compensation_plans" USING btree ("tenant_id","period_start");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compensation_plans" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compensation_scores" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);