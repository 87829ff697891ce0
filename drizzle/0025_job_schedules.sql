CREATE TABLE "job_schedules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"time_of_day" text,
	"time_zone" text,
	"interval_minutes" integer,
	"enabled" boolean DEFAULT true NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_job_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_schedules_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "job_schedules_when_check" CHECK ((time_of_day is not null and time_zone is not null and interval_minutes is null) or (time_of_day is null and time_zone is null and interval_minutes is not null)),
	CONSTRAINT "job_schedules_time_check" CHECK (time_of_day ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "job_schedules_interval_check" CHECK (interval_minutes between 1 and 527040)
);
--> statement-breakpoint
ALTER TABLE "job_schedules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "job_schedules_kind_uq" ON "job_schedules" USING btree ("tenant_id","kind");--> statement-breakpoint
CREATE INDEX "job_schedules_due_idx" ON "job_schedules" USING btree ("next_run_at") WHERE enabled;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "job_schedules" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);