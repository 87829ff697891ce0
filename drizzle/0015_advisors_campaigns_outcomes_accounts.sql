CREATE TABLE "campaign_costs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"description" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"currency" text NOT NULL,
	"incurred_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_costs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "campaign_costs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "campaign_touches" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"touched_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_touches_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "campaign_touches_kind_check" CHECK (kind in ('invited', 'attended', 'responded', 'referred', 'clicked', 'mailed'))
);
--> statement-breakpoint
ALTER TABLE "campaign_touches" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "campaigns" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"parent_id" uuid,
	"description" text,
	"starts_on" date,
	"ends_on" date,
	"budget" numeric(18, 2),
	"currency" text,
	"attribution_window_days" integer DEFAULT 90 NOT NULL,
	"owner_id" uuid,
	"team_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "campaigns_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "campaigns_type_check" CHECK (type in ('programme', 'sponsorship', 'event', 'advertising', 'email', 'direct_mail', 'referral_programme')),
	CONSTRAINT "campaigns_window_check" CHECK (attribution_window_days between 0 and 3650),
	CONSTRAINT "campaigns_dates_check" CHECK (ends_on is null or starts_on is null or ends_on >= starts_on)
);
--> statement-breakpoint
ALTER TABLE "campaigns" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "account_keys" (
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_keys_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
ALTER TABLE "account_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "account_owners" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"contact_id" uuid,
	"household_id" uuid,
	"role" text DEFAULT 'owner' NOT NULL,
	CONSTRAINT "account_owners_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "account_owners_one_party" CHECK (num_nonnulls(contact_id, household_id) = 1)
);
--> statement-breakpoint
ALTER TABLE "account_owners" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "accounts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"number_masked" text NOT NULL,
	"number_hash" text NOT NULL,
	"name" text,
	"kind" text,
	"custodian" text,
	"currency" text,
	"opened_on" date,
	"closed_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "accounts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "transactions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"currency" text NOT NULL,
	"booked_on" date NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transactions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "transactions_kind_check" CHECK (kind in ('deposit', 'withdrawal', 'transfer_in', 'transfer_out')),
	CONSTRAINT "transactions_amount_check" CHECK (amount > 0)
);
--> statement-breakpoint
ALTER TABLE "transactions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "outcome_decision_transactions" (
	"tenant_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	CONSTRAINT "outcome_decision_transactions_tenant_id_decision_id_transaction_id_pk" PRIMARY KEY("tenant_id","decision_id","transaction_id")
);
--> statement-breakpoint
ALTER TABLE "outcome_decision_transactions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "outcome_decisions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"outcome_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"status" text NOT NULL,
	"amount_verified" numeric(18, 2),
	"reason" text,
	"evidence" text,
	"corrects_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outcome_decisions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "outcome_decisions_status_check" CHECK (status in ('claimed', 'verified', 'partially_verified', 'rejected', 'lapsed')),
	CONSTRAINT "outcome_decisions_reason_check" CHECK (status <> 'rejected' or reason is not null),
	CONSTRAINT "outcome_decisions_partial_check" CHECK (status <> 'partially_verified' or amount_verified is not null)
);
--> statement-breakpoint
ALTER TABLE "outcome_decisions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "outcomes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"interaction_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"amount" numeric(18, 2),
	"currency" text,
	"target_account_id" uuid,
	"pledge_id" uuid,
	"ib_type" text,
	"expected_fee" numeric(18, 2),
	"campaign_id" uuid,
	"notes" text,
	"claimed_by" uuid NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"owner_id" uuid,
	"team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcomes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "outcomes_kind_check" CHECK (kind in ('assets_pledged', 'assets_deposited', 'account_opened', 'ib_engagement', 'revenue')),
	CONSTRAINT "outcomes_amount_check" CHECK (amount is null or amount > 0)
);
--> statement-breakpoint
ALTER TABLE "outcomes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "manager_id" uuid;--> statement-breakpoint
ALTER TABLE "campaign_costs" ADD CONSTRAINT "campaign_costs_tenant_id_campaign_id_campaigns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_touches" ADD CONSTRAINT "campaign_touches_tenant_id_campaign_id_campaigns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_touches" ADD CONSTRAINT "campaign_touches_tenant_id_contact_id_contacts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_tenant_id_parent_id_campaigns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_tenant_id_owner_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_tenant_id_team_id_teams_tenant_id_id_fk" FOREIGN KEY ("tenant_id","team_id") REFERENCES "public"."teams"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_owners" ADD CONSTRAINT "account_owners_tenant_id_account_id_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_owners" ADD CONSTRAINT "account_owners_tenant_id_contact_id_contacts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_owners" ADD CONSTRAINT "account_owners_tenant_id_household_id_households_tenant_id_id_fk" FOREIGN KEY ("tenant_id","household_id") REFERENCES "public"."households"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_tenant_id_account_id_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_decision_transactions" ADD CONSTRAINT "outcome_decision_transactions_tenant_id_decision_id_outcome_decisions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","decision_id") REFERENCES "public"."outcome_decisions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_decision_transactions" ADD CONSTRAINT "outcome_decision_transactions_tenant_id_transaction_id_transactions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","transaction_id") REFERENCES "public"."transactions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_decisions" ADD CONSTRAINT "outcome_decisions_tenant_id_outcome_id_outcomes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","outcome_id") REFERENCES "public"."outcomes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_decisions" ADD CONSTRAINT "outcome_decisions_tenant_id_corrects_id_outcome_decisions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","corrects_id") REFERENCES "public"."outcome_decisions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_decisions" ADD CONSTRAINT "outcome_decisions_tenant_id_decided_by_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","decided_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_tenant_id_interaction_id_interactions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","interaction_id") REFERENCES "public"."interactions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_tenant_id_target_account_id_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","target_account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_tenant_id_pledge_id_outcomes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pledge_id") REFERENCES "public"."outcomes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_tenant_id_campaign_id_campaigns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_tenant_id_claimed_by_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","claimed_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_costs_campaign_idx" ON "campaign_costs" USING btree ("tenant_id","campaign_id");--> statement-breakpoint
CREATE INDEX "campaign_touches_contact_idx" ON "campaign_touches" USING btree ("tenant_id","contact_id","touched_at");--> statement-breakpoint
CREATE INDEX "campaign_touches_campaign_idx" ON "campaign_touches" USING btree ("tenant_id","campaign_id");--> statement-breakpoint
CREATE INDEX "campaigns_parent_idx" ON "campaigns" USING btree ("tenant_id","parent_id");--> statement-breakpoint
CREATE INDEX "campaigns_starts_idx" ON "campaigns" USING btree ("tenant_id","starts_on","id");--> statement-breakpoint
CREATE INDEX "account_owners_account_idx" ON "account_owners" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE INDEX "account_owners_contact_idx" ON "account_owners" USING btree ("tenant_id","contact_id");--> statement-breakpoint
CREATE INDEX "account_owners_household_idx" ON "account_owners" USING btree ("tenant_id","household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_external_uq" ON "accounts" USING btree ("tenant_id","external_id");--> statement-breakpoint
CREATE INDEX "accounts_hash_idx" ON "accounts" USING btree ("tenant_id","number_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_external_uq" ON "transactions" USING btree ("tenant_id","external_id");--> statement-breakpoint
CREATE INDEX "transactions_account_booked_idx" ON "transactions" USING btree ("tenant_id","account_id","booked_on");--> statement-breakpoint
CREATE INDEX "decision_transactions_tx_idx" ON "outcome_decision_transactions" USING btree ("tenant_id","transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_decisions_seq_uq" ON "outcome_decisions" USING btree ("tenant_id","outcome_id","seq");--> statement-breakpoint
CREATE INDEX "outcomes_interaction_idx" ON "outcomes" USING btree ("tenant_id","interaction_id");--> statement-breakpoint
CREATE INDEX "outcomes_contact_idx" ON "outcomes" USING btree ("tenant_id","contact_id");--> statement-breakpoint
CREATE INDEX "outcomes_claimed_idx" ON "outcomes" USING btree ("tenant_id","claimed_at","id");--> statement-breakpoint
CREATE INDEX "outcomes_pledge_idx" ON "outcomes" USING btree ("tenant_id","pledge_id");--> statement-breakpoint
CREATE INDEX "outcomes_campaign_idx" ON "outcomes" USING btree ("tenant_id","campaign_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_manager_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","manager_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_tenant_id_campaign_id_campaigns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_manager_idx" ON "users" USING btree ("tenant_id","manager_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "campaign_costs" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "campaign_touches" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "campaigns" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "account_keys" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "account_owners" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "accounts" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "transactions" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "outcome_decision_transactions" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "outcome_decisions" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "outcomes" AS PERMISSIVE FOR ALL TO "rapport_app" USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);