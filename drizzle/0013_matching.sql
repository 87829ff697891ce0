CREATE TABLE "match_candidates" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"entity" text NOT NULL,
	"left_id" uuid NOT NULL,
	"right_id" uuid NOT NULL,
	"probability" double precision NOT NULL,
	"match_weight" double precision NOT NULL,
	"waterfall" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"job_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_candidates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "match_candidates_order" CHECK (left_id < right_id),
	CONSTRAINT "match_candidates_status" CHECK (status in ('open', 'merged', 'not_duplicate', 'dismissed'))
);
--> statement-breakpoint
ALTER TABLE "match_candidates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "match_labels" (
	"tenant_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"left_id" uuid NOT NULL,
	"right_id" uuid NOT NULL,
	"is_match" boolean NOT NULL,
	"candidate_id" uuid,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_labels_tenant_id_entity_left_id_right_id_pk" PRIMARY KEY("tenant_id","entity","left_id","right_id"),
	CONSTRAINT "match_labels_order" CHECK (left_id < right_id)
);
--> statement-breakpoint
ALTER TABLE "match_labels" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "match_models" (
	"tenant_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"settings" jsonb NOT NULL,
	"model" jsonb NOT NULL,
	"records" integer NOT NULL,
	"pairs" integer NOT NULL,
	"labels" integer DEFAULT 0 NOT NULL,
	"job_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_models_tenant_id_entity_pk" PRIMARY KEY("tenant_id","entity")
);
--> statement-breakpoint
ALTER TABLE "match_models" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "merges" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"entity" text NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"candidate_id" uuid,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"lineage" jsonb NOT NULL,
	"merged_row" jsonb NOT NULL,
	"survivor_before" jsonb NOT NULL,
	"survivor_version" integer NOT NULL,
	"moved" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" uuid,
	CONSTRAINT "merges_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "merges" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "match_candidates_pair_uq" ON "match_candidates" USING btree ("tenant_id","entity","left_id","right_id");--> statement-breakpoint
CREATE INDEX "match_candidates_right_idx" ON "match_candidates" USING btree ("tenant_id","entity","right_id");--> statement-breakpoint
CREATE INDEX "match_candidates_queue_idx" ON "match_candidates" USING btree ("tenant_id","entity","status","probability");--> statement-breakpoint
CREATE INDEX "merges_survivor_idx" ON "merges" USING btree ("tenant_id","survivor_id");--> statement-breakpoint
CREATE INDEX "merges_merged_idx" ON "merges" USING btree ("tenant_id","merged_id");--> statement-breakpoint
CREATE VIEW "public"."contact_match_keys" AS (select tenant_id, id, owner_id, team_id, given_name, family_name, primary_email, primary_phone, birth_date, addresses from contacts where tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "match_candidates" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "match_labels" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "match_models" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "merges" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);