CREATE TABLE "cadence_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"counts" jsonb NOT NULL,
	"created_by" uuid,
	CONSTRAINT "cadence_runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "cadence_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "cadence_runs_finished_idx" ON "cadence_runs" USING btree ("tenant_id","finished_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cadence_runs" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);