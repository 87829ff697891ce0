ALTER TABLE "interactions" ADD COLUMN "source_system" text;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "source_external_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "interactions_source_uq" ON "interactions" USING btree ("tenant_id","source_system","source_external_id");--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_source_pair" CHECK ((source_system is null) = (source_external_id is null));