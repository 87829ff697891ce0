-- The audit trail is append-only: the app role may only insert, and a trigger refuses any update
-- or delete from anyone (a superuser can still disable it, which `rapport audit verify` detects).
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM rapport_app;--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "tenants" FROM rapport_app;--> statement-breakpoint
CREATE OR REPLACE FUNCTION rapport_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION rapport_audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION rapport_audit_append_only();
