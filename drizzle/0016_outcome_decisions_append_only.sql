-- Outcome decisions and the evidence they link are append-only: the app role may only insert, and
-- a trigger refuses any update or delete from anyone (a correction is a new decision). Account
-- hash keys are insert-only for the app role: a changed key would orphan every stored hash.
REVOKE UPDATE, DELETE, TRUNCATE ON "outcome_decisions" FROM rapport_app;--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "outcome_decision_transactions" FROM rapport_app;--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "account_keys" FROM rapport_app;--> statement-breakpoint
CREATE OR REPLACE FUNCTION rapport_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused): record a correction instead', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER outcome_decisions_append_only BEFORE UPDATE OR DELETE ON "outcome_decisions"
  FOR EACH ROW EXECUTE FUNCTION rapport_decisions_append_only();--> statement-breakpoint
CREATE TRIGGER outcome_decisions_no_truncate BEFORE TRUNCATE ON "outcome_decisions"
  FOR EACH STATEMENT EXECUTE FUNCTION rapport_decisions_append_only();--> statement-breakpoint
CREATE TRIGGER decision_transactions_append_only BEFORE UPDATE OR DELETE ON "outcome_decision_transactions"
  FOR EACH ROW EXECUTE FUNCTION rapport_decisions_append_only();--> statement-breakpoint
CREATE TRIGGER decision_transactions_no_truncate BEFORE TRUNCATE ON "outcome_decision_transactions"
  FOR EACH STATEMENT EXECUTE FUNCTION rapport_decisions_append_only();
